/// A capture's `meta.json`: how it was recorded. `record` writes it (the corpus's are the same
/// shape), as one flat object of strings and integers:
///
///     {"name": "ext4-append-fsync", "kernel": "6.18.44", "fs": "ext4", "mkfs_opts": "",
///      "mount_opts": "", "device": "7:1", "dev_t": 7340033, "workload": "xfs_io ..."}
///
/// A key that is absent reads as nil; every value is kept as text in `fields`.
public struct CaptureMeta: Sendable, Equatable {
    /// Every `"key": value` pair, string values unescaped, integers as their digits.
    public var fields: [String: String]

    public init(fields: [String: String]) { self.fields = fields }

    /// Parses the text of a meta.json; what does not parse is left out, never thrown.
    public init(json: String) { fields = Self.flatFields(json) }

    public subscript(key: String) -> String? { fields[key] }

    /// The capture's name (the corpus's captures carry one).
    public var name: String? { fields["name"] }
    /// The kernel release it was recorded on (`uname -r`), e.g. `6.18.44`.
    public var kernel: String? { fields["kernel"] }
    /// The filesystem: `ext4` or `xfs`.
    public var filesystem: String? { fields["fs"] }
    /// mkfs's options, space-separated (`-b 1024`).
    public var mkfsOptions: String? { fields["mkfs_opts"] }
    /// The mount options (`data=journal,nodelalloc`).
    public var mountOptions: String? { fields["mount_opts"] }
    /// The traced device as `MAJ:MIN`.
    public var device: String? { fields["device"] }
    /// The traced device as the kernel's `dev_t` number.
    public var devT: Int64? { fields["dev_t"].flatMap { Int64($0) } }
    /// The workload that ran.
    public var workload: String? { fields["workload"] }

    /// `"key":"value"` and `"key":123` pairs of a one-level object (JSONWriter's escapes of `"`,
    /// `\` and `\n` undone).
    static func flatFields(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        var chars = Array(text.unicodeScalars)[...]
        func readString() -> String? {
            guard chars.first == "\"" else { return nil }
            chars = chars.dropFirst()
            var s = String.UnicodeScalarView()
            while let c = chars.first {
                chars = chars.dropFirst()
                if c == "\"" { return String(s) }
                if c == "\\", let next = chars.first { chars = chars.dropFirst(); s.append(next == "n" ? "\n" : next) } else { s.append(c) }
            }
            return nil
        }
        while let i = chars.firstIndex(of: "\"") {
            chars = chars[i...]
            guard let key = readString() else { break }
            chars = chars.drop { $0 == " " || $0 == ":" }
            if chars.first == "\"" {
                guard let v = readString() else { break }
                out[key] = v
            } else {
                let digits = chars.prefix { $0 == "-" || ("0"..."9").contains($0) }
                out[key] = String(String.UnicodeScalarView(digits))
                chars = chars.dropFirst(digits.count)
            }
        }
        return out
    }
}
