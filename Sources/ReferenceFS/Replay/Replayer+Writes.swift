import TraceParser

/// A buffered write(2) a task is in: its inode and byte range.
struct WriteInProgress: Sendable, Equatable {
    var ino: UInt64
    var range: Range<UInt64>
    /// The syscall's count was unreadable: the write is replayed at `sys_exit_pwrite64` with
    /// the bytes it returned.
    var lengthFromExit = false
    var folioEvents = true
}

extension Replayer {
    /// The whole write(2) an event starts, if it starts one — the input every path replays,
    /// whichever path the capture ran:
    ///
    /// * `sys_enter_pwrite64` notes the length (`count`) the task asked for;
    /// * on a buffer_head capture the first `ext4_da_write_begin`/`ext4_write_begin` after it
    ///   binds the range to its inode (the later per-folio begins of the same write start
    ///   nothing);
    /// * on an iomap capture the first `iomap_iter` of `iomap_file_buffered_write` after it
    ///   does (flags `IOMAP_WRITE` without `ZERO`, `FAULT`, `DIRECT`, `REPORT`, `UNSHARE`).
    ///   Only that first iteration is read: the later ones, and the `length` any iteration
    ///   prints, are the mappings ext4 returned.
    ///
    /// Without a syscall (captures that did not trace them) a per-folio begin outside the
    /// task's current write starts a write of its own range, and an `iomap_iter` with a
    /// non-zero `length` outside it one of that length (on the first iteration `length` is the
    /// whole remaining write, except at position 0 where 7.3 prints 0; such a write is lost).
    ///
    /// `step` is the event's part in this, by its name (`EventRole.writeStep`).
    mutating func startsBufferedWrite(_ e: TraceEvent, _ step: EventRole.WriteStep) -> Operation? {
        switch step {
        case .enterPwrite:
            // 7.3 prints the buffer's first bytes (`buf: 0x… (cd:cd:…, ...)`), which can leave
            // `count` unreadable in text: the write's length then comes from the syscall's exit.
            pendingWrites[e.pid] = .some(e["count"]?.uint)
            currentWrites[e.pid] = nil
            return nil
        case .exitPwrite:
            pendingWrites[e.pid] = nil
            defer { currentWrites[e.pid] = nil }
            guard let w = currentWrites[e.pid], w.lengthFromExit, let ret = e["ret"]?.int, ret > 0 else { return nil }
            return .bufferedWrite(ino: w.ino, pos: w.range.lowerBound, count: UInt64(ret), folioEventsFollow: w.folioEvents)
        case .folioBegin:
            guard let ino = e.inode else { return nil }
            return startWrite(e.pid, ino: ino, pos: e["pos"]?.uint ?? 0, fallbackLength: e["len"]?.uint ?? 0, folioEvents: true)
        case .folioEnd:
            // The write is over once a folio ends at its end: a later write to the same bytes
            // is a new one, with or without a syscall to say so.
            if let w = currentWrites[e.pid], !w.lengthFromExit,
               (e["pos"]?.uint ?? 0) + (e["copied"]?.uint ?? 0) >= w.range.upperBound {
                currentWrites[e.pid] = nil
            }
            return nil
        case .iomapIter:
            guard let ino = e.inode, let flags = Replayer.iomapFlags(e["flags"]) else { return nil }
            if flags == Replayer.iomapWrite | Replayer.iomapFault { return startsFault(e, ino: ino) }
            guard flags & Replayer.iomapWrite != 0, flags & Replayer.iomapNotBufferedWrite == 0 else { return nil }
            return startWrite(e.pid, ino: ino, pos: e["pos"]?.uint ?? 0,
                              fallbackLength: e["length"]?.uint ?? 0, folioEvents: false)
        }
    }

    /// The first event of a write inside `pwrite64` starts it at its own position (the first
    /// folio or iteration begins where the write does).
    private mutating func startWrite(_ pid: Int, ino: UInt64, pos: UInt64, fallbackLength: UInt64,
                                     folioEvents: Bool) -> Operation? {
        if let count = pendingWrites.removeValue(forKey: pid) {
            guard let count else {
                currentWrites[pid] = WriteInProgress(ino: ino, range: pos..<UInt64.max, lengthFromExit: true, folioEvents: folioEvents)
                return nil
            }
            currentWrites[pid] = WriteInProgress(ino: ino, range: pos..<pos + count)
            return .bufferedWrite(ino: ino, pos: pos, count: count, folioEventsFollow: folioEvents)
        }
        if let w = currentWrites[pid], w.ino == ino, w.range.contains(pos) { return nil }
        guard fallbackLength > 0 else { return nil }
        currentWrites[pid] = WriteInProgress(ino: ino, range: pos..<pos + fallbackLength)
        return .bufferedWrite(ino: ino, pos: pos, count: fallbackLength, folioEventsFollow: folioEvents)
    }

    /// A write fault: the first `iomap_iter` of `iomap_page_mkwrite` (flags
    /// `WRITE|FAULT`) names the folio. Its `length` is the folio's size, except at position 0
    /// where 7.3 prints 0; 7.3's ext4 folios are 4 KiB, so 4096 then. The iteration that ends
    /// the fault is the one at the end the fault itself gave, and starts nothing.
    mutating func startsFault(_ e: TraceEvent, ino: UInt64) -> Operation? {
        let pos = e["pos"]?.uint ?? 0, length = e["length"]?.uint ?? 0
        if length == 0, faultEnds[e.pid] == pos {
            faultEnds[e.pid] = nil
            return nil
        }
        let size = length > 0 ? length : 4096
        faultEnds[e.pid] = pos + size
        return .pageMkwrite(ino: ino, pos: pos, length: size)
    }

    static let iomapFault: UInt64 = 0x8
    static let iomapWrite: UInt64 = 0x1
    /// `IOMAP_ZERO` 0x2, `IOMAP_REPORT` 0x4, `IOMAP_FAULT` 0x8, `IOMAP_DIRECT` 0x10,
    /// `IOMAP_UNSHARE` 0x80 (include/linux/iomap.h).
    static let iomapNotBufferedWrite: UInt64 = 0x2 | 0x4 | 0x8 | 0x10 | 0x80

    /// `iomap_iter`'s `flags`: a number from trace.dat, `WRITE (0x1)` or `WRITE|FAULT (0x9)` as
    /// ftrace prints it.
    static func iomapFlags(_ v: FieldValue?) -> UInt64? {
        guard let v else { return nil }
        if let n = v.uint { return n }
        guard let text = v.string else { return nil }
        if let open = text.lastIndex(of: "("), text.hasSuffix(")") {
            let hex = text[text.index(after: open)..<text.index(before: text.endIndex)]
            return hex.hasPrefix("0x") ? UInt64(hex.dropFirst(2), radix: 16) : UInt64(hex)
        }
        return text.hasPrefix("0x") ? UInt64(text.dropFirst(2), radix: 16) : UInt64(text)
    }
}
