extension EventLineFormatter {
    /// Appends `e` as one JSON line (with its newline): ts, cpu, pid, tgid, comm, instance,
    /// system, event, position, then `fields` in the event's order.
    ///
    /// The line is written through a pointer into a scratch buffer and appended in one copy:
    /// a dozen `Array.append` calls per line cost a third of `events`' formatting. A line that
    /// might not fit the scratch (very long strings) goes through `appendJSONLineBytewise`.
    public mutating func appendJSONLine(_ e: TraceEvent) {
        let p = plan(for: e)
        useComm(e.comm)
        let instance = e.instance.map { self.instance($0) }
        // An upper bound of the line's length: numbers take at most 20 digits and a sign,
        // an escaped byte at most 6 bytes.
        var bound = 256 + commJSON.count + (instance?.count ?? 0) + plans[p].jsonNames.count
        for f in e.fields {
            bound += 24 + f.name.utf8.count * 6
            if case .string(let s) = f.value { bound += s.utf8.count * 6 }
        }
        guard bound <= scratch.capacity else { return appendJSONLineBytewise(e) }
        var w = LineWriter(base: scratch.base)
        w.literal(#"{"ts":"#)
        w.timestamp(e.timestampNs, digits: e.timestampDigits)
        w.literal(#","cpu":"#)
        w.int(Int64(e.cpu))
        w.literal(#","pid":"#)
        w.int(Int64(e.pid))
        if let tgid = e.tgid {
            w.literal(#","tgid":"#)
            w.int(Int64(tgid))
        }
        w.literal(#","comm":"#)
        w.bytes(commJSON)
        w.byte(0x2C)
        if let instance {
            w.literal(#""instance":"#)
            w.bytes(instance)
            w.byte(0x2C)
        }
        w.bytes(plans[p].jsonNames)
        switch e.position {
        case .line(let n): w.literal(#""line":"#); w.int(Int64(n + lineOffset)); w.byte(0x2C)
        case .record(let n): w.literal(#""record":"#); w.int(Int64(n)); w.byte(0x2C)
        case .offset(let n): w.literal(#""offset":"#); w.int(Int64(n)); w.byte(0x2C)
        case .none: break
        }
        w.literal(#""fields":{"#)
        // The plan's names and keys are read through pointers, the keys from one buffer:
        // an array per key cost a cache miss per field.
        plans[p].fieldNames.withUnsafeBufferPointer { names in
            plans[p].jsonKeyBytes.withUnsafeBytes { keys in
                plans[p].jsonKeyEnds.withUnsafeBufferPointer { ends in
                    e.fields.withUnsafeBufferPointer { fields in
                        for i in fields.indices {
                            if i > 0 { w.byte(0x2C) }
                            if i < names.count, names[i] == fields[i].name {
                                let start = i == 0 ? 0 : ends[i - 1]
                                w.raw(UnsafeRawBufferPointer(rebasing: keys[start..<ends[i]]))
                            } else {
                                w.jsonString(fields[i].name)
                                w.byte(0x3A)
                            }
                            switch fields[i].value {
                            case .int(let v): w.int(v)
                            case .uint(let v): w.digits(v)
                            case .string(let s): w.jsonString(s)
                            }
                        }
                    }
                }
            }
        }
        w.literal("}}\n")
        bytes.append(contentsOf: UnsafeBufferPointer(start: scratch.base, count: w.count))
    }

    /// Appends `e` as `appendJSONLine` does, one `Array.append` at a time (any line length).
    mutating func appendJSONLineBytewise(_ e: TraceEvent) {
        let p = plan(for: e)
        useComm(e.comm)
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
        bytes.append(contentsOf: commJSON)
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
                let start = i == 0 ? 0 : plans[p].jsonKeyEnds[i - 1]
                bytes.append(contentsOf: plans[p].jsonKeyBytes[start..<plans[p].jsonKeyEnds[i]])
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
