import TraceParser

/// The writing side of `export --format csv` on every core: the chunks of frames that
/// `EventLineFormatter.appendCSVExportFrame` made on worker threads, filed in input order.
extension CSVExporter {
    /// Writes every frame of one chunk (`EventLineFormatter+ExportFrame.swift` gives the
    /// layout) to its event type's file. The rows equal `write(_:)`'s for the same events: a
    /// row whose field names are its table's columns is copied as the worker formatted it, any
    /// other is rebuilt by name, with the cells read back from it.
    public mutating func writeFrames(_ chunk: [UInt8]) throws(AnalyzerError) {
        do {
            try chunk.withUnsafeBytes { try writeFrames(in: $0) }
        } catch let error as AnalyzerError {
            throw error
        } catch {
            throw AnalyzerError(.io, file: directory, "\(error)")
        }
    }

    private mutating func writeFrames(in b: UnsafeRawBufferPointer) throws(AnalyzerError) {
        /// Per plan of this chunk's formatter: its table, the names last announced, and
        /// whether rows with them are the table's usual rows.
        var current: [(table: Int, names: [String], usual: Bool)?] = []
        do {
            var at = 0
            func need(_ n: Int) throws(AnalyzerError) {
                guard at + n <= b.count else { throw AnalyzerError(.unsupported, file: directory, "export: a damaged row frame at byte \(at)") }
            }
            func u16() throws(AnalyzerError) -> Int {
                try need(2)
                defer { at += 2 }
                return Int(b[at]) | Int(b[at + 1]) << 8
            }
            func string16() throws(AnalyzerError) -> String {
                let n = try u16()
                try need(n)
                defer { at += n }
                return String(decoding: UnsafeRawBufferPointer(rebasing: b[at..<at + n]), as: UTF8.self)
            }
            while at < b.count {
                try need(1)
                let kind = b[at]
                at += 1
                let p = try u16()
                if p >= current.count { current += Array(repeating: nil, count: p + 1 - current.count) }
                if kind == 1 {
                    let name = try string16()
                    var names: [String] = []
                    for _ in 0..<(try u16()) { names.append(try string16()) }
                    let t = try table(named: name, columns: names)
                    let usual = names == tables[t].columns && !tables[t].hasRepeatedColumn
                    current[p] = (t, names, usual)
                }
                try need(4)
                let length = Int(b[at]) | Int(b[at + 1]) << 8 | Int(b[at + 2]) << 16 | Int(b[at + 3]) << 24
                at += 4
                try need(length)
                let row = UnsafeRawBufferPointer(rebasing: b[at..<at + length])
                at += length
                guard let plan = current[p] else { throw AnalyzerError(.unsupported, file: directory, "export: a row frame before its names") }
                if plan.usual {
                    try tables[plan.table].file.write(raw: row)
                } else {
                    try writeRebuilt(row, names: plan.names, table: plan.table)
                }
                tables[plan.table].rows += 1
            }
        }
    }

    /// A row whose fields are not its table's columns: the prefix as it is, then the cells by
    /// name (`appendCellsByName`), from the cells the worker wrote in the event's field order.
    private mutating func writeRebuilt(_ frameRow: UnsafeRawBufferPointer, names: [String], table t: Int) throws(AnalyzerError) {
        let cells = CSVExporter.cells(of: frameRow)
        // ts, cpu, pid, task, line, then one cell per field, then the empty `extra`.
        guard cells.count == 5 + names.count + 1 else { throw AnalyzerError(.unsupported, file: directory, "export: a row of \(cells.count) cells for \(names.count) fields") }
        row.removeAll(keepingCapacity: true)
        for k in 0..<5 {
            if k > 0 { row.append(0x2C) }
            row.append(contentsOf: cells[k].raw)
        }
        // The cells' values as strings: a number's cell is its description, as a string's is.
        appendCellsByName(names.enumerated().map { EventField($1, .string(cells[5 + $0].value)) }, tables[t])
        row.append(0x0A)
        try tables[t].file.write(bytes: row)
    }

    /// The cells of one CSV row (RFC 4180 quoting), each as written and as its value.
    static func cells(of row: UnsafeRawBufferPointer) -> [(raw: [UInt8], value: String)] {
        var cells: [(raw: [UInt8], value: String)] = []
        var i = 0
        let end = row.last == 0x0A ? row.count - 1 : row.count
        while i <= end {
            let start = i
            var value: [UInt8] = []
            if i < end, row[i] == 0x22 {
                i += 1
                while i < end {
                    if row[i] == 0x22 {
                        if i + 1 < end, row[i + 1] == 0x22 { value.append(0x22); i += 2; continue }
                        i += 1
                        break
                    }
                    value.append(row[i])
                    i += 1
                }
            } else {
                while i < end, row[i] != 0x2C { value.append(row[i]); i += 1 }
            }
            cells.append((Array(row[start..<i]), String(decoding: value, as: UTF8.self)))
            i += 1 // the comma (or past the end)
        }
        return cells
    }
}
