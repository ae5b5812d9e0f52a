import Testing
import TraceParser
@testable import ReferenceFS
import Glibc

@Suite struct DebugTrace {
    @Test func debugCapture() throws {
        guard let c = getenv("DEBUG_CAPTURE") else { return }
        let dir = FidelityTests.fixtures + String(cString: c) + "/"
        let g = try Geometry.parse(dumpe2fs: FidelityHarness.readTextFile(dir + "geometry.txt")!)
        let o = try MountOptions.parse(FidelityHarness.readTextFile(dir + "meta.json").flatMap(FidelityHarness.mountOptions(inMetaJSON:)) ?? "")
        var r = Replayer(filesystem: Filesystem(geometry: g, options: o), path: BufferHeadPath())
        let src = try TraceFile.open(dir + "trace.txt.zst")
        while let e = try src.next() {
            if e.name == "jbd2_handle_stats" || e.name == "jbd2_run_stats" { print("   KERNEL \(e.name) \(e["type"] ?? e["tid"]!)") }
            let before = r.fs.journal.handlesByType, commits = r.fs.journal.commits.count, ops = r.operations
            r.consume(e)
            if r.operations != ops { print("op \(e.name) \(e.fields.prefix(4).map { "\($0.name)=\($0.value)" })") }
            for (t, n) in r.fs.journal.handlesByType where before[t] != n { print("   MODEL handle type \(t.rawValue)") }
            if r.fs.journal.commits.count != commits { print("   MODEL commit") }
        }
    }
}
