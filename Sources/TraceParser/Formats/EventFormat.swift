/// A kernel event's `format` file, parsed: its id, fields and print format.
///
///     name: ext4_ext_map_blocks_exit
///     ID: 1204
///     format:
///     	field:unsigned short common_type;	offset:0;	size:2;	signed:0;
///     	...
///     	field:dev_t dev;	offset:8;	size:4;	signed:0;
///     print fmt: "dev %d,%d ino %lu flags %s ...", ((unsigned int) ((REC->dev) >> 20)), ...
///
/// Mirrors libtraceevent's `struct tep_event` (`tep_parse_format`).
public struct EventFormat: Sendable {
    public var system: String
    public var name: String
    public var id: Int
    /// The `common_*` fields every event starts with.
    public var commonFields: [FieldFormat]
    /// The event's own fields, in declaration order.
    public var fields: [FieldFormat]
    /// The print format as written after `print fmt: `.
    public var printFormatText: String
    /// The print format parsed, or nil when the kernel wrote one ext4trace cannot parse.
    public var printFormat: PrintFormat?
    /// For each conversion of the print format, in order: the name its printed value is
    /// stored under (see `valueName(conversionAt:)`), nil for constants.
    public private(set) var conversionNames: [String?] = []

    public init(system: String, name: String, id: Int, commonFields: [FieldFormat],
                fields: [FieldFormat], printFormatText: String) {
        self.system = system
        self.name = name
        self.id = id
        self.commonFields = commonFields
        self.fields = fields
        self.printFormatText = printFormatText
        self.printFormat = try? PrintFormat(parsing: printFormatText)
        self.conversionNames = printFormat.map(namesOfConversions) ?? []
    }

    /// Names each conversion's value. A field, a rendering of one or half a `dev_t` takes the
    /// field's name. A computed value takes the field it reads — unless its printed label is
    /// not a field of the event: `age=%u` of `(jiffies - REC->dirtied_when) * 1000 / HZ` is
    /// `age`, not a second `dirtied_when`.
    private func namesOfConversions(_ pf: PrintFormat) -> [String?] {
        var names: [String?] = []
        var previousLiteral = ""
        for piece in pf.pieces {
            switch piece {
            case .literal(let s):
                previousLiteral = s
            case .conversion(let c):
                defer { previousLiteral = "" }
                guard c.argumentIndex < pf.arguments.count, let name = pf.arguments[c.argumentIndex].fieldName else {
                    names.append(nil); continue
                }
                if case .computed = pf.arguments[c.argumentIndex].role,
                   let label = EventFormat.label(before: previousLiteral), field(named: label) == nil {
                    names.append(label)
                } else {
                    names.append(name)
                }
            }
        }
        return names
    }

    /// `" age="` → `age`, `"ino %lu age "` → `age`: the identifier a literal ends with, before
    /// a closing `=`, `:` or space.
    static func label(before literal: String) -> String? {
        var s = Substring(literal)
        while let l = s.last, l == " " || l == "=" || l == ":" { s.removeLast() }
        var start = s.endIndex
        while start > s.startIndex {
            let p = s.index(before: start)
            let c = s[p]
            if c.isLetter || c.isNumber || c == "_" { start = p } else { break }
        }
        let word = s[start...]
        guard let f = word.first, f.isLetter || f == "_" else { return nil }
        return String(word)
    }

    public func field(named name: String) -> FieldFormat? {
        fields.first { $0.name == name } ?? commonFields.first { $0.name == name }
    }

    /// Parses one `format` file. `system` comes from the file's place in the `events/` tree (or
    /// a trace.dat section), since the file itself does not name it.
    public static func parse(_ text: String, system: String) throws(TraceError) -> EventFormat {
        var name: String?
        var id: Int?
        var common: [FieldFormat] = []
        var fields: [FieldFormat] = []
        var printText = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("name: ") {
                name = String(line.dropFirst(6).trimmingSpaces())
            } else if line.hasPrefix("ID: ") {
                id = Int(line.dropFirst(4).trimmingSpaces())
            } else if line.hasPrefix("print fmt: ") {
                printText = String(line.dropFirst(11))
            } else if line.contains("field:"), let f = FieldFormat.parse(line) {
                if f.name.hasPrefix("common_") { common.append(f) } else { fields.append(f) }
            }
        }
        guard let name else {
            throw TraceError(.format, file: "\(system) format", "no `name:` line")
        }
        return EventFormat(system: system, name: name, id: id ?? -1, commonFields: common,
                           fields: fields, printFormatText: printText)
    }
}
