/// Collects the values an event's printed conversions give its fields, under the rules both
/// readers share (the text reader from the printed line, the trace.dat reader from the record
/// printed by `PrintFormatEvaluator`):
///
/// - a field printed more than once keeps its strongest value: raw (`REC->flags` as `0x%x`)
///   over rendered (`__print_flags(REC->flags, ...)` as `%s`) over computed (`REC->len + 1`);
///   at equal strength the first wins;
/// - `MAJOR(dev)` and `MINOR(dev)` combine into one string `"7:1"`, stronger than anything else;
///   a major without its minor is kept as the number.
///
///     "flags %s (0x%x)" printing "CREATE|UNWRIT (0x3)"  → flags = 3
///     "dev %d,%d"       printing "dev 7,1"              → dev = "7:1"
struct FieldAssembly {
    /// What one field has been given so far.
    struct Slot {
        /// The value kept, meaningful when `strength >= 0`.
        var value: FieldValue = .uint(0)
        /// The kept value's strength (`TextTemplate.Strength`; raw + 1 for a device); -1: none.
        var strength: Int8 = -1
        /// A `MAJOR(dev)` printed for the field, waiting for its minor.
        var major: UInt64 = 0
        var hasMajor = false
    }

    /// One slot per field name, in the names' order. Values stay in place across `reset`
    /// (only marked empty), so emptying releases nothing.
    var slots: [Slot]

    /// The last device string made, kept while the device repeats (most events carry one).
    var lastDevice: (major: UInt64, minor: UInt64, text: String)? = nil

    init(count: Int) {
        slots = [Slot](repeating: Slot(), count: count)
    }

    /// How many fields the assembly has room for.
    var count: Int { slots.count }

    /// Empties the assembly for the next event of the same type, keeping its storage.
    mutating func reset() {
        slots.withUnsafeMutableBufferPointer { slots in
            for i in slots.indices {
                slots[i].strength = -1
                slots[i].hasMajor = false
            }
        }
    }

    /// `"7:1"`, made once per device.
    mutating func device(_ major: UInt64, _ minor: UInt64) -> String {
        if let d = lastDevice, d.major == major, d.minor == minor { return d.text }
        let text = "\(major):\(minor)"
        lastDevice = (major, minor, text)
        return text
    }

    /// Records the value printed for one conversion.
    mutating func record(_ value: consuming FieldValue, as v: TextTemplate.Value) {
        guard v.field >= 0 else { return }
        switch v.devicePart {
        case 1:
            if let major = value.uint {
                slots[v.field].major = major
                slots[v.field].hasMajor = true
            } else {
                slots[v.field].hasMajor = false
            }
        case 2:
            if slots[v.field].hasMajor, let minor = value.uint {
                let text = device(slots[v.field].major, minor)
                slots[v.field].value = .string(text)
                slots[v.field].strength = Int8(TextTemplate.Strength.raw.rawValue) + 1
            }
        default:
            if Int8(v.strength.rawValue) > slots[v.field].strength {
                slots[v.field].value = value
                slots[v.field].strength = Int8(v.strength.rawValue)
            }
        }
    }

    /// The fields in the order the print format first names them.
    func fields(named names: [String]) -> [EventField] {
        var fields: [EventField] = []
        appendFields(named: names, to: &fields)
        return fields
    }

    /// `fields(named:)` appended to `fields` (whose storage the caller may reuse).
    func appendFields(named names: [String], to fields: inout [EventField]) {
        // Room for every field at once (no regrowing while appending to a fresh array); a
        // no-op on reused storage that already has it.
        fields.reserveCapacity(fields.count + names.count)
        slots.withUnsafeBufferPointer { slots in
            for i in 0..<min(names.count, slots.count) {
                if slots[i].strength >= 0 {
                    fields.append(EventField(names[i], slots[i].value))
                } else if slots[i].hasMajor {
                    fields.append(EventField(names[i], .uint(slots[i].major)))
                }
            }
        }
    }
}
