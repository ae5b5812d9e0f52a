import TraceParser

/// Feeds arbitrary bytes to the text trace reader as each of its three formats, decoding every
/// field: any crash, hang or runaway allocation is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzText(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for format in [InputFormat.ftrace, .traceCmd, .perf] {
        let reader = TextTraceReader(source: MemoryByteSource(bytes), format: format, options: TraceReadOptions())
        while let event = try? reader.next() {
            _ = FtraceTextRenderer().line(event)
        }
    }
    return 0
}

/// SwiftPM links an executable's entry point as `FuzzText_main`; hand control to libFuzzer's
/// driver from there.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

@_cdecl("FuzzText_main")
public func fuzzTextMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in fuzzText(data, size) }
}
