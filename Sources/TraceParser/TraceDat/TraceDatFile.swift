/// A trace.dat opened for reading at offsets. Every size and offset read from the file is
/// checked against the file's size here, before a buffer is allocated for it.
final class TraceDatFile {
    let path: String
    let source: FileByteSource
    let size: Int
    /// The byte order of the file's numbers, set once its header is read.
    var bigEndianData = false

    init(path: String) throws(TraceError) {
        self.path = path
        source = try FileByteSource(path: path)
        guard let size = source.fileSize else {
            throw TraceError(.unsupported, file: path, "trace.dat input must be a regular file (it is read at offsets)")
        }
        self.size = size
    }

    /// `count` bytes at `offset`; a clear error naming `section` when they lie past the end.
    func read(at offset: Int, count: Int, section: String) throws(TraceError) -> [UInt8] {
        try checkRange(offset: offset, count: count, section: section)
        let raw = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 16)
        defer { raw.deallocate() }
        let n = try source.read(at: offset, into: UnsafeMutableRawBufferPointer(rebasing: raw[0..<count]))
        guard n == count else {
            throw TraceError(.corrupt, file: path, location: .offset(offset + n), section: section,
                             "the file ends \(count - n) bytes short of this section")
        }
        return Array(raw[0..<count])
    }

    /// Reads into `buffer` exactly; the buffer is the caller's (page and chunk buffers are reused).
    func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer, section: String) throws(TraceError) {
        try checkRange(offset: offset, count: buffer.count, section: section)
        let n = try source.read(at: offset, into: buffer)
        guard n == buffer.count else {
            throw TraceError(.corrupt, file: path, location: .offset(offset + n), section: section,
                             "the file ends \(buffer.count - n) bytes short of this section")
        }
    }

    func checkRange(offset: Int, count: Int, section: String) throws(TraceError) {
        guard offset >= 0, count >= 0, offset <= size, count <= size - offset else {
            throw TraceError(.corrupt, file: path, location: .offset(max(0, offset)), section: section,
                             "\(count) bytes at offset \(offset) lie past the end of the \(size)-byte file")
        }
    }

    /// A length read from the file as a 64-bit number, checked to fit in what is left of it.
    func checkedLength(_ value: UInt64, at offset: Int, section: String, what: String) throws(TraceError) -> Int {
        guard value <= UInt64(size) else {
            throw TraceError(.corrupt, file: path, location: .offset(offset), section: section,
                             "\(what) of \(value) bytes is larger than the \(size)-byte file")
        }
        return Int(value)
    }

    func corrupt(_ offset: Int, _ section: String, _ reason: String) -> TraceError {
        TraceError(.corrupt, file: path, location: .offset(offset), section: section, reason)
    }
}
