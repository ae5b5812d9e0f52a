/// One chunk of a larger input, held in memory and read like a file, refilled chunk after
/// chunk (`TextTraceReader.formatInParallel` gives each worker one). Reports the whole input's
/// path for messages.
final class ChunkByteSource: ByteSource {
    let storage: UnsafeMutableRawBufferPointer
    var count = 0
    var position = 0
    let path: String

    init(capacity: Int, path: String) {
        storage = .allocate(byteCount: capacity, alignment: 64)
        self.path = path
    }

    deinit { storage.deallocate() }

    var bytesConsumed: Int { position }
    var fileSize: Int? { count }

    /// Starts reading the `count` bytes now in `storage` from their first.
    func rewind(count: Int) {
        self.count = count
        position = 0
    }

    /// The unread bytes, handed out in place and counted as read (for `LineReader.restart(lending:)`).
    func lendRest() -> UnsafeBufferPointer<UInt8> {
        guard let base = storage.baseAddress, position < count else { return UnsafeBufferPointer(start: nil, count: 0) }
        let rest = UnsafeBufferPointer(start: (base + position).assumingMemoryBound(to: UInt8.self), count: count - position)
        position = count
        return rest
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(TraceError) -> Int {
        let n = min(buffer.count, count - position)
        guard n > 0, let to = buffer.baseAddress, let from = storage.baseAddress else { return 0 }
        to.copyMemory(from: from + position, byteCount: n)
        position += n
        return n
    }
}
