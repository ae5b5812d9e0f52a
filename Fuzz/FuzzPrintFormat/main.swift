import FuzzSupport
import TraceParser

/// Feeds arbitrary bytes to the `format` file parser (print formats included) and decodes a
/// line through the result.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPrintFormat(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let format = try? EventFormat.parse(text, system: "fuzz") else { return 0 }
    let registry = FormatRegistry([format])
    let line = "          xfs_io-3447    [000] .....  2025.836836: \(format.name): \(text.prefix(200))\n"
    let reader = TextTraceReader(source: MemoryByteSource(Array(line.utf8)), format: .ftrace,
                                 options: TraceReadOptions(formats: registry))
    while let event = try? reader.next() { _ = FtraceTextRenderer(formats: registry).line(event) }
    return 0
}

/// The entry point SwiftPM links as `FuzzPrintFormat_main`.
@_cdecl("FuzzPrintFormat_main")
public func fuzzPrintFormatMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv) { data, size in fuzzPrintFormat(data, size) }
}
