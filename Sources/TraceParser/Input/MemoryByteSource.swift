/// Bytes already in memory, read like a file: for fuzzing and for tests built from strings.
public final class MemoryByteSource: ByteSource {
    let bytes: [UInt8]
    var position = 0
    public let path: String

    public init(_ bytes: [UInt8], path: String = "<memory>") {
        self.bytes = bytes
        self.path = path
    }

    public var bytesConsumed: Int { position }
    public var fileSize: Int? { bytes.count }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(TraceError) -> Int {
        let n = min(buffer.count, bytes.count - position)
        guard n > 0, let base = buffer.baseAddress else { return 0 }
        bytes.withUnsafeBytes { src in
            base.copyMemory(from: src.baseAddress! + position, byteCount: n)
        }
        position += n
        return n
    }
}
