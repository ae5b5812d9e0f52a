/// Formats events as `ext4trace events` lines — JSON lines or CSV rows — straight into a byte
/// buffer: no `String` per field, no dictionary per event.
///
///     {"ts":2027.501624784,"cpu":0,"pid":3603,"comm":"xfs_io","instance":"corpus","system":"ext4","event":"ext4_mark_inode_dirty","record":19,"fields":{"dev":"7:1","ino":12}}
///     2027.501624784,0,3603,xfs_io,ext4,ext4_mark_inode_dirty,19,dev=7:1 ino=12
///
/// What every event of one type shares is encoded once, in a `TypePlan`: the
/// `"system":"ext4","event":"…",` bytes and each field's `"name":` key. An event whose fields
/// differ from its type's plan (a generic fallback, a missing field) still formats right: a
/// field name that does not match the plan is encoded on the spot.
///
/// The output equals the former writers (`JSONWriter` per event, a `String` per field) byte for byte
/// (`EventLineFormatterTests` checks it on fixtures of every input format and on edge cases).
public struct EventLineFormatter {
    /// The formatted lines; the caller writes them out and calls `clear()`.
    public internal(set) var bytes: [UInt8] = []
    /// `line` positions are shifted by this (a part of a file read on its own starts at 1).
    public var lineOffset = 0

    /// What every event of one type shares, encoded once.
    struct TypePlan {
        let system: String
        let name: String
        /// `"system":"ext4","event":"ext4_da_write_begin",`
        let jsonNames: [UInt8]
        /// `ext4,ext4_da_write_begin,`
        let csvNames: [UInt8]
        /// Field names as the plan's first event carried them.
        var fieldNames: [String] = []
        /// Each field name as `"name":`, one after another; key i ends at `jsonKeyEnds[i]`
        /// and starts where key i - 1 ends (at 0 for the first).
        var jsonKeyBytes: [UInt8] = []
        var jsonKeyEnds: [Int] = []
    }
    var plans: [TypePlan] = []
    /// Event names seen, and the plan of each (a name shared by two systems keeps the first;
    /// the other is re-planned whenever it misses `recentPlans`, correct either way).
    var names = EventNameIndex()
    var planOfName: [Int] = []
    /// The last comm seen (nil: none yet), with its encodings (JSON string, CSV cell), kept
    /// as separate properties so a line reads them in place, not through a copied tuple.
    var commText: String? = nil
    var commJSON: [UInt8] = []
    var commCSV: [UInt8] = []
    /// The last instance seen, with its encoding as a JSON string.
    var lastInstance: (text: String, json: [UInt8])? = nil
    /// The field names each plan's export frames last announced since `clear()`
    /// (`EventLineFormatter+ExportFrame.swift`).
    var exportNamesSent: [[String]?] = []

    /// Where `appendJSONLine` builds a line before appending it (used within one call only,
    /// so copies of the formatter may share it on one thread).
    let scratch = LineScratch(capacity: 64 << 10)

    public init(capacity: Int = 1 << 20) { bytes.reserveCapacity(capacity) }

    public mutating func clear() {
        bytes.removeAll(keepingCapacity: true)
        if !exportNamesSent.isEmpty { exportNamesSent.removeAll(keepingCapacity: true) }
    }

    /// Recently used plans by a hash of their names' lengths (-1: none), checked with `==`,
    /// which is a pointer compare when the event carries the plan's own strings (a reader hands
    /// out one storage per event type): most events find their plan here without
    /// `EventNameIndex`, whose slot reads the name's last byte.
    var recentPlans = [Int](repeating: -1, count: 64)

    /// The index of `e`'s type plan, made on first sight.
    @inline(__always)
    mutating func plan(for e: TraceEvent) -> Int {
        let slot = (e.name.utf8.count &* 5 &+ e.system.utf8.count) & 63
        let recent = recentPlans[slot]
        if recent >= 0, plans[recent].name == e.name, plans[recent].system == e.system { return recent }
        let p = newPlan(for: e)
        recentPlans[slot] = p
        return p
    }

    /// `plan(for:)` when the plan is not among the recent ones: found by name, or made.
    mutating func newPlan(for e: TraceEvent) -> Int {
        let known = names.index(of: e.name)
        if let n = known, plans[planOfName[n]].system == e.system { return planOfName[n] }
        var json: [UInt8] = []
        ByteFormat.appendJSONKey("system", to: &json)
        ByteFormat.appendJSONString(e.system, to: &json)
        json.append(0x2C)
        ByteFormat.appendJSONKey("event", to: &json)
        ByteFormat.appendJSONString(e.name, to: &json)
        json.append(0x2C)
        var plan = TypePlan(system: e.system, name: e.name, jsonNames: json,
                            csvNames: Array(e.system.utf8) + [0x2C] + Array(e.name.utf8) + [0x2C])
        for f in e.fields {
            plan.fieldNames.append(f.name)
            ByteFormat.appendJSONKey(f.name, to: &plan.jsonKeyBytes)
            plan.jsonKeyEnds.append(plan.jsonKeyBytes.count)
        }
        plans.append(plan)
        if known == nil {
            _ = names.add(e.name)
            planOfName.append(plans.count - 1)
        }
        return plans.count - 1
    }

    /// Makes `commJSON` and `commCSV` the encodings of `s`, re-encoding only when the comm
    /// differs from the last one.
    @inline(__always)
    mutating func useComm(_ s: String) {
        if commText == s { return }
        commJSON.removeAll(keepingCapacity: true)
        ByteFormat.appendJSONString(s, to: &commJSON)
        commCSV.removeAll(keepingCapacity: true)
        ByteFormat.appendCSVCell(s, to: &commCSV)
        commText = s
    }

    mutating func instance(_ s: String) -> [UInt8] {
        if let i = lastInstance, i.text == s { return i.json }
        var json: [UInt8] = []
        ByteFormat.appendJSONString(s, to: &json)
        lastInstance = (s, json)
        return json
    }
}
