#if canImport(Glibc)
import Glibc
#endif
import FuzzSupport
import TraceParser

/// Feeds arbitrary bytes to the trace.dat reader (which reads files, so through a file in
/// /dev/shm), decoding every field and rendering every event as `trace-cmd report` does.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTraceDat(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = "/dev/shm/ext4trace-fuzz-\(getpid()).dat"
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else { return 0 }
    _ = write(fd, data, size)
    close(fd)
    var options = TraceReadOptions()
    options.inputFormat = .traceDat
    options.renderBodies = true
    if let reader = try? TraceFile.open(path, options: options) {
        while let _ = try? reader.next() {}
    }
    if let reader = try? TraceFile.open(path, options: TraceReadOptions(decodeFields: false, inputFormat: .traceDat)) {
        _ = try? reader.summarize { _ in }
    }
    return 0
}

/// The entry point SwiftPM links as `FuzzTraceDat_main`.
@_cdecl("FuzzTraceDat_main")
public func fuzzTraceDatMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv) { data, size in fuzzTraceDat(data, size) }
}
