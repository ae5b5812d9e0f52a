/// The buffered I/O paths `replay --model` can run, by name. A new path (the iomap series, the
/// delay-map proposal) adds one entry here.
public enum BufferedIOPaths {
    public static let all: [any BufferedIOPath] = [BufferHeadPath(), IomapPath(scheme: .iomap), IomapPath(scheme: .delaymap)]

    public static var names: [String] { all.map(\.name) }

    public static func named(_ name: String) -> (any BufferedIOPath)? {
        all.first { $0.name == name }
    }
}
