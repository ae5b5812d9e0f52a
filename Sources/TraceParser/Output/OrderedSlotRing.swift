import Dispatch

/// A fixed ring of work slots that the calling thread fills in order, that worker threads
/// process concurrently, and whose results the calling thread takes back in the same order:
/// chunk k's output is written before chunk k+1's, whichever worker finished first.
///
///     var ring = OrderedSlotRing(slots)
///     while true {
///         let slot = try ring.acquire { try write($0) }   // waits for the slot's last job
///         guard fill(slot) else { break }
///         ring.launch { process(slot) }
///     }
///     try ring.drain { try write($0) }
///
/// Memory stays bounded by the slots: at most `slots.count` chunks are in flight. A slot is
/// touched by one thread at a time: the worker between `launch` and its end, the caller
/// otherwise (the semaphore orders the two).
struct OrderedSlotRing<Slot: AnyObject> {
    let slots: [Slot]
    private let done: [DispatchSemaphore]
    private var busy: [Bool]
    private var current = 0

    init(_ slots: [Slot]) {
        precondition(!slots.isEmpty)
        self.slots = slots
        done = slots.map { _ in DispatchSemaphore(value: 0) }
        busy = slots.map { _ in false }
    }

    /// The next slot in order, once its previous job ended and `finish` took its result.
    mutating func acquire(_ finish: (Slot) throws -> Void) rethrows -> Slot {
        try settle(current, finish)
        return slots[current]
    }

    /// Runs `work` on the slot `acquire` returned, on a worker thread, and moves to the next slot.
    mutating func launch(_ work: @escaping @Sendable () -> Void) {
        busy[current] = true
        let signal = UnsafeSendable(done[current])
        DispatchQueue.global().async {
            work()
            signal.value.signal()
        }
        current = (current + 1) % slots.count
    }

    /// Takes every outstanding result, oldest first.
    mutating func drain(_ finish: (Slot) throws -> Void) rethrows {
        for k in 0..<slots.count {
            try settle((current + k) % slots.count, finish)
        }
    }

    /// Waits for every outstanding job without taking its result (the output has closed, or
    /// an error ends the run).
    mutating func cancel() {
        drain { _ in }
    }

    private mutating func settle(_ i: Int, _ finish: (Slot) throws -> Void) rethrows {
        guard busy[i] else { return }
        done[i].wait()
        busy[i] = false
        try finish(slots[i])
    }
}
