import Dispatch

/// Reads another source's events on a second thread, a batch ahead, so that reading and
/// decoding overlap with whatever the caller does with each event (formatting, analysis):
/// on two cores the slower of the two sets the time, not their sum.
///
///     let source = PrefetchingSource(try TraceFile.open(path))
///     while let e = try source.next() { ... }    // the same events, in the same order
///
/// Memory stays bounded: at most `depth` batches of `batchSize` events wait. `diagnostics`
/// and `progress` are those of the last batch handed over (the final ones once `next()` has
/// returned nil). `summarize` before the first `next()` goes straight to the wrapped source.
public final class PrefetchingSource: TraceEventSource {
    public let inputFormat: InputFormat
    let inner: any TraceEventSource
    let batchSize: Int
    let channel: BatchChannel
    var started = false
    var batch: [TraceEvent] = []
    var index = 0
    var ended = false
    var pendingError: TraceError?
    var lastDiagnostics: TraceDiagnostics
    var lastProgress: (done: Int, total: Int?)

    /// One hand-over from the reading thread: events, the reader's state after them, and the
    /// error that ended the read, if one did.
    struct Batch: Sendable {
        var events: [TraceEvent]
        var diagnostics: TraceDiagnostics
        var progress: (done: Int, total: Int?)
        var error: TraceError?
        var isLast: Bool
    }

    public init(_ inner: any TraceEventSource, batchSize: Int = 2048, depth: Int = 4) {
        self.inner = inner
        self.inputFormat = inner.inputFormat
        self.batchSize = max(1, batchSize)
        channel = BatchChannel(depth: max(1, depth))
        lastDiagnostics = inner.diagnostics
        lastProgress = inner.progress
    }

    deinit { channel.cancel() }

    public var diagnostics: TraceDiagnostics { started ? lastDiagnostics : inner.diagnostics }
    public var progress: (done: Int, total: Int?) { started ? lastProgress : inner.progress }

    public func next() throws(TraceError) -> TraceEvent? {
        if index < batch.count {
            index += 1
            return batch[index - 1]
        }
        if let error = pendingError {
            pendingError = nil
            throw error
        }
        if !started { start() }
        while !ended {
            let b = channel.receive()
            lastDiagnostics = b.diagnostics
            lastProgress = b.progress
            ended = b.isLast
            pendingError = b.error   // thrown after the batch's events, as the reader would
            if !b.events.isEmpty {
                // The spent batch goes back to the reading thread, which empties and refills it:
                // its events' storage is freed by the thread that allocated it (no contention on
                // that thread's malloc arena) and the batch's own buffer is not allocated anew.
                var spent = b.events
                swap(&spent, &batch)
                channel.giveBack(spent)
                index = 1
                return batch[0]
            }
            if let error = pendingError {
                pendingError = nil
                throw error
            }
        }
        batch = []
        index = 0
        return nil
    }

    /// The events `next()` would return next, as many as the current batch holds (empty at
    /// the end), for a consumer that reads them in place instead of copying each 152-byte
    /// event out of `next()`. Errors come as `next()` throws them: after the events before them.
    public func nextBatch() throws(TraceError) -> ArraySlice<TraceEvent> {
        if index >= batch.count {
            guard try next() != nil else { return [] }
            index = 0   // `next()` loaded a batch and handed out its first event: hand it out again
        }
        defer { index = batch.count }
        return batch[index...]
    }

    public func summarize(progress: (Int) -> Void) throws(TraceError) -> TraceSummary {
        precondition(!started, "PrefetchingSource.summarize after next()")
        return try inner.summarize(progress: progress)
    }

    /// Starts the reading thread.
    func start() {
        started = true
        let inner = UnsafeSendable(inner)   // used by the reading thread alone from here on
        let channel = self.channel
        let size = batchSize
        DispatchQueue.global().async {
            let source = inner.value
            var events: [TraceEvent] = []
            events.reserveCapacity(size)
            // Checked once a batch: the receiver may stop reading at any batch.
            while !channel.isCancelled {
                do throws(TraceError) {
                    try source.refill(&events, limit: size)
                } catch {
                    channel.send(Batch(events: events, diagnostics: source.diagnostics, progress: source.progress, error: error, isLast: true))
                    return
                }
                let isLast = events.count < size
                channel.send(Batch(events: events, diagnostics: source.diagnostics, progress: source.progress, error: nil, isLast: isLast))
                if isLast { return }
                // A spent batch to refill in place, else a new one.
                events = channel.takeBack() ?? []
                events.reserveCapacity(size)
            }
            channel.send(Batch(events: [], diagnostics: source.diagnostics, progress: source.progress, error: nil, isLast: true))
        }
    }
}

/// A bounded first-in first-out hand-over of batches between two threads.
final class BatchChannel: @unchecked Sendable {
    private var queue: [PrefetchingSource.Batch] = []
    /// Spent batches on their way back to the sender (`giveBack`, `takeBack`).
    private var returned: [[TraceEvent]] = []
    private let lock = DispatchSemaphore(value: 1)
    private let free: DispatchSemaphore
    private let filled = DispatchSemaphore(value: 0)
    private var cancelled = false
    private let depth: Int

    init(depth: Int) {
        self.depth = depth
        free = DispatchSemaphore(value: depth)
    }

    var isCancelled: Bool {
        lock.wait(); defer { lock.signal() }
        return cancelled
    }

    /// Waits for room, then queues `batch` (dropped if the reader has gone).
    func send(_ batch: PrefetchingSource.Batch) {
        free.wait()
        lock.wait()
        if !cancelled { queue.append(batch) }
        lock.signal()
        filled.signal()
    }

    /// A batch the receiver is done with, for the sender to refill (`takeBack`); dropped
    /// when `depth` + 1 already wait or the receiver has gone.
    func giveBack(_ events: [TraceEvent]) {
        lock.wait()
        if !cancelled && returned.count <= depth { returned.append(events) }
        lock.signal()
    }

    /// A batch given back, if one waits (never waits for one).
    func takeBack() -> [TraceEvent]? {
        lock.wait(); defer { lock.signal() }
        return returned.popLast()
    }

    /// Waits for the next batch.
    func receive() -> PrefetchingSource.Batch {
        filled.wait()
        lock.wait()
        let b = queue.removeFirst()   // at most `depth` batches wait: cheap
        lock.signal()
        free.signal()
        return b
    }

    /// The receiver is gone: unblock the sender and let it stop.
    func cancel() {
        lock.wait()
        cancelled = true
        queue.removeAll()
        returned.removeAll()
        lock.signal()
        for _ in 0..<depth + 1 { free.signal() }
    }
}
