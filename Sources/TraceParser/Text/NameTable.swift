#if canImport(Glibc)
import Glibc
#endif

/// Interns byte strings (event names, task names) so each distinct name becomes one `String`
/// shared by every event that carries it: no allocation per line for names.
struct NameTable {
    private var keys: [[UInt8]] = []
    private(set) var values: [String] = []
    private var slots: [Int32]
    private var mask: Int

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    @inline(__always) static func hash(_ b: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xcbf29ce484222325
        for c in b { h = (h ^ UInt64(c)) &* 0x100000001b3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    /// The index of `name`, adding it when new.
    mutating func intern(_ name: UnsafeBufferPointer<UInt8>) -> Int {
        var i = NameTable.hash(name) & mask
        while true {
            let s = slots[i]
            if s < 0 { break }
            let key = keys[Int(s)]
            if key.count == name.count && key.withUnsafeBufferPointer({ name.count == 0 || memcmp($0.baseAddress!, name.baseAddress!, name.count) == 0 }) {
                return Int(s)
            }
            i = (i + 1) & mask
        }
        let index = keys.count
        keys.append(Array(name))
        values.append(String(decoding: name, as: UTF8.self))
        slots[i] = Int32(index)
        if keys.count * 2 > slots.count { grow() }
        return index
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        mask = slots.count - 1
        for (index, key) in keys.enumerated() {
            var i = key.withUnsafeBufferPointer(NameTable.hash) & mask
            while slots[i] >= 0 { i = (i + 1) & mask }
            slots[i] = Int32(index)
        }
    }

    var count: Int { keys.count }
}
