#if canImport(Glibc)
import Glibc
#endif

/// Opening the crash log's files (logs, images, copies), with errors naming the file.
enum CrashLogFile {
    /// `open(path, O_RDONLY)`.
    static func openForReading(_ path: String) throws(CrashLogError) -> Int32 {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw CrashLogError(.io, path, "cannot open: \(errnoText())") }
        return fd
    }

    /// `open(path, O_WRONLY | O_CREAT | O_TRUNC, mode)`: a new or emptied file.
    static func create(_ path: String, mode: mode_t = 0o644) throws(CrashLogError) -> Int32 {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        if fd < 0 { throw CrashLogError(.io, path, "cannot create: \(errnoText())") }
        return fd
    }
}
