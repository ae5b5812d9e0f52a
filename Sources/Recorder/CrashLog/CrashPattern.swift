#if canImport(Glibc)
import Glibc
#endif

/// The recognisable contents `record --crash-log` writes, so that any 512-byte sector read back
/// after a crash says where it came from.
///
/// - The data device starts with every sector holding the **old** pattern: `"e4t-old\0"`, then
///   the sector number (u64 LE), then bytes `0xA5` — what a deleted file's blocks would hold.
/// - Every sector the workload writes holds the **data** pattern: `"e4t-dat\0"`, file id (u32),
///   generation (u32), the byte offset in the file (u64), then bytes `0x5A`.
public enum CrashPattern {
    public static let sectorBytes = 512
    static let oldMagic = Array("e4t-old\u{0}".utf8)
    static let dataMagic = Array("e4t-dat\u{0}".utf8)

    /// What a sector read back from a recovered file holds.
    public enum Content: Equatable, Sendable {
        case data(file: UInt32, generation: UInt32, offset: UInt64)
        case old(sector: UInt64)
        case zeros
        /// Anything else: filesystem metadata, a torn write.
        case foreign
    }

    /// The old pattern of device sector `sector`.
    public static func oldSector(_ sector: UInt64) -> [UInt8] {
        var s = [UInt8](repeating: 0xA5, count: sectorBytes)
        s.replaceSubrange(0..<8, with: oldMagic)
        s.putLittleEndian(sector, at: 8)
        return s
    }

    /// `length` bytes (a multiple of 512) of file `file`'s data at `offset`.
    public static func data(file: UInt32, generation: UInt32, offset: UInt64, length: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0x5A, count: length)
        var at = 0
        while at + sectorBytes <= length {
            out.replaceSubrange(at..<(at + 8), with: dataMagic)
            out.putLittleEndian(UInt64(file) | UInt64(generation) << 32, at: at + 8)
            out.putLittleEndian(offset + UInt64(at), at: at + 16)
            at += sectorBytes
        }
        return out
    }

    /// Classifies one 512-byte sector.
    public static func classify(_ sector: ArraySlice<UInt8>) -> Content {
        guard sector.count == sectorBytes else { return .foreign }
        let base = sector.startIndex
        if sector.allSatisfy({ $0 == 0 }) { return .zeros }
        let magic = sector[base..<(base + 8)]
        if magic.elementsEqual(dataMagic) {
            let ids = Array(sector[(base + 8)..<(base + 24)])
            return .data(file: UInt32(truncatingIfNeeded: ids.littleEndianUInt64(at: 0)),
                         generation: UInt32(truncatingIfNeeded: ids.littleEndianUInt64(at: 0) >> 32),
                         offset: ids.littleEndianUInt64(at: 8))
        }
        if magic.elementsEqual(oldMagic) {
            return .old(sector: Array(sector[(base + 8)..<(base + 16)]).littleEndianUInt64(at: 0))
        }
        return .foreign
    }

    /// Writes the old pattern over `bytes` bytes of `fd`, 1 MiB at a time.
    static func fillOld(fd: Int32, path: String, bytes: Int64) throws(CrashLogError) {
        let chunkSectors = 2048
        var sector: UInt64 = 0
        let total = UInt64(bytes) / UInt64(sectorBytes)
        while sector < total {
            let n = Int(min(UInt64(chunkSectors), total - sector))
            var chunk: [UInt8] = []
            chunk.reserveCapacity(n * sectorBytes)
            for k in 0..<n { chunk += oldSector(sector + UInt64(k)) }
            let offset = off_t(sector) * off_t(sectorBytes)
            let written = chunk.withUnsafeBytes { pwrite(fd, $0.baseAddress!, $0.count, offset) }
            if written != chunk.count {
                throw CrashLogError(.io, path, offset: Int64(offset), "filling with the old pattern failed: \(errnoText())")
            }
            sector += UInt64(n)
        }
    }
}

extension Array where Element == UInt8 {
    mutating func putLittleEndian(_ v: UInt64, at i: Int) {
        for k in 0..<8 { self[i + k] = UInt8(truncatingIfNeeded: v >> (8 * k)) }
    }
}
