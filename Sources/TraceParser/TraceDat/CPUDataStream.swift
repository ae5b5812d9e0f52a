/// One CPU's ring-buffer pages, read in order in bounded memory: page by page (64 at a time)
/// from uncompressed data, or chunk by chunk from compressed v7 data, where the CPU's data is
/// (the size the BUFFER option gives counts the chunks, not the leading count)
///
///     02 00 00 00                           two chunks
///     f3 03 00 00  00 a0 00 00  <1011 B>    1011 bytes of zstd expanding to 10 pages
///     ...
final class CPUDataStream {
    let file: TraceDatFile
    let compression: TraceDatCompression
    let pageSize: Int
    let section: String
    let start: Int
    let end: Int

    /// Pages not yet handed out: `buffer[bufferPosition..<bufferFilled]`.
    private var buffer: UnsafeMutableRawBufferPointer
    private var bufferFilled = 0
    private var bufferPosition = 0
    /// The file offset the buffer's bytes came from (for compressed data, the chunk's).
    private var bufferFileOffset = 0
    private var nextOffset: Int
    private var chunksLeft: Int?
    private var compressedScratch: UnsafeMutableRawBufferPointer?

    /// Bytes of the file consumed so far.
    var bytesRead: Int { nextOffset - start }

    init(file: TraceDatFile, data: TraceDatMetadata.CPUData, compression: TraceDatCompression,
         pageSize: Int, section: String) {
        self.file = file
        self.compression = compression
        self.pageSize = pageSize
        self.section = section
        start = data.offset
        // Compressed data starts with a 4-byte chunk count that the BUFFER option's size leaves out.
        end = min(file.size, data.offset + data.size + (compression == .none ? 0 : 4))
        nextOffset = data.offset
        buffer = .allocate(byteCount: compression == .none ? pageSize * 64 : pageSize, alignment: 16)
    }

    deinit {
        buffer.deallocate()
        compressedScratch?.deallocate()
    }

    /// The next page (valid until the next call) and the file offset to name in errors; nil
    /// at the end of the CPU's data. The last page may be shorter than the page size.
    func nextPage() throws(TraceError) -> (page: UnsafeRawBufferPointer, fileOffset: Int)? {
        if bufferPosition >= bufferFilled {
            guard try refill() else { return nil }
        }
        let n = min(pageSize, bufferFilled - bufferPosition)
        let page = UnsafeRawBufferPointer(rebasing: buffer[bufferPosition..<(bufferPosition + n)])
        let at = compression == .none ? bufferFileOffset + bufferPosition : bufferFileOffset
        bufferPosition += n
        return (page, at)
    }

    private func refill() throws(TraceError) -> Bool {
        bufferPosition = 0
        bufferFilled = 0
        if compression == .none {
            let n = min(buffer.count, end - nextOffset)
            guard n > 0 else { return false }
            try file.read(at: nextOffset, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<n]), section: section)
            bufferFileOffset = nextOffset
            nextOffset += n
            bufferFilled = n
            return true
        }
        return try readChunk()
    }

    /// Reads and decompresses the next chunk into the buffer.
    private func readChunk() throws(TraceError) -> Bool {
        if chunksLeft == nil {
            guard end - nextOffset >= 4 else { return false }
            let count = try readU32(at: nextOffset)
            guard Int(count) * 8 <= end - nextOffset - 4 else {
                throw file.corrupt(nextOffset, section, "\(count) compressed chunks cannot fit in \(end - nextOffset) bytes")
            }
            chunksLeft = Int(count)
            nextOffset += 4
        }
        guard let left = chunksLeft, left > 0 else { return false }
        let at = nextOffset
        guard end - at >= 8 else { throw file.corrupt(at, section, "chunk header cut short") }
        let compressed = Int(try readU32(at: at))
        let expanded = Int(try readU32(at: at + 4))
        guard compressed <= end - at - 8 else {
            throw file.corrupt(at, section, "chunk of \(compressed) bytes runs past the CPU's data")
        }
        if (compressedScratch?.count ?? 0) < compressed {
            compressedScratch?.deallocate()
            compressedScratch = .allocate(byteCount: max(compressed, 1), alignment: 16)
        }
        let input = UnsafeMutableRawBufferPointer(rebasing: compressedScratch![0..<compressed])
        try file.read(at: at + 8, into: input, section: section)
        guard compression.isPlausible(expanded: expanded, from: UnsafeRawBufferPointer(input)) else {
            throw file.corrupt(at + 4, section, "chunk claims to expand \(compressed) bytes of \(compression) to \(expanded)")
        }
        if buffer.count < expanded {
            buffer.deallocate()
            buffer = .allocate(byteCount: expanded, alignment: 16)
        }
        let output = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<expanded])
        guard compression.decompress(UnsafeRawBufferPointer(input), into: output) else {
            throw file.corrupt(at + 8, section, "\(compression) chunk does not decompress to the \(expanded) bytes it claims")
        }
        chunksLeft = left - 1
        nextOffset = at + 8 + compressed
        bufferFileOffset = at
        bufferFilled = expanded
        return true
    }

    private func readU32(at offset: Int) throws(TraceError) -> UInt32 {
        let bytes = try file.read(at: offset, count: 4, section: section)
        var c = ByteCursor(bytes, bigEndian: file.bigEndianData)
        return c.u32() ?? 0
    }
}
