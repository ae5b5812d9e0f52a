extension EventLineFormatter {
    /// Appends `e` as one JSON line (with its newline): ts, cpu, pid, tgid, comm, instance,
    /// system, event, position, then `fields` in the event's order.
    public mutating func appendJSONLine(_ e: TraceEvent) {
        let p = plan(for: e)
        let comm = self.comm(e.comm).json
        Self.append(#"{"ts":"#, to: &bytes)
        ByteFormat.appendTimestamp(e.timestampNs, digits: e.timestampDigits, to: &bytes)
        Self.append(#","cpu":"#, to: &bytes)
        ByteFormat.appendInt(Int64(e.cpu), to: &bytes)
        Self.append(#","pid":"#, to: &bytes)
        ByteFormat.appendInt(Int64(e.pid), to: &bytes)
        if let tgid = e.tgid {
            Self.append(#","tgid":"#, to: &bytes)
            ByteFormat.appendInt(Int64(tgid), to: &bytes)
        }
        Self.append(#","comm":"#, to: &bytes)
        bytes.append(contentsOf: comm)
        bytes.append(0x2C)
        if let instance = e.instance {
            let json = self.instance(instance)
            Self.append(#""instance":"#, to: &bytes)
            bytes.append(contentsOf: json)
            bytes.append(0x2C)
        }
        bytes.append(contentsOf: plans[p].jsonNames)
        switch e.position {
        case .line(let n): Self.append(#""line":"#, to: &bytes); ByteFormat.appendInt(Int64(n + lineOffset), to: &bytes); bytes.append(0x2C)
        case .record(let n): Self.append(#""record":"#, to: &bytes); ByteFormat.appendInt(Int64(n), to: &bytes); bytes.append(0x2C)
        case .offset(let n): Self.append(#""offset":"#, to: &bytes); ByteFormat.appendInt(Int64(n), to: &bytes); bytes.append(0x2C)
        case .none: break
        }
        Self.append(#""fields":{"#, to: &bytes)
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
        Self.append("}}\n", to: &bytes)
    }

    /// A constant's bytes, straight from the binary: no array to retain per use.
    @inline(__always)
    static func append(_ s: StaticString, to out: inout [UInt8]) {
        s.withUTF8Buffer { out.append(contentsOf: $0) }
    }
}
