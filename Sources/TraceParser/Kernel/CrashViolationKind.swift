/// What a crash state can show that the workload was not promised (issue 14), one vocabulary
/// for the kernel's side (Recorder's `crashlog`, read from a recovered device) and the model's
/// (ReferenceFS's `crash`). The raw values are the JSON `kind`s.
public enum CrashViolationKind: String, Sendable, CaseIterable {
    /// Inside the recovered i_disksize: a block mapped written whose data from this file never
    /// became durable, so it reads as whatever it held before (the device's old content,
    /// another file's deleted data, metadata).
    case staleData = "stale_data"
    /// An fsync or fdatasync that returned before the crash point, whose size or data is not
    /// recovered.
    case lostFsync = "lost_fsync"
    /// Inside the recovered size: zeros (a hole or an unwritten extent) where this file's data
    /// never became durable. Allowed, but data a user would miss.
    case sizePastData = "size_past_data"
}
