/// Which trace.dat layout to write.
///
/// Version 6 is the original flat layout (headers, formats, symbols, options, then the pages);
/// version 7 puts each part in a section found through options, and may compress sections and
/// pages (trace-cmd 3's default is v7 with zstd).
public enum TraceDatFileVersion: Sendable, Equatable {
    case v6
    case v7(compressed: Bool)

    public static let `default` = TraceDatFileVersion.v7(compressed: true)
}
