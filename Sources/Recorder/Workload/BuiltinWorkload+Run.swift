#if canImport(Glibc)
import Glibc
#endif

extension BuiltinWorkload {
    /// Runs the writes in `directory` in this process (the syscall events are filtered to its
    /// pid). `shouldStop` is polled between calls so Ctrl-C ends it promptly.
    func run(in directory: String, shouldStop: () -> Bool) throws {
        let path = directory + "/" + fileName
        let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        if fd < 0 { throw RecorderError(.io, path, "cannot open: \(errnoText())") }
        defer { close(fd) }
        let buffer = [UInt8](repeating: 0xCD, count: blockSize)     // xfs_io's default pattern
        for (index, w) in writes().enumerated() {
            if shouldStop() { throw RecorderError(.interrupted, path, "workload stopped after \(index) writes") }
            let n = buffer.withUnsafeBytes { pwrite(fd, $0.baseAddress!, w.length, off_t(w.offset)) }
            if n != w.length {
                throw RecorderError(.io, path, "pwrite of \(w.length) bytes at \(w.offset) failed: \(n < 0 ? errnoText() : "short write \(n)")")
            }
            if fsyncAfter(write: index) && Glibc.fsync(fd) != 0 {
                throw RecorderError(.io, path, "fsync failed: \(errnoText())")
            }
        }
    }
}
