import TraceParser

/// One call of the series' `ext4_set_iomap_class` events, the fields the fidelity check
/// compares: the mapping ext4 returned (`m_lblk`, `m_len`, `m_flags`) and the byte range iomap
/// asked for (`orig_off`, `orig_len`; the v2 `TP_STRUCT` names them `offset`/`length`, so a
/// trace.dat carries those names).
///
///     ext4_iomap_buffered_write_begin: dev 7:0 ino 12 m_lblk 0 m_len 1 m_flags 0x100 m_seq 1 orig_off 0x0 orig_len 0x1000 iomap_flags 0x1
public struct IomapCall: Sendable, Equatable, CustomStringConvertible {
    public var ino: UInt64
    public var lblk: UInt64
    public var length: UInt64
    public var mapFlags: UInt64
    public var offset: UInt64
    public var requestLength: UInt64

    public static let eventNames: Set<String> = [
        "ext4_iomap_buffered_read_begin", "ext4_iomap_buffered_write_begin",
        "ext4_iomap_map_writeback_range", "ext4_iomap_zero_begin",
    ]

    /// From a kernel event (ftrace text, trace-cmd or trace.dat) or one the model emitted.
    public init?(kernel e: TraceEvent) {
        // A hole's `m_flags` prints as nothing, which text decoding may leave out.
        guard let ino = e.inode, let lblk = e["m_lblk"]?.uint, let len = e["m_len"]?.uint,
              let flags = IomapCall.mapFlags(e["m_flags"] ?? .string("")),
              let off = (e["orig_off"] ?? e["offset"])?.uint, let olen = (e["orig_len"] ?? e["length"])?.uint else { return nil }
        self.init(ino: ino, lblk: lblk, length: len, mapFlags: flags, offset: off, requestLength: olen)
    }

    public init(ino: UInt64, lblk: UInt64, length: UInt64, mapFlags: UInt64, offset: UInt64, requestLength: UInt64) {
        self.ino = ino
        self.lblk = lblk
        self.length = length
        self.mapFlags = mapFlags
        self.offset = offset
        self.requestLength = requestLength
    }

    public var description: String {
        "ino \(ino) m_lblk \(lblk) m_len \(length) m_flags \(MappedFlags.text(UInt32(truncatingIfNeeded: mapFlags))) orig_off 0x\(String(offset, radix: 16)) orig_len 0x\(String(requestLength, radix: 16))"
    }

    /// `m_flags` as a number: trace.dat gives it raw; `show_mflags()` prints `NMU`, `0x100`
    /// (`EXT4_MAP_DELAYED` has no letter), or nothing for a hole.
    static func mapFlags(_ v: FieldValue?) -> UInt64? {
        guard let v else { return nil }
        if let n = v.uint { return n }
        guard var text = v.string?[...] else { return nil }
        var out: UInt64 = 0
        let letters: [Character: UInt32] = ["N": MappedFlags.new, "M": MappedFlags.mapped,
                                            "U": MappedFlags.unwritten, "B": MappedFlags.boundary]
        while let c = text.first, let bit = letters[c] { out |= UInt64(bit); text = text.dropFirst() }
        if text.isEmpty { return out }
        guard text.hasPrefix("0x"), let rest = UInt64(text.dropFirst(2), radix: 16) else { return nil }
        return out | rest
    }

    /// Model against kernel, event by event: counts, and the first `min` calls of each compared
    /// in trace order.
    public static func score(predicted: [TraceEvent], kernel: [String: [IomapCall]]) -> [String: IomapEventScore] {
        var model: [String: [IomapCall]] = [:]
        for p in predicted where eventNames.contains(p.name) {
            if let c = IomapCall(kernel: p) { model[p.name, default: []].append(c) }
        }
        var out: [String: IomapEventScore] = [:]
        for name in eventNames {
            let m = model[name] ?? [], k = kernel[name] ?? []
            var s = IomapEventScore(predicted: m.count, kernel: k.count)
            for (a, b) in zip(m, k) {
                s.compared += 1
                if a == b { s.matching += 1 } else if s.firstMismatch == nil { s.firstMismatch = "model \(a) / kernel \(b)" }
            }
            out[name] = s
        }
        return out
    }
}

/// One `ext4_iomap_*` event: how many calls the model and the kernel made, and how many of the
/// calls compared in order agree in every field.
public struct IomapEventScore: Sendable, Equatable {
    public var predicted = 0
    public var kernel = 0
    public var compared = 0
    public var matching = 0
    public var firstMismatch: String? = nil

    public var countMatches: Bool { predicted == kernel }
    /// Counts equal and every call equal.
    public var exact: Bool { countMatches && matching == compared }
}
