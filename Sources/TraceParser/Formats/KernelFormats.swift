/// The event formats ext4trace knows without being told: the `format` files of this kernel
/// (generated into `KernelFormats+Linux.swift`), plus the four tracepoints the ext4 iomap
/// series adds (`KernelFormats+IomapSeries.swift`), which no unpatched kernel has.
public enum KernelFormats {
    /// Splits a text of `### SYSTEM/NAME` records into (system, format text) pairs.
    static func records(in text: String) -> [(system: String, text: Substring)] {
        var out: [(String, Substring)] = []
        var system: String? = nil
        var start: String.Index? = nil
        var i = text.startIndex
        while i < text.endIndex {
            let lineEnd = text[i...].firstIndex(of: "\n") ?? text.endIndex
            let line = text[i..<lineEnd]
            if line.hasPrefix("### ") {
                if let s = system, let st = start { out.append((s, text[st..<i])) }
                let path = line.dropFirst(4)
                system = String(path.split(separator: "/").first ?? "")
                start = lineEnd < text.endIndex ? text.index(after: lineEnd) : lineEnd
            }
            i = lineEnd < text.endIndex ? text.index(after: lineEnd) : lineEnd
        }
        if let s = system, let st = start { out.append((s, text[st..<text.endIndex])) }
        return out
    }
}
