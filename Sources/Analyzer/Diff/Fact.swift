import TraceParser

/// What a `diff` compares: one decision the kernel (or a model) logged, reduced to a key that
/// says which decision it is and the values it decided.
///
/// From `ext4_ext_map_blocks_exit: dev 7,1 ino 12 flags CREATE lblk 0 pblk 33280 len 1 mflags NU ret 1`:
/// kind `.mapBlocks`, ino 12, lblk 0, key `lblk 0 flags CREATE`, values
/// `len 1 pblk 33280 mflags NU ret 1`.
public struct Fact: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable, Comparable {
        case mapBlocks = "map_blocks"
        /// The ext4 series' `->iomap_begin` decisions (`ext4_iomap_*`).
        case iomapMapping = "iomap_mapping"
        /// The generic iomap layer's mapping of each iteration (`iomap_iter_dstmap`): XFS's
        /// only mapping event, and on ext4 what the generic layer made of the series'
        /// decisions (the iomap model emits it), so a kind of its own, not counted against them.
        case iomapDstmap = "iomap_dstmap"
        case extentStatus = "extent_status"
        case allocation
        /// How mballoc served each request (`ext4_mballoc_alloc`: original request, goal,
        /// result and flags; `ext4_mballoc_prealloc`: original and result). The search's
        /// statistics (`blks`, `grps`, `cr`, `tail`, `broken`) are not compared.
        case mballoc
        /// `ext4_da_update_reserve_space`: the delalloc reservation an allocation claims.
        case reserveSpace = "reserve_space"
        /// `iomap_writeback_folio`: each folio the generic layer writes back, with `i_size` as
        /// it was then (the only event of either kernel that prints a file's size).
        case size
        /// `iomap_add_to_ioend`: each block range added to an ioend, with the mapping used.
        case ioend
        case handle
        case commit
        /// An extent of the final on-disk tree: debugfs `ex` after unmount (extents.txt)
        /// against the model's tree at the end of its replay.
        case finalExtents = "final_extents"

        public static func < (a: Kind, b: Kind) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }

        /// Whether two decisions of this kind are the same decision only on the same inode.
        /// A journal handle's inode is shown where the capture names one, but a model's
        /// handle log names none, so handles (and commits) pair by type and order alone.
        public var pairsByInode: Bool { self != .handle && self != .commit }
    }

    public var kind: Kind
    public var ino: UInt64?
    /// The logical block (or byte offset, for iomap mappings) the decision is about.
    public var lblk: UInt64?
    /// Which decision: two facts with the same kind, inode and key are the same decision,
    /// paired in trace order.
    public var key: String
    /// What was decided, as `name value` pairs.
    public var values: [EventField]
    /// Where the event is in its trace.
    public var position: SourceLocation

    /// `len 1 pblk 33280 mflags NU ret 1`.
    public var valuesText: String { values.map { "\($0.name) \($0.value)" }.joined(separator: " ") }

    /// One leaf extent of an inode's final tree: key `lblk 1`, values `len 15 pblk 33281
    /// unwritten 1`. `position` is where it was read from (a line of extents.txt), if anywhere.
    public static func finalExtent(ino: UInt64, lblk: UInt64, len: UInt64, pblk: UInt64, unwritten: Bool,
                                   position: SourceLocation = .none) -> Fact {
        Fact(kind: .finalExtents, ino: ino, lblk: lblk, key: "lblk \(lblk)",
             values: [EventField("len", .uint(len)), EventField("pblk", .uint(pblk)),
                      EventField("unwritten", .uint(unwritten ? 1 : 0))],
             position: position)
    }
}

