import FuzzSupport
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

/// The entry point SwiftPM links as `FuzzText_main`.
@_cdecl("FuzzText_main")
public func fuzzTextMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv) { data, size in fuzzText(data, size) }
}
