#if canImport(Glibc)
import Glibc
#endif

enum Directory {
    /// Creates `path` (one level) unless it already is a directory.
    static func create(_ path: String) throws(AnalyzerError) {
        var st = stat()
        if stat(path, &st) == 0 {
            if (st.st_mode & S_IFMT) == S_IFDIR { return }
            throw AnalyzerError(.io, file: path, "exists and is not a directory")
        }
        if mkdir(path, 0o755) != 0 {
            throw AnalyzerError(.io, file: path, "cannot create directory: \(String(cString: strerror(errno)))")
        }
    }
}
