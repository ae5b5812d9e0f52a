extension EventLineFormatter {
    /// Appends `e` as one JSON line (with its newline): ts, cpu, pid, tgid, comm, instance,
    /// system, event, position, then `fields` in the event's order.
    public mutating func appendJSONLine(_ e: TraceEvent) {
        let p = plan(for: e)
        let comm = self.comm(e.comm).json
        bytes.append(contentsOf: Self.tsKey)
        ByteFormat.appendTimestamp(e.timestampNs, digits: e.timestampDigits, to: &bytes)
        bytes.append(contentsOf: Self.cpuKey)
        ByteFormat.appendInt(Int64(e.cpu), to: &bytes)
        bytes.append(contentsOf: Self.pidKey)
        ByteFormat.appendInt(Int64(e.pid), to: &bytes)
        if let tgid = e.tgid {
            bytes.append(contentsOf: Self.tgidKey)
            ByteFormat.appendInt(Int64(tgid), to: &bytes)
        }
        bytes.append(contentsOf: Self.commKey)
        bytes.append(contentsOf: comm)
        bytes.append(0x2C)
        if let instance = e.instance {
            let json = self.instance(instance)
            bytes.append(contentsOf: Self.instanceKey)
            bytes.append(contentsOf: json)
            bytes.append(0x2C)
        }
        bytes.append(contentsOf: plans[p].jsonNames)
        switch e.position {
        case .line(let n): bytes.append(contentsOf: Self.lineKey); ByteFormat.appendInt(Int64(n + lineOffset), to: &bytes); bytes.append(0x2C)
        case .record(let n): bytes.append(contentsOf: Self.recordKey); ByteFormat.appendInt(Int64(n), to: &bytes); bytes.append(0x2C)
        case .offset(let n): bytes.append(contentsOf: Self.offsetKey); ByteFormat.appendInt(Int64(n), to: &bytes); bytes.append(0x2C)
        case .none: break
        }
        bytes.append(contentsOf: Self.fieldsKey)
        for (i, f) in e.fields.enumerated() {
            if i > 0 { bytes.append(0x2C) }
            if i < plans[p].fieldNames.count, plans[p].fieldNames[i] == f.name {
                bytes.append(contentsOf: plans[p].jsonKeys[i])
            } else {
                ByteFormat.appendJSONKey(f.name, to: &bytes)
            }
            if !ByteFormat.appendNumber(f.value, to: &bytes), case .string(let s) = f.value {
                ByteFormat.appendJSONString(s, to: &bytes)
            }
        }
        bytes.append(contentsOf: Self.lineEnd)
    }

    static let tsKey = Array(#"{"ts":"#.utf8)
    static let cpuKey = Array(#","cpu":"#.utf8)
    static let pidKey = Array(#","pid":"#.utf8)
    static let tgidKey = Array(#","tgid":"#.utf8)
    static let commKey = Array(#","comm":"#.utf8)
    static let instanceKey = Array(#""instance":"#.utf8)
    static let lineKey = Array(#""line":"#.utf8)
    static let recordKey = Array(#""record":"#.utf8)
    static let offsetKey = Array(#""offset":"#.utf8)
    static let fieldsKey = Array(#""fields":{"#.utf8)
    static let lineEnd = Array("}}\n".utf8)
}
