/// A small integer per event name, found on repeat without hashing the name: a reader hands
/// out the same `String` storage for every event of one type, so a 64-slot cache keyed by the
/// name's length and last byte, checked with `==` (which is a pointer compare on shared
/// storage), finds the index in a few instructions. A miss (a new name, a slot collision, or
/// text input whose names are separate copies) falls back to a dictionary.
///
///     var index = EventNameIndex()
///     let i = index.index(of: e.name) ?? index.add(e.name)
///
/// Hashing the name per event cost 3–5% of `events` and `model` on the 1.2 M-event bench.
public struct EventNameIndex: Sendable {
    public private(set) var names: [String] = []
    var byName: [String: Int] = [:]
    var slots = [Int](repeating: -1, count: 64)

    public init() {}

    @inline(__always)
    static func slot(_ name: String) -> Int {
        let u = name.utf8
        return (u.count &* 7 &+ Int(u.last ?? 0)) & 63
    }

    /// The index `name` was added under, or nil.
    @inline(__always)
    public mutating func index(of name: String) -> Int? {
        let s = EventNameIndex.slot(name)
        let i = slots[s]
        if i >= 0, names[i] == name { return i }
        guard let j = byName[name] else { return nil }
        slots[s] = j
        return j
    }

    /// Adds `name` (not yet present) and returns its index: 0, 1, 2, ... in order of adding.
    public mutating func add(_ name: String) -> Int {
        names.append(name)
        byName[name] = names.count - 1
        slots[EventNameIndex.slot(name)] = names.count - 1
        return names.count - 1
    }
}
