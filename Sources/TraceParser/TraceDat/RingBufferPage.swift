/// Walks the records of one CPU's ring-buffer pages (the kernel's `ring_buffer.c` layout, read
/// as libtraceevent's kbuffer reads it). A page is
///
///     u64 timestamp | local_t commit (data bytes, bit 31: events were missed before this page,
///     bit 30: their count is stored after the data) | data
///
/// and each record starts with a 32-bit header: `type_len` (5 bits) and `time_delta` (27 bits).
/// type_len 1...28: a record of type_len × 4 bytes; 0: the length is in the next word;
/// 29: padding; 30: a time extend; 31: an absolute timestamp.
final class CPUCursor {
    let stream: CPUDataStream
    let cpu: Int
    let buffer: Int
    let layout: RingBufferPageLayout
    let loader: RawLoader

    /// Where the walk is. Kept in one struct that `advance` copies in and out once, so the
    /// hot loop works on locals instead of checking exclusive access to each property.
    struct State {
        var page = UnsafeRawBufferPointer(start: nil, count: 0)
        var pageFileOffset = 0
        var position = 0
        var end = 0
        var clock: UInt64 = 0
        /// The current record: its timestamp and bytes (valid until `advance`).
        var timestampNs: UInt64 = 0
        var record = UnsafeRawBufferPointer(start: nil, count: 0)
    }
    private(set) var state = State()
    var timestampNs: UInt64 { state.timestampNs }
    var record: UnsafeRawBufferPointer { state.record }
    /// Events the kernel reported lost at page starts, and how many pages said so.
    var lostEvents = 0
    var lostMarkers = 0

    static let typePadding: UInt32 = 29
    static let typeTimeExtend: UInt32 = 30
    static let typeTimeStamp: UInt32 = 31
    static let missedEvents: UInt64 = 1 << 31
    static let missedStored: UInt64 = 1 << 30
    static let commitMask: UInt64 = (1 << 27) - 1

    init(stream: CPUDataStream, cpu: Int, buffer: Int, layout: RingBufferPageLayout, bigEndian: Bool) {
        self.stream = stream
        self.cpu = cpu
        self.buffer = buffer
        self.layout = layout
        loader = RawLoader(bigEndian: bigEndian)
    }

    /// Moves to the next data record; false at the end of the CPU's data.
    func advance() throws(TraceError) -> Bool {
        var s = state
        defer { state = s }
        while true {
            while s.position < s.end {
                if try CPUCursor.step(&s, loader, self) { return true }
            }
            guard try loadPage(&s) else { return false }
        }
    }

    /// Reads the record header at `position`; true when it was a data record.
    @inline(__always)
    private static func step(_ s: inout State, _ loader: RawLoader, _ cursor: CPUCursor) throws(TraceError) -> Bool {
        let page = s.page, end = s.end, position = s.position
        func damaged(_ reason: String) -> TraceError { cursor.damaged(reason, s) }
        guard let base = page.baseAddress, end - position >= 4 else { throw damaged("record header cut short by the page's end") }
        let word = loader.u32(base, position)
        let typeLen = loader.bigEndian ? word >> 27 : word & 31
        let delta = UInt64(loader.bigEndian ? word & ((1 << 27) - 1) : word >> 5)
        switch typeLen {
        case CPUCursor.typePadding:
            if delta == 0 { s.position = end; return false }        // the rest of the page is empty
            guard end - position >= 8 else { throw damaged("padding record cut short") }
            let length = Int(loader.u32(base, position + 4))
            guard length <= end - position - 4 else { throw damaged("padding of \(length) bytes runs past the page") }
            s.position += 4 + length
            return false
        case CPUCursor.typeTimeExtend:
            guard end - position >= 8 else { throw damaged("time extend cut short") }
            s.clock &+= UInt64(loader.u32(base, position + 4)) << 27 + delta
            s.position += 8
            return false
        case CPUCursor.typeTimeStamp:
            guard end - position >= 8 else { throw damaged("absolute timestamp cut short") }
            s.clock = CPUCursor.fixAbsolute(UInt64(loader.u32(base, position + 4)) << 27 | delta, s.clock)
            s.position += 8
            return false
        case 0:
            guard end - position >= 8 else { throw damaged("record length cut short") }
            let length = Int(loader.u32(base, position + 4))
            guard length >= 4, length - 4 <= end - position - 8 else { throw damaged("record of \(length) bytes runs past the page") }
            s.clock &+= delta
            s.timestampNs = s.clock
            s.record = UnsafeRawBufferPointer(rebasing: page[(position + 8)..<(position + 8 + length - 4)])
            s.position += 8 + ((length - 4 + 3) & ~3)
            return true
        default:
            let length = Int(typeLen) * 4
            guard length <= end - position - 4 else { throw damaged("record of \(length) bytes runs past the page") }
            s.clock &+= delta
            s.timestampNs = s.clock
            s.record = UnsafeRawBufferPointer(rebasing: page[(position + 4)..<(position + 4 + length)])
            s.position += 4 + length
            return true
        }
    }

    /// An absolute timestamp holds 59 bits; the top bits come from the current time
    /// (the kernel's `rb_fix_abs_ts`).
    static func fixAbsolute(_ abs: UInt64, _ current: UInt64) -> UInt64 {
        let msb: UInt64 = 0x1F << 59
        guard current & msb != 0 else { return abs }
        var v = abs | (current & msb)
        if v < current { v &+= 1 << 59 }
        return v
    }

    private func loadPage(_ s: inout State) throws(TraceError) -> Bool {
        while true {
            guard let (p, at) = try stream.nextPage() else { return false }
            s.page = p
            s.pageFileOffset = at
            s.position = 0
            guard let base = p.baseAddress, p.count >= layout.dataOffset,
                  layout.commitOffset + layout.commitSize <= p.count, layout.timestampOffset + 8 <= p.count else {
                throw damaged("page of \(p.count) bytes is shorter than its header", s)
            }
            s.clock = loader.u64(base, layout.timestampOffset)
            let commit = loader.unsigned(base, layout.commitOffset, size: layout.commitSize)
            let size = Int(commit & CPUCursor.commitMask)
            guard size <= p.count - layout.dataOffset else {
                throw damaged("page commit of \(size) bytes exceeds the page's \(p.count - layout.dataOffset) data bytes", s)
            }
            s.position = layout.dataOffset
            s.end = layout.dataOffset + size
            if commit & CPUCursor.missedEvents != 0 {
                lostMarkers += 1
                if commit & CPUCursor.missedStored != 0, s.end + layout.commitSize <= p.count {
                    lostEvents += Int(loader.unsigned(base, s.end, size: layout.commitSize) & 0xFFFF_FFFF)
                }
            }
            if size > 0 { return true }
        }
    }

    func damaged(_ reason: String, _ s: State) -> TraceError {
        stream.file.corrupt(s.pageFileOffset, stream.section, "\(reason) (record at byte \(s.position) of the page)")
    }
}
