/// Which kernel the model stands for: `major.minor` of the release a capture names
/// (meta.json's `kernel`, `uname -r`). Where ext4 changed between the releases the corpus
/// covers, the model follows the one given; 6.18 when none is.
public struct KernelRelease: Sendable, Equatable, Comparable, CustomStringConvertible {
    public var major: Int
    public var minor: Int

    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// The host kernel the first corpus was recorded on.
    public static let linux6_18 = KernelRelease(major: 6, minor: 18)
    /// 7.3-rc7, the kernel with the iomap series applied (`../shared/kernel`).
    public static let linux7_3 = KernelRelease(major: 7, minor: 3)

    /// `7.3.0-rc7+` → 7.3; nil when the text does not start with `N.N`.
    public static func parse(_ release: String) -> KernelRelease? {
        let parts = release.split(separator: ".", maxSplits: 2)
        guard parts.count >= 2, let major = Int(parts[0]),
              let minor = Int(parts[1].prefix { $0.isNumber }) else { return nil }
        return KernelRelease(major: major, minor: minor)
    }

    public static func < (a: KernelRelease, b: KernelRelease) -> Bool { (a.major, a.minor) < (b.major, b.minor) }

    public var description: String { "\(major).\(minor)" }
}
