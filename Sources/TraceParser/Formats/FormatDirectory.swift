#if canImport(Glibc)
import Glibc
#endif

/// Reads `format` files from a tracefs-shaped `events/` directory tree (and lists directories
/// for whoever else needs to, without Foundation).
public enum FormatDirectory {
    static func read(_ directory: String) throws(TraceError) -> [EventFormat] {
        var formats: [EventFormat] = []
        for system in try entries(directory) {
            let sysPath = directory + "/" + system
            guard isDirectory(sysPath) else { continue }
            for event in (try? entries(sysPath)) ?? [] {
                let path = sysPath + "/" + event + "/format"
                guard let text = readSmallFile(path) else { continue }
                do {
                    formats.append(try EventFormat.parse(text, system: system))
                } catch {
                    throw TraceError(.format, file: path, error.reason)
                }
            }
        }
        return formats
    }

    /// The names in directory `path`, sorted, without `.` and `..`.
    public static func entries(_ path: String) throws(TraceError) -> [String] {
        guard let dir = opendir(path) else {
            throw TraceError(.io, file: path, "cannot list: \(String(cString: strerror(errno)))")
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let e = readdir(dir) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    public static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// Reads a file of at most 1 MiB (format files are a few KiB; tracefs reports size 0).
    static func readSmallFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while bytes.count < 1 << 20 {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            bytes += chunk[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
