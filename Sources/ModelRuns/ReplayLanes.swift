import Foundation
import ReferenceFS
import TraceParser

/// Several replays of one capture, each on its own thread, fed the same batches of events:
/// `model` runs three models over one read of the capture, and on two cores they need not
/// take turns. Each replayer sees every event it is sent, in order, exactly as if
/// `Replayer.consume` were called on it in a loop, so the results are the same; only the
/// models' work is spread over the cores.
///
///     let lanes = ReplayLanes([bufferHead, iomap])
///     lanes.send(events)            // [TraceEvent], shared (not copied) by every lane
///     let results = lanes.finish()  // ReplayResult per replayer, in the order given
///
/// Memory stays bounded: `send` waits while a lane has `depth` batches still to replay.
public final class ReplayLanes: Sendable {
    private let lanes: [Lane]

    public init(_ replayers: [Replayer], depth: Int = 8) {
        lanes = replayers.map { Lane(replayer: $0, depth: max(1, depth)) }
        for lane in lanes {
            let thread = Thread { lane.run() }
            thread.stackSize = 16 << 20   // the model's recursion (extent trees) as on the main thread
            thread.start()
        }
    }

    /// Hands `events` to every lane (waiting for room in a lane that is behind).
    public func send(_ events: [TraceEvent]) {
        guard !events.isEmpty else { return }
        for lane in lanes { lane.put(events) }
    }

    /// Lets every lane replay what it was sent, then finish (`Replayer.finish`); returns the
    /// results in the order the replayers were given.
    public func finish() -> [ReplayResult] {
        for lane in lanes { lane.close() }
        return lanes.map { $0.waitForResult() }
    }
}

/// One replayer and the batches waiting for it. The replayer is touched only by the lane's
/// own thread; the queue and the result only under `condition`.
private final class Lane: @unchecked Sendable {
    private var replayer: Replayer
    private let depth: Int
    private let condition = NSCondition()
    private var queue: [[TraceEvent]] = []
    private var head = 0
    private var closed = false
    private var result: ReplayResult?

    init(replayer: Replayer, depth: Int) {
        self.replayer = replayer
        self.depth = depth
    }

    func put(_ events: [TraceEvent]) {
        condition.lock()
        while queue.count - head >= depth { condition.wait() }
        queue.append(events)
        condition.broadcast()
        condition.unlock()
    }

    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch, or nil once the lane is closed and drained.
    private func take() -> [TraceEvent]? {
        condition.lock()
        defer { condition.unlock() }
        while head == queue.count, !closed { condition.wait() }
        guard head < queue.count else { return nil }
        let events = queue[head]
        queue[head] = []
        head += 1
        if head == queue.count { queue.removeAll(keepingCapacity: true); head = 0 }
        condition.broadcast()
        return events
    }

    /// The lane's thread: replays every batch, then finishes the replay.
    func run() {
        while let events = take() {
            events.withUnsafeBufferPointer { batch in
                for i in batch.indices { replayer.consume(batch[i]) }
            }
        }
        let finished = replayer.finish()
        condition.lock()
        result = finished
        condition.broadcast()
        condition.unlock()
    }

    func waitForResult() -> ReplayResult {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let result { return result }
            condition.wait()
        }
    }
}
