#if canImport(Glibc)
import Glibc
#endif

/// Interns byte strings (event names, task names) so each distinct name becomes one `String`
/// shared by every event that carries it: no allocation per line for names.
///
/// The keys' bytes live in one pool (no array per key to retain on a lookup), the hash reads
/// eight bytes at a time, and the last name found is tried first: task names come in runs.
struct NameTable {
    /// Every key's bytes, one after another; key `i` is `pool[starts[i]..<starts[i + 1]]`.
    private var pool: [UInt8] = []
    private var starts: [Int] = [0]
    private(set) var values: [String] = []
    private var slots: [Int32]
    private var mask: Int
    /// The index `intern` returned last, or -1.
    private var last = -1

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    /// A hash of `b` (FNV-style mixing of its 8-byte words, then its tail bytes).
    @inline(__always) static func hash(_ b: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xcbf29ce484222325 ^ UInt64(b.count)
        var i = 0
        if let base = b.baseAddress {
            let raw = UnsafeRawPointer(base)
            while i + 8 <= b.count {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                h = (h ^ w) &* 0x100000001b3
                h ^= h >> 32
                i += 8
            }
        }
        while i < b.count {
            h = (h ^ UInt64(b[i])) &* 0x100000001b3
            i += 1
        }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    /// Whether key `index` holds exactly the bytes of `name`.
    @inline(__always) private func keyEquals(_ index: Int, _ name: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = starts[index]
        guard starts[index + 1] - start == name.count else { return false }
        guard name.count > 0 else { return true }
        return pool.withUnsafeBufferPointer { ByteScan.hasPrefix(UnsafeBufferPointer(rebasing: $0[start...]), at: 0, name) }
    }

    /// The index of `name`, adding it when new.
    mutating func intern(_ name: UnsafeBufferPointer<UInt8>) -> Int {
        if last >= 0, keyEquals(last, name) { return last }
        var i = NameTable.hash(name) & mask
        while true {
            let s = slots[i]
            if s < 0 { break }
            if keyEquals(Int(s), name) {
                last = Int(s)
                return last
            }
            i = (i + 1) & mask
        }
        let index = values.count
        pool.append(contentsOf: name)
        starts.append(pool.count)
        values.append(String(decoding: name, as: UTF8.self))
        slots[i] = Int32(index)
        if values.count * 2 > slots.count { grow() }
        last = index
        return index
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        mask = slots.count - 1
        var slots = self.slots
        let starts = self.starts, mask = self.mask
        pool.withUnsafeBufferPointer { pool in
            for index in 0..<(starts.count - 1) {
                let key = UnsafeBufferPointer(rebasing: pool[starts[index]..<starts[index + 1]])
                var i = NameTable.hash(key) & mask
                while slots[i] >= 0 { i = (i + 1) & mask }
                slots[i] = Int32(index)
            }
        }
        self.slots = slots
    }

    var count: Int { values.count }
}
