/// When a buffered I/O path changes the metadata a crash recovers, relative to its data I/O —
/// the orderings the crash explorer needs that the model (which finishes every I/O at once)
/// does not keep. Derived from the path's name, the mount options and the `--what-if` switches.
public struct CrashPathConfig: Sendable, Equatable {
    /// What the I/O completion work does to the blocks an I/O allocated.
    public enum EndIOMapping: String, Sendable {
        /// Nothing: the blocks were allocated written before the I/O was submitted
        /// (buffer_head with dioread_lock; `--what-if written-allocation`).
        case none
        /// Converts unwritten extents to written (`ext4_convert_unwritten_io_end_vec` on the
        /// buffer_head path with dioread_nolock; `ext4_iomap_finish_ioend` on the iomap path).
        case convertUnwritten
        /// Inserts the extent, reserved until then (the delay-map proposal's completion).
        case insertExtent
    }

    public var endIO: EndIOMapping
    /// `i_disksize` moves at I/O completion (the series) rather than at submission
    /// (`mpage_map_and_submit_extent`).
    public var disksizeAtCompletion: Bool
    /// data=ordered: a commit waits for the data of written blocks newly allocated
    /// (`ext4_jbd2_inode_add_write` → `journal_finish_inode_data_buffers`).
    public var ordersData: Bool
    public var whatIfs: Set<CrashWhatIf>

    /// The configuration of the path named `path` (`buffer_head`, `iomap`, `delaymap`) under
    /// `options`, with `whatIfs` applied. A switch that does not concern the path (e.g.
    /// `no-ordered` on iomap, which orders no data anyway) leaves it unchanged.
    public init(path: String, options: MountOptions, whatIfs: Set<CrashWhatIf> = []) {
        self.whatIfs = whatIfs
        switch path {
        case "iomap", "delaymap":
            // "ext4: do not order data for inodes using buffered iomap".
            ordersData = false
            disksizeAtCompletion = !whatIfs.contains(.disksizeAtSubmit)
            if path == "delaymap" {
                endIO = .insertExtent
            } else {
                endIO = whatIfs.contains(.writtenAllocation) ? .none : .convertUnwritten
            }
        default:
            endIO = options.usesUnwrittenWriteback ? .convertUnwritten : .none
            disksizeAtCompletion = false
            ordersData = options.data == .ordered && !whatIfs.contains(.noOrdered)
        }
    }

    /// One line for reports: `end-io convertUnwritten, disksize at completion, no ordered data`.
    public var summary: String {
        "end-io \(endIO.rawValue), disksize at \(disksizeAtCompletion ? "completion" : "submission"), \(ordersData ? "ordered data" : "no ordered data")"
    }
}
