/// The `Key: value` lines of `dumpe2fs -h` output (a capture's geometry.txt), each with the
/// line it came from:
///
///     Block size:               4096
///     Filesystem features:      has_journal ext_attr resize_inode dir_index filetype extent ...
///     Total journal blocks:     16384
///
/// With `xfsDbLines`, a line with `=` and no `:` splits at the `=`, so `xfs_db -c sb -c p`
/// output reads too (`blocksize = 4096`, `logstart = 262150`). Keys and values are trimmed of
/// spaces, tabs and `\r`; lines without a separator are skipped; the first line of a key wins.
/// What the keys mean is left to the geometry types built from it.
public struct Dumpe2fsText: Sendable, Equatable {
    /// A value and its 1-based line number.
    public struct Entry: Sendable, Equatable {
        public var value: String
        public var line: Int

        public init(value: String, line: Int) {
            self.value = value
            self.line = line
        }
    }

    /// Every key's first value.
    public private(set) var entries: [String: Entry] = [:]

    public init(_ text: String, xfsDbLines: Bool = false) {
        var lineNumber = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let separator: Character = xfsDbLines && raw.contains("=") && !raw.contains(":") ? "=" : ":"
            guard let cut = raw.firstIndex(of: separator) else { continue }
            let key = String(raw[..<cut].trimmingSpaces())
            if entries[key] == nil {
                entries[key] = Entry(value: String(raw[raw.index(after: cut)...].trimmingSpaces()), line: lineNumber)
            }
        }
    }

    /// The entry of `key` (`"Block size"`), or nil when no line has it.
    public subscript(key: String) -> Entry? { entries[key] }
}
