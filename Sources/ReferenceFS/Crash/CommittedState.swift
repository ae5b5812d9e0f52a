/// The metadata a journal commit made durable: every inode (extent tree with its written and
/// unwritten flags, `i_size`, `i_disksize`) as of the commit record, and when it was written.
///
/// Mirrors what jbd2 recovery (`do_one_pass`) replays after a crash: the metadata buffers of
/// every transaction whose commit block made it to disk. `Filesystem.commitTransaction` appends
/// one when `Filesystem.committedStates` is set (copying the inodes is a reference count: the
/// dictionary is shared until the model changes it). Leaves out the bitmaps and the group
/// descriptors (e2fsck rebuilds them from the extent trees) and checkpointing (a checkpoint
/// writes metadata already recoverable from the journal, so it changes no recovered state).
public struct CommittedState: Sendable, Equatable {
    /// The transaction whose commit record this is.
    public var tid: UInt64
    public var timestampNs: UInt64
    public var inodes: [UInt64: Inode]

    public init(tid: UInt64, timestampNs: UInt64, inodes: [UInt64: Inode]) {
        self.tid = tid
        self.timestampNs = timestampNs
        self.inodes = inodes
    }
}
