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
    var values: [FieldValue?]
    var strengths: [Int8]
    var majors: [UInt64?]

    /// The last device string made, kept while the device repeats (most events carry one).
    var lastDevice: (major: UInt64, minor: UInt64, text: String)? = nil

    init(count: Int) {
        values = [FieldValue?](repeating: nil, count: count)
        strengths = [Int8](repeating: -1, count: count)
        majors = [UInt64?](repeating: nil, count: count)
    }

    /// Empties the assembly for the next event of the same type, keeping its storage.
    mutating func reset() {
        for i in values.indices {
            values[i] = nil
            strengths[i] = -1
            majors[i] = nil
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
    mutating func record(_ value: FieldValue, as v: TextTemplate.Value) {
        guard v.field >= 0 else { return }
        switch v.devicePart {
        case 1:
            majors[v.field] = value.uint
        case 2:
            if let major = majors[v.field], let minor = value.uint {
                values[v.field] = .string(device(major, minor))
                strengths[v.field] = Int8(TextTemplate.Strength.raw.rawValue) + 1
            }
        default:
            if Int8(v.strength.rawValue) > strengths[v.field] {
                values[v.field] = value
                strengths[v.field] = Int8(v.strength.rawValue)
            }
        }
    }

    /// The fields in the order the print format first names them.
    func fields(named names: [String]) -> [EventField] {
        var fields: [EventField] = []
        fields.reserveCapacity(names.count)
        append(named: names, to: &fields)
        return fields
    }

    /// `fields(named:)` appended to `fields`, for a reader refilling an event's own storage.
    func append(named names: [String], to fields: inout [EventField]) {
        for (i, name) in names.enumerated() {
            if let v = values[i] {
                fields.append(EventField(name, v))
            } else if let major = majors[i] {
                fields.append(EventField(name, .uint(major)))
            }
        }
    }
}