/// Turns events into facts, one event at a time.
public enum FactExtractor {
    /// The fact an event records, if it records a decision `diff` compares.
    public static func fact(of e: TraceEvent) -> Fact? {
        func pick(_ names: [String]) -> [EventField] { names.compactMap { n in e[n].map { EventField(n, $0) } } }
        func text(_ name: String) -> String { e[name]?.description ?? "" }
        switch e.name {
        case "ext4_ext_map_blocks_exit", "ext4_ind_map_blocks_exit":
            return Fact(kind: .mapBlocks, ino: e.inode, lblk: e["lblk"]?.uint,
                        key: "lblk \(text("lblk")) flags \(text("flags"))",
                        values: pick(["len", "pblk", "mflags", "ret"]), position: e.position)
        case "iomap_iter_dstmap":
            return Fact(kind: .iomapDstmap, ino: e.inode, lblk: e["offset"]?.uint,
                        key: "offset \(text("offset"))", values: pick(["length", "type", "flags", "addr"]), position: e.position)
        case "ext4_iomap_buffered_write_begin", "ext4_iomap_buffered_read_begin",
             "ext4_iomap_map_writeback_range", "ext4_iomap_zero_begin":
            return Fact(kind: .iomapMapping, ino: e.inode, lblk: e["m_lblk"]?.uint,
                        key: "\(e.name) m_lblk \(text("m_lblk"))", values: pick(["m_len", "m_flags"]), position: e.position)
        case "ext4_es_insert_extent", "ext4_es_cache_extent", "ext4_es_insert_delayed_extent", "ext4_es_remove_extent":
            return Fact(kind: .extentStatus, ino: e.inode, lblk: e["lblk"]?.uint,
                        key: "\(e.name.dropFirst(8)) lblk \(text("lblk"))", values: pick(["len", "pblk", "status"]), position: e.position)
        case "ext4_allocate_blocks":
            return Fact(kind: .allocation, ino: e.inode, lblk: e["logical"]?.uint,
                        key: "logical \(text("logical"))", values: pick(["len", "block", "flags"]), position: e.position)
        case "ext4_mballoc_alloc", "ext4_mballoc_prealloc":
            func ext(_ p: String) -> String { "\(text(p + "_group"))/\(text(p + "_start"))/\(text(p + "_len"))@\(text(p + "_logical"))" }
            let alloc = e.name == "ext4_mballoc_alloc"
            var values = [EventField("event", .string(alloc ? "alloc" : "prealloc")), EventField("orig", .string(ext("orig")))]
            if alloc { values += [EventField("goal", .string(ext("goal")))] }
            values.append(EventField("result", .string(ext("result"))))
            if alloc { values += pick(["flags"]) }
            return Fact(kind: .mballoc, ino: e.inode, lblk: e["orig_logical"]?.uint,
                        key: "logical \(text("orig_logical"))", values: values, position: e.position)
        case "ext4_da_update_reserve_space":
            return Fact(kind: .reserveSpace, ino: e.inode, lblk: nil, key: "claim",
                        values: pick(["i_blocks", "used_blocks", "reserved_data_blocks", "quota_claim"]), position: e.position)
        case "iomap_writeback_folio":
            return Fact(kind: .size, ino: e.inode, lblk: e["offset"]?.uint,
                        key: "offset \(text("offset"))", values: pick(["size", "length"]), position: e.position)
        case "iomap_add_to_ioend":
            return Fact(kind: .ioend, ino: e.inode, lblk: e["pos"]?.uint,
                        key: "pos \(text("pos"))", values: pick(["dirty_len", "addr", "offset", "length", "type", "flags"]),
                        position: e.position)
        case "jbd2_handle_stats":
            return Fact(kind: .handle, ino: nil, lblk: nil, key: "type \(HandleType.name(Int(e["type"]?.int ?? -1)))",
                        values: pick(["requested_blocks", "dirtied_blocks"]), position: e.position)
        case "jbd2_run_stats":
            return Fact(kind: .commit, ino: nil, lblk: nil, key: "commit",
                        values: pick(["handle_count", "blocks", "blocks_logged"]), position: e.position)
        default:
            return nil
        }
    }

    /// Every fact of a stream, in order, of one device's events when `device` is given.
    /// `progress` is called every 64 Ki events with the bytes read and the input's size.
    /// A handle's fact carries the inode its `ext4_journal_start_inode` named (`HandleInodes`).
    public static func facts(_ source: any TraceEventSource, device: String? = nil,
                             progress: ((Int, Int?) -> Void)? = nil) throws(TraceError) -> [Fact] {
        let device = device.map { String($0.map { $0 == "," ? ":" : $0 }) }
        var out: [Fact] = []
        var handles = HandleInodes()
        var n = 0
        while let e = try source.next() {
            if let device, let d = e.device, d != device { continue }
            let ino = handles.note(e)
            if var f = fact(of: e) {
                if f.kind == .handle { f.ino = ino }
                out.append(f)
            }
            n += 1
            if n & 0xFFFF == 0, let progress { progress(source.progress.done, source.progress.total) }
        }
        return out
    }
}
