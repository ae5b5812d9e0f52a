extension EventLineFormatter {
    /// The header of `appendCSVRow`'s rows.
    public static let csvHeader = "ts,cpu,pid,comm,system,event,position,fields"

    /// Appends `e` as one CSV row (with its newline): ts, cpu, pid, comm, system, event,
    /// position, and the fields as `name=value` joined by spaces in one (quoted if need be) cell.
    public mutating func appendCSVRow(_ e: TraceEvent) {
        let p = plan(for: e)
        appendCSVTask(e)
        bytes.append(contentsOf: plans[p].csvNames)
        appendCSVPosition(e)
        bytes.append(0x2C)
        // The fields cell is written plain, then quoted in place if it needs to be.
        let start = bytes.count
        var needsQuote = false
        for (i, f) in e.fields.enumerated() {
            if i > 0 { bytes.append(0x20) }
            needsQuote = Self.appendPlain(f.name, to: &bytes) || needsQuote
            bytes.append(0x3D)
            if !ByteFormat.appendNumber(f.value, to: &bytes), case .string(let s) = f.value {
                needsQuote = Self.appendPlain(s, to: &bytes) || needsQuote
            }
        }
        if needsQuote {
            let cell = String(decoding: bytes[start...], as: UTF8.self)
            bytes.removeSubrange(start...)
            bytes.append(contentsOf: ByteFormat.csvQuoted(cell).utf8)
        }
        bytes.append(0x0A)
    }

    /// Appends `s` as is; true when it holds a byte that makes a CSV cell need quotes.
    @inline(__always)
    static func appendPlain(_ s: String, to out: inout [UInt8]) -> Bool {
        var s = s
        return s.withUTF8 { u in
            out.append(contentsOf: u)
            return u.contains(where: ByteFormat.needsCSVQuote)
        }
    }

    /// `ts,cpu,pid,comm,` — how every CSV row starts (`events --format csv`, `export`'s frames).
    mutating func appendCSVTask(_ e: TraceEvent) {
        useComm(e.comm)
        ByteFormat.appendTimestamp(e.timestampNs, digits: e.timestampDigits, to: &bytes)
        bytes.append(0x2C)
        ByteFormat.appendInt(Int64(e.cpu), to: &bytes)
        bytes.append(0x2C)
        ByteFormat.appendInt(Int64(e.pid), to: &bytes)
        bytes.append(0x2C)
        bytes.append(contentsOf: commCSV)
        bytes.append(0x2C)
    }

    /// The event's line (shifted by `lineOffset`) or record number; nothing when it has none.
    mutating func appendCSVPosition(_ e: TraceEvent) {
        switch e.position {
        case .line(let n): ByteFormat.appendInt(Int64(n + lineOffset), to: &bytes)
        case .record(let n), .offset(let n): ByteFormat.appendInt(Int64(n), to: &bytes)
        case .none: break
        }
    }
}
