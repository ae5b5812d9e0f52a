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
