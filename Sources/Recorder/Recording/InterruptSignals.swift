#if canImport(Glibc)
import Glibc
#endif

/// SIGINT and SIGTERM during a recording: the handler only notes the signal, so the recording
/// stops at the next check and cleans up (instance, mount, loop device, image) before exiting.
/// A second Ctrl-C does not cut the cleanup short.
public enum InterruptSignals {
    nonisolated(unsafe) private static var received: Int32 = 0
    nonisolated(unsafe) private static var previous: [Int32: sigaction] = [:]

    /// The signal that arrived, if any.
    public static var signal: Int32? { received == 0 ? nil : received }

    /// Installs the handlers (without SA_RESTART, so a blocking waitpid returns EINTR).
    public static func install() {
        received = 0
        for s in [SIGINT, SIGTERM, SIGHUP] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { signo in InterruptSignals.note(signo) }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            var old = sigaction()
            sigaction(s, &action, &old)
            previous[s] = old
        }
    }

    /// Puts back the handlers that were there before `install()`.
    public static func restore() {
        for (s, old) in previous {
            var o = old
            sigaction(s, &o, nil)
        }
        previous = [:]
    }

    private static func note(_ signo: Int32) {
        if received == 0 { received = signo }
    }

    /// Throws `.interrupted` if a signal arrived.
    static func check(_ during: String) throws {
        if let s = signal {
            throw RecorderError(.interrupted, "", "interrupted by \(s == SIGINT ? "SIGINT" : s == SIGTERM ? "SIGTERM" : "signal \(s)") \(during); cleaned up")
        }
    }
}
