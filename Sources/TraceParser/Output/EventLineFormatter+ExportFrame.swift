/// `export --format csv` rows formatted on worker threads (`ParallelEventLines`): each event
/// becomes a frame that the writing thread (`CSVExporter.writeFrames`) files under its event
/// type's table, in input order.
///
/// A frame is the row as `CSVExporter` writes a usual row — `ts,cpu,pid,task,line` and then the
/// event's fields in its own order, ending `,` LF — after a small header:
///
///     u8 kind        0: the row only; 1: the event's names first
///     u16 plan       this formatter's type plan (the key of the names within one chunk)
///     kind 1: u16 length + event name, u16 count, count × (u16 length + field name)
///     u32 length + row bytes
///
/// A plan's names are announced in its first frame after `clear()` (the start of a chunk) and
/// again whenever an event's field names differ from those announced last, so the writer knows
/// every row's field names from its own chunk alone. Little-endian throughout.
extension EventLineFormatter {
    public mutating func appendCSVExportFrame(_ e: TraceEvent) {
        let p = plan(for: e)
        var announce = true
        if p >= exportNamesSent.count { exportNamesSent += [[String]?](repeating: nil, count: p + 1 - exportNamesSent.count) }
        if let sent = exportNamesSent[p], sent.count == e.fields.count {
            announce = false
            for (name, f) in zip(sent, e.fields) where name != f.name { announce = true; break }
        }
        bytes.append(announce ? 1 : 0)
        Self.appendU16(p, to: &bytes)
        if announce {
            let names = e.fields.map(\.name)
            exportNamesSent[p] = names
            Self.appendString16(e.name, to: &bytes)
            Self.appendU16(names.count, to: &bytes)
            for n in names { Self.appendString16(n, to: &bytes) }
        }
        if appendCSVExportRow(e) { return }
        let lengthAt = bytes.count
        bytes.append(contentsOf: [0, 0, 0, 0])
        let rowStart = bytes.count
        appendCSVTask(e)
        appendCSVPosition(e)
        for f in e.fields {
            bytes.append(0x2C)
            if !ByteFormat.appendNumber(f.value, to: &bytes), case .string(let s) = f.value {
                ByteFormat.appendCSVCell(s, to: &bytes)
            }
        }
        bytes.append(0x2C)
        bytes.append(0x0A)
        let length = UInt32(bytes.count - rowStart)
        for k in 0..<4 { bytes[lengthAt + k] = UInt8(truncatingIfNeeded: length >> (8 * UInt32(k))) }
    }

    /// The frame's length and row, written through a pointer into the scratch buffer
    /// (`LineWriter`) and appended in one copy, as `appendJSONLine` does; false (nothing
    /// written) when the row might not fit the scratch, for the caller's bytewise path. The
    /// row is `appendCSVTask`, `appendCSVPosition` and the cells, byte for byte.
    mutating func appendCSVExportRow(_ e: TraceEvent) -> Bool {
        useComm(e.comm)
        // An upper bound: numbers take at most 20 digits and a sign; a quoted cell at most
        // twice its bytes and two quotes.
        var bound = 128 + commCSV.count
        for f in e.fields {
            bound += 24
            if case .string(let s) = f.value { bound += s.utf8.count * 2 + 2 }
        }
        guard bound <= scratch.capacity else { return false }
        var w = LineWriter(base: scratch.base)
        w.timestamp(e.timestampNs, digits: e.timestampDigits)
        w.byte(0x2C)
        w.int(Int64(e.cpu))
        w.byte(0x2C)
        w.int(Int64(e.pid))
        w.byte(0x2C)
        w.bytes(commCSV)
        w.byte(0x2C)
        switch e.position {
        case .line(let n): w.int(Int64(n + lineOffset))
        case .record(let n), .offset(let n): w.int(Int64(n))
        case .none: break
        }
        w.csvFieldCells(e.fields)
        let length = UInt32(w.count)
        bytes.append(UInt8(truncatingIfNeeded: length))
        bytes.append(UInt8(truncatingIfNeeded: length >> 8))
        bytes.append(UInt8(truncatingIfNeeded: length >> 16))
        bytes.append(UInt8(truncatingIfNeeded: length >> 24))
        bytes.append(contentsOf: UnsafeBufferPointer(start: scratch.base, count: w.count))
        return true
    }

    static func appendU16(_ v: Int, to out: inout [UInt8]) {
        out.append(UInt8(truncatingIfNeeded: v))
        out.append(UInt8(truncatingIfNeeded: v >> 8))
    }

    static func appendString16(_ s: String, to out: inout [UInt8]) {
        let u = Array(s.utf8.prefix(Int(UInt16.max)))
        appendU16(u.count, to: &out)
        out.append(contentsOf: u)
    }
}
