import TraceParser

/// The `meta.json` of a crash log: how it was recorded, read back by the checker.
///
///     {"format":"ext4trace-crashlog-1","kernel":"7.3.0-rc7","fs":"ext4","data_bytes":67108864,
///      "sector_bytes":512,"mkfs_opts":"","mount_opts":"data=writeback,dioread_lock",
///      "workload":"crash:window","entries":5120,"log_bytes":40000000,"recorder":"ext4trace 0.1.0"}
public struct CrashLogCapture: Sendable, Equatable {
    public var kernel: String
    public var dataBytes: Int64
    public var sectorBytes: Int
    public var mkfsOptions: String
    public var mountOptions: String
    public var workload: String
    public var entries: Int
    public var logBytes: Int64
    public var recorder: String
    /// `loop`, or the block device given with `--crash-device`.
    public var dataDevice: String = "loop"

    public func json() -> String {
        var w = JSONWriter()
        w.objectStart()
        w.key("format"); w.string("ext4trace-crashlog-1")
        w.key("kernel"); w.string(kernel)
        w.key("fs"); w.string("ext4")
        w.key("data_bytes"); w.int(dataBytes)
        w.key("sector_bytes"); w.int(sectorBytes)
        w.key("mkfs_opts"); w.string(mkfsOptions)
        w.key("mount_opts"); w.string(mountOptions)
        w.key("workload"); w.string(workload)
        w.key("entries"); w.int(entries)
        w.key("log_bytes"); w.int(logBytes)
        w.key("recorder"); w.string(recorder)
        w.key("data_device"); w.string(dataDevice)
        w.objectEnd()
        return String(decoding: w.bytes, as: UTF8.self) + "\n"
    }

    /// Reads the flat object `json()` writes (string and integer values, no nesting).
    public static func parse(_ text: String, file: String) throws(CrashLogError) -> CrashLogCapture {
        let fields = CaptureMeta(json: text).fields
        func string(_ k: String) throws(CrashLogError) -> String {
            guard let v = fields[k] else { throw CrashLogError(.badCapture, file, "no \"\(k)\"") }
            return v
        }
        func int(_ k: String) throws(CrashLogError) -> Int64 {
            guard let v = Int64(try string(k)) else { throw CrashLogError(.badCapture, file, "\"\(k)\" is not an integer") }
            return v
        }
        guard fields["format"] == "ext4trace-crashlog-1" else {
            throw CrashLogError(.badCapture, file, "not the meta.json of a record --crash-log capture (format \(fields["format"] ?? "missing"))")
        }
        return CrashLogCapture(kernel: try string("kernel"), dataBytes: try int("data_bytes"), sectorBytes: Int(try int("sector_bytes")),
                               mkfsOptions: try string("mkfs_opts"), mountOptions: try string("mount_opts"),
                               workload: try string("workload"), entries: Int(try int("entries")),
                               logBytes: try int("log_bytes"), recorder: fields["recorder"] ?? "",
                               dataDevice: fields["data_device"] ?? "loop")
    }
}
