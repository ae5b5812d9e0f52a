import Analyzer
import Foundation
import TestSupport
import TraceParser
import XCTest

/// `CSVExporter` writes the usual row (fields in its table's column order) straight as bytes;
/// every row must still equal the one the former per-cell `String` code made, kept below as
/// the reference — on real captures and on rows whose fields differ from their table's.
final class CSVExporterReferenceTests: XCTestCase {
    func testRows_equalTheReference_onCapturesAndOddRows() throws {
        var events: [TraceEvent] = []
        for input in ["ext4-append-fsync/trace.dat", "ext4-seq-write-4k/trace.txt.zst", "ext4-perf-script/perf-script.txt.zst"] {
            events += try Fixtures.events(Fixtures.path(input)).0
        }
        events += OddCSVRows.events

        let dir = NSTemporaryDirectory() + "ext4trace-csvref-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var exporter = try CSVExporter(directory: dir)
        var reference = ReferenceCSV()
        for e in events {
            try exporter.write(e)
            reference.write(e)
        }
        _ = try exporter.finish()
        for (name, expected) in reference.files {
            let written = try String(contentsOfFile: dir + "/" + name + ".csv", encoding: .utf8)
            XCTAssertEqual(written, expected, name)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir).count, reference.files.count)
    }
}

/// The rows `CSVExporter` wrote before it formatted bytes, unchanged (file names are event
/// names here; the fixtures' names need no sanitizing).
struct ReferenceCSV {
    var files: [String: String] = [:]
    var columns: [String: [String]] = [:]

    mutating func write(_ e: TraceEvent) {
        if columns[e.name] == nil {
            let cols = e.fields.map(\.name)
            let common = ["ts", "cpu", "pid", "task", "line"]
            let header = common + cols.map { common.contains($0) || $0 == "extra" || $0 == "record" ? "field_" + $0 : $0 } + ["extra"]
            files[e.name] = header.joined(separator: ",") + "\n"
            columns[e.name] = cols
        }
        let cols = columns[e.name] ?? []
        let position: String
        switch e.position {
        case .line(let n), .record(let n), .offset(let n): position = String(n)
        case .none: position = ""
        }
        var cells = [e.timestampText, String(e.cpu), String(e.pid), quote(e.comm), position]
        var extra: [String] = []
        var byName: [String: FieldValue] = [:]
        for f in e.fields {
            if cols.contains(f.name) { byName[f.name] = f.value } else { extra.append("\(f.name)=\(f.value)") }
        }
        for c in cols { cells.append(byName[c].map { quote($0.description) } ?? "") }
        cells.append(quote(extra.joined(separator: " ")))
        files[e.name, default: ""] += cells.joined(separator: ",") + "\n"
    }

    func quote(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        var out = "\""
        for c in s { out += c == "\"" ? "\"\"" : String(c) }
        return out + "\""
    }
}
