/// The event formats of a trace.dat, looked up by the id every record starts with. Each
/// format's text is kept as the file wrote it and parsed (`EventFormat.parse`) the first time
/// a record of that id is decoded, so opening a file with a thousand formats stays cheap.
struct FormatTable {
    struct Entry {
        var system: String
        var name: String
        var text: ArraySlice<UInt8>
        var parsed: EventFormat?
    }

    var entries: [Entry] = []
    var indexByID: [Int: Int] = [:]

    /// Adds one `format` file; returns false when it has no `name:` or `ID:` line.
    @discardableResult
    mutating func add(system: String, text: ArraySlice<UInt8>) -> Bool {
        guard let name = FormatTable.value(of: "name: ", in: text),
              let idText = FormatTable.value(of: "ID: ", in: text), let id = Int(idText) else { return false }
        indexByID[id] = entries.count
        entries.append(Entry(system: system, name: name, text: text, parsed: nil))
        return true
    }

    /// The text after `key` on the line that starts with it.
    static func value(of key: String, in text: ArraySlice<UInt8>) -> String? {
        let k = Array(key.utf8)
        var lineStart = text.startIndex
        while lineStart < text.endIndex {
            let lineEnd = text[lineStart...].firstIndex(of: 0x0A) ?? text.endIndex
            if text[lineStart..<lineEnd].starts(with: k) {
                var s = String(decoding: text[(lineStart + k.count)..<lineEnd], as: UTF8.self)
                while s.last == " " || s.last == "\r" { s.removeLast() }
                return s
            }
            lineStart = lineEnd + 1
        }
        return nil
    }

    /// The parsed format at `index`, parsing it on first use.
    mutating func format(at index: Int) -> EventFormat? {
        if let f = entries[index].parsed { return f }
        let e = entries[index]
        guard let f = try? EventFormat.parse(String(decoding: e.text, as: UTF8.self), system: e.system) else { return nil }
        entries[index].parsed = f
        return f
    }
}
