#if canImport(Glibc)
import Glibc
#endif

/// Runs helper commands (mkfs, losetup, mount, dumpe2fs, debugfs, filefrag) with posix_spawn.
///
/// Helpers run in their own process group, so a Ctrl-C at the terminal reaches ext4trace and the
/// workload but not an `umount` or `losetup -d` that cleanup depends on. Output goes through
/// temporary files, so a chatty helper can never block on a full pipe.
enum Subprocess {
    struct Result {
        var status: Int32
        var stdout: [UInt8]
        var stderr: String
        var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// Runs `argv` to completion. `argv[0]` is looked up in PATH.
    static func run(_ argv: [String], scratchDirectory: String = "/tmp") throws -> Result {
        let out = try TemporaryFile(in: scratchDirectory, prefix: "out")
        let err = try TemporaryFile(in: scratchDirectory, prefix: "err")
        defer { out.remove(); err.remove() }
        let pid = try spawn(argv, stdoutPath: out.path, stderrPath: err.path, ownProcessGroup: true)
        let status = wait(for: pid)
        let stderrText = String(decoding: (try? readWholeFile(err.path)) ?? [], as: UTF8.self)
        return Result(status: status, stdout: (try? readWholeFile(out.path)) ?? [], stderr: stderrText)
    }

    /// Runs `argv` and fails with the command's own error text unless it exits 0.
    @discardableResult
    static func check(_ argv: [String], scratchDirectory: String = "/tmp") throws -> Result {
        let r = try run(argv, scratchDirectory: scratchDirectory)
        if r.status != 0 {
            let why = r.stderr.split(separator: "\n").last.map(String.init) ?? ""
            throw RecorderError(.command, argv.joined(separator: " "), "exit \(r.status)\(why.isEmpty ? "" : ": " + why)")
        }
        return r
    }

    /// Starts `argv` and returns its pid. `dup2` pairs (from, to) give the child extra descriptors.
    /// `stdinPath` replaces standard input (a child in its own process group must not read the
    /// terminal: it would be stopped by SIGTTIN).
    static func spawn(_ argv: [String], stdinPath: String? = nil, stdoutPath: String? = nil, stderrPath: String? = nil,
                      ownProcessGroup: Bool, dup2: [(Int32, Int32)] = []) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let stdinPath { posix_spawn_file_actions_addopen(&actions, 0, stdinPath, O_RDONLY, 0) }
        if let stdoutPath { posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_TRUNC, 0o644) }
        if let stderrPath { posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_TRUNC, 0o644) }
        for (from, to) in dup2 { posix_spawn_file_actions_adddup2(&actions, from, to) }

        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        // Signals ext4trace handles or ignores (SIGINT, SIGTERM, SIGPIPE) start at their defaults.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGINT, SIGTERM, SIGPIPE, SIGHUP] { sigaddset(&defaults, s) }
        posix_spawnattr_setsigdefault(&attr, &defaults)
        var flags = Int32(POSIX_SPAWN_SETSIGDEF)
        if ownProcessGroup {
            flags |= Int32(POSIX_SPAWN_SETPGROUP)
            posix_spawnattr_setpgroup(&attr, 0)
        }
        posix_spawnattr_setflags(&attr, Int16(flags))

        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, argv[0], &actions, &attr, &cArgs, environ)
        if rc != 0 {
            throw RecorderError(.command, argv[0], "cannot run: \(errnoText(rc))")
        }
        return pid
    }

    /// Waits for the child; returns its exit status, or 128 + signal if a signal ended it.
    /// `onInterrupt` runs when waitpid is interrupted by a signal (ext4trace's SIGTERM).
    static func wait(for pid: pid_t, onInterrupt: () -> Void = {}) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return -1 }
            onInterrupt()
        }
        if status & 0x7f == 0 { return (status >> 8) & 0xff }      // WIFEXITED → WEXITSTATUS
        return 128 + (status & 0x7f)                               // WTERMSIG
    }

    /// Whether `tool` is an executable in PATH.
    static func isInstalled(_ tool: String) -> Bool {
        let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/sbin:/usr/bin:/sbin:/bin"
        return path.split(separator: ":").contains { access("\($0)/\(tool)", X_OK) == 0 }
    }
}

/// A file made with mkstemp, removed by `remove()`.
struct TemporaryFile {
    let path: String

    init(in directory: String, prefix: String) throws {
        var template = Array("\(directory)/ext4trace-\(prefix)-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        if fd < 0 { throw RecorderError(.io, directory, "cannot create a temporary file: \(errnoText())") }
        close(fd)
        path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    func remove() { unlink(path) }
}
