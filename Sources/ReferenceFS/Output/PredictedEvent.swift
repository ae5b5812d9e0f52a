/// One tracepoint hit a model predicts, kept as the kernel would print it. `{dev:}` and
/// `{dev,}` stand for the device (`7:1` as iomap and the series print it, `7,1` as the older
/// ext4 events do), filled in when the trace is written.
///
///     ext4_iomap_buffered_write_begin: dev 7:1 ino 12 m_lblk 0 m_len 1 m_flags 0x100 m_seq 1 orig_off 0x0 orig_len 0x400 iomap_flags 0x1
public struct PredictedEvent: Sendable, Equatable {
    public var context: OperationContext
    public var name: String
    public var body: String

    public init(_ context: OperationContext, _ name: String, _ body: String) {
        self.context = context
        self.name = name
        self.body = body
    }

    /// A number as the kernel's `0x%llx` prints it.
    static func hex(_ v: UInt64) -> String { "0x" + String(v, radix: 16) }

    /// `EXT4_MAP_*` (fs/ext4/ext4.h: buffer_head state bits).
    static let mapNew: UInt32 = 1 << 5
    static let mapMapped: UInt32 = 1 << 4
    static let mapUnwritten: UInt32 = 1 << 11
    static let mapDelayed: UInt32 = 1 << 8

    /// `show_mflags()` of this kernel: N, M, U, B, then leftover bits in hex the way
    /// `trace_print_flags_seq` prints them (`EXT4_MAP_DELAYED` has no letter: `0x100`).
    static func mflags(_ flags: UInt32) -> String {
        var out = ""
        var rest = flags
        for (bit, letter) in [(mapNew, "N"), (mapMapped, "M"), (mapUnwritten, "U"), (UInt32(1) << 9, "B")] where rest & bit != 0 {
            out += letter
            rest &= ~bit
        }
        if rest != 0 { out += PredictedEvent.hex(UInt64(rest)) }
        return out
    }

    /// An event of the series' `ext4_set_iomap_class` (patch "ext4: add block mapping
    /// tracepoints for iomap buffered I/O path").
    static func setIomap(_ name: String, ino: UInt64, lblk: UInt64, len: UInt64, mapFlags: UInt32, seq: UInt64,
                         offset: UInt64, length: UInt64, iomapFlags: UInt32, _ ctx: OperationContext) -> PredictedEvent {
        PredictedEvent(ctx, name, "dev {dev:} ino \(ino) m_lblk \(lblk) m_len \(len) m_flags \(mflags(mapFlags)) m_seq \(seq) orig_off \(PredictedEvent.hex(offset)) orig_len \(PredictedEvent.hex(length)) iomap_flags \(PredictedEvent.hex(UInt64(iomapFlags)))")
    }

    /// The body with the device filled in.
    public func body(device: String) -> String {
        body.replacingAll("{dev:}", with: device)
            .replacingAll("{dev,}", with: String(device.map { $0 == ":" ? "," : $0 }))
    }
}

extension String {
    /// Replaces every `target` (no Foundation in ReferenceFS).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        var out = ""
        var rest = self[...]
        while let r = rest.firstRange(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}
