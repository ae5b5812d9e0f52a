import Synchronization
import TraceParser

/// The fixtures' decoded events (and anything computed from them), decoded once per test run
/// and shared by every test that reads the same capture: tests that replay or analyse a
/// capture ask here instead of opening the trace again. Thread-safe: Swift Testing runs cases
/// in parallel; two asking for the same key wait for one computation, different keys compute
/// side by side.
public final class CorpusCache: Sendable {
    public static let shared = CorpusCache()

    private final class Entry: Sendable {
        let value = Mutex<(any Sendable)?>(nil)
    }
    private let entries = Mutex<[String: Entry]>([:])

    public init() {}

    /// The value cached under `key`, computed by `compute` the first time it is asked for.
    /// A computation that throws caches nothing.
    public func value<T: Sendable>(key: String, _ compute: () throws -> T) throws -> T {
        let entry = entries.withLock { table in
            if let e = table[key] { return e }
            let e = Entry()
            table[key] = e
            return e
        }
        return try entry.value.withLock { (cached: inout (any Sendable)?) throws -> T in
            if let hit = cached as? T { return hit }
            let fresh = try compute()
            cached = fresh
            return fresh
        }
    }

    /// Every event of the trace file at `path`, read with the default options.
    public func events(_ path: String) throws -> [TraceEvent] {
        try value(key: "events:" + path) { try Fixtures.events(path).0 }
    }
}
