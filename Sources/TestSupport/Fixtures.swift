import TraceParser

/// Locates the repository's `fixtures/` directory from a test file's path, so tests run from
/// any working directory and never depend on `../shared`.
public enum Fixtures {
    /// `fixtures/` at the top of the repository, found from a test file's path
    /// (`Tests/<Target>/[<Folder>/]<File>.swift`).
    public static func directory(file: StaticString = #filePath) -> String {
        let path = String(describing: file)
        guard let tests = path.ranges(of: "/Tests/").last else { return "fixtures" }
        return String(path[..<tests.lowerBound]) + "/fixtures"
    }

    /// Every capture directory under `fixtures/` (one with a `workload.txt`) whose name starts
    /// with `prefix`.
    public static func captures(prefix: String = "", file: StaticString = #filePath) -> [String] {
        let dir = directory(file: file)
        return listDirectory(dir).filter {
            $0.hasPrefix(prefix) && isDirectory(dir + "/" + $0)
                && CaptureDirectory.exists(CaptureDirectory(dir + "/" + $0).workloadPath)
        }.sorted()
    }

    public static func path(_ relative: String, file: StaticString = #filePath) -> String {
        directory(file: file) + "/" + relative
    }

    /// Reads every event of a trace file.
    public static func events(_ path: String, options: TraceReadOptions = TraceReadOptions()) throws -> ([TraceEvent], TraceDiagnostics) {
        let source = try TraceFile.open(path, options: options)
        var events: [TraceEvent] = []
        while let e = try source.next() { events.append(e) }
        return (events, source.diagnostics)
    }

    /// The lines of a (possibly zstd-compressed) text file.
    public static func lines(_ path: String) throws -> [String] {
        let source = try TraceFile.textSource(path)
        let reader = LineReader(source)
        var out: [String] = []
        while let line = try reader.next() {
            if case .text(let b, _) = line { out.append(String(decoding: b, as: UTF8.self)) }
        }
        return out
    }
}

#if canImport(Glibc)
import Glibc
#endif

func listDirectory(_ path: String) -> [String] {
    (try? FormatDirectory.entries(path)) ?? []
}

func isDirectory(_ path: String) -> Bool {
    FormatDirectory.isDirectory(path)
}

extension Fixtures {
    /// The names in `fixtures/<relative>`, sorted.
    public static func listing(_ relative: String, file: StaticString = #filePath) -> [String] {
        listDirectory(path(relative, file: file)).sorted()
    }
}
