#if canImport(Glibc)
import Glibc
#endif

/// Buffered standard output and one-line errors. Ignores SIGPIPE, so `ext4trace ... | head`
/// ends quietly instead of by signal.
enum Console {
    nonisolated(unsafe) static var buffer: [UInt8] = {
        signal(SIGPIPE, SIG_IGN)
        var b = [UInt8](); b.reserveCapacity(1 << 16); return b
    }()
    nonisolated(unsafe) static var closed = false

    static func write(_ s: String) {
        buffer += s.utf8
        if buffer.count >= 1 << 16 { flush() }
    }

    static func write(bytes: [UInt8]) {
        guard bytes.count >= 1 << 16 else {
            buffer += bytes
            if buffer.count >= 1 << 16 { flush() }
            return
        }
        // Large chunks go straight out, not through the buffer.
        flush()
        writeAll(bytes)
    }

    static func flush() {
        writeAll(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private static func writeAll(_ bytes: [UInt8]) {
        guard !closed else { return }
        var off = 0
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            while off < raw.count {
                let n = Glibc.write(1, base + off, raw.count - off)
                if n < 0 { if errno == EINTR { continue }; closed = true; return }
                off += n
            }
        }
    }

    static func line(_ s: String) { write(s); write("\n") }

    /// Whether a reader is still at the other end of stdout.
    static var isOpen: Bool { !closed }

    static func error(_ message: String) {
        flush()
        let text = "ext4trace: " + message + "\n"
        _ = text.withCString { Glibc.write(2, $0, strlen($0)) }
    }

    static func stderrLine(_ message: String) {
        let text = message + "\n"
        _ = text.withCString { Glibc.write(2, $0, strlen($0)) }
    }
}

/// A progress bar on stderr, drawn only when stderr is a terminal and the input is large.
struct ProgressBar {
    let total: Int?
    let enabled: Bool
    var lastDrawNs: UInt64 = 0
    let label: String

    init(label: String, total: Int?) {
        self.label = label
        self.total = total
        enabled = isatty(2) == 1 && (total ?? 0) > 32 << 20
    }

    mutating func update(_ done: Int) {
        guard enabled, let total, total > 0 else { return }
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        let now = UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
        guard now - lastDrawNs > 100_000_000 else { return }
        lastDrawNs = now
        let fraction = min(1.0, Double(done) / Double(total))
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let text = "\r\(label) [\(bar)] \(Int(fraction * 100))% \(done >> 20)/\(total >> 20) MiB"
        _ = text.withCString { Glibc.write(2, $0, strlen($0)) }
    }

    func finish() {
        guard enabled, lastDrawNs > 0 else { return }
        let clear = "\r" + String(repeating: " ", count: 70) + "\r"
        _ = clear.withCString { Glibc.write(2, $0, strlen($0)) }
    }
}

/// The size of a regular file, for progress bars (nil when it cannot be known).
func fileSize(_ path: String) -> Int? {
    var st = stat()
    guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
    return Int(st.st_size)
}
