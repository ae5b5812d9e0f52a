#if canImport(Glibc)
import Glibc
#endif

/// What reading one CPU's `trace_pipe_raw` gave.
public struct DrainedCPU: Sendable {
    public var cpu: Int
    public var pages: CPUPages
    public var pageCount: Int
    /// Pages whose header says events were lost before them (RB_MISSED_EVENTS in `commit`).
    public var pagesAfterLoss: Int
    /// Events the pages say were lost, where the kernel stored the count (RB_MISSED_STORED).
    public var lostEventsCounted: Int
}

extension TraceInstance {
    /// Bits the kernel sets in a page's `commit` word (kernel/trace/ring_buffer.c).
    static let missedEventsFlag: UInt64 = 1 << 31
    static let missedStoredFlag: UInt64 = 1 << 30

    /// Reads every page of one CPU's buffer from `per_cpu/cpuN/trace_pipe_raw` (non-blocking,
    /// until it is empty) into `spoolPath`. Reading consumes the events, so the instance's
    /// `trace` text must be saved first.
    public func drain(cpu: Int, pageSize: Int, spoolPath: String) throws -> DrainedCPU {
        let source = tracefs.path(path("per_cpu/cpu\(cpu)/trace_pipe_raw"))
        let fd = open(source, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        if fd < 0 { throw RecorderError(.io, source, "cannot open: \(errnoText())") }
        defer { close(fd) }
        var out = try OutputFile(creating: spoolPath)
        var page = [UInt8](repeating: 0, count: pageSize)
        var result = DrainedCPU(cpu: cpu, pages: .bytes([]), pageCount: 0, pagesAfterLoss: 0, lostEventsCounted: 0)
        while true {
            let n = page.withUnsafeMutableBytes { read(fd, $0.baseAddress!, pageSize) }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN { break }
                throw RecorderError(.io, source, "read failed after \(result.pageCount) pages: \(errnoText())")
            }
            if n == 0 { break }
            if n < pageSize { for i in n..<pageSize { page[i] = 0 } }   // a short read: pad the page
            noteLoss(page, pageSize: pageSize, into: &result)
            try out.write(page)
            result.pageCount += 1
        }
        result.pages = .file(path: spoolPath, size: result.pageCount * pageSize)
        return result
    }

    private func noteLoss(_ page: [UInt8], pageSize: Int, into result: inout DrainedCPU) {
        let commit = page.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self) }
        guard commit & Self.missedEventsFlag != 0 else { return }
        result.pagesAfterLoss += 1
        if commit & Self.missedStoredFlag != 0 {
            let length = Int(commit & ((1 << 27) - 1))
            if 16 + length + 8 <= pageSize {
                let count = page.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 16 + length, as: UInt64.self) }
                result.lostEventsCounted += Int(clamping: count)
            }
        }
    }
}
