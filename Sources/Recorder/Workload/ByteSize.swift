/// Sizes as users write them: `4096`, `4k`, `64K`, `1m`, `512M`, `2g` (powers of 1024).
public enum ByteSize {
    public static func parse(_ text: String) -> Int64? {
        guard let last = text.last else { return nil }
        var digits = Substring(text)
        var scale: Int64 = 1
        switch last {
        case "k", "K": scale = 1 << 10
        case "m", "M": scale = 1 << 20
        case "g", "G": scale = 1 << 30
        case "t", "T": scale = 1 << 40
        default: break
        }
        if scale != 1 { digits = digits.dropLast() }
        guard !digits.isEmpty, digits.allSatisfy(\.isNumber), let n = Int64(digits) else { return nil }
        let (product, overflow) = n.multipliedReportingOverflow(by: scale)
        return overflow ? nil : product
    }
}
