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

/// SwiftPM links an executable's entry point as `FuzzPrintFormat_main`; hand control to libFuzzer's
/// driver from there.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

@_cdecl("FuzzPrintFormat_main")
public func fuzzPrintFormatMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in fuzzPrintFormat(data, size) }
}
