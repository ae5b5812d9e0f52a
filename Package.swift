// swift-tools-version:6.0
import PackageDescription

// ext4trace: tracepoint analysis for ext4's buffer_head and iomap buffered I/O paths.
//
// TraceParser  — reads ftrace text, trace-cmd report, perf script and trace.dat into typed events.
// ReferenceFS  — a model of ext4 (extents, allocator, page cache, jbd2) that replays operations.
// Analyzer     — diffs predictions against captures, and reports per-path overhead.
// ext4trace    — the command-line tool.
let package = Package(
    name: "ext4trace",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ext4trace", targets: ["ext4trace"]),
        .library(name: "TraceParser", targets: ["TraceParser"]),
        .library(name: "ReferenceFS", targets: ["ReferenceFS"]),
        .library(name: "Analyzer", targets: ["Analyzer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // System libraries, found through pkg-config; scripts/setup installs their -dev packages.
        .systemLibrary(name: "CZstd", path: "Sources/CZstd", pkgConfig: "libzstd",
                       providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CElf", path: "Sources/CElf", pkgConfig: "libelf",
                       providers: [.apt(["libelf-dev"])]),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),

        .target(name: "TraceParser", dependencies: ["CZstd", "CZlib", "CElf"]),
        // Recorder — records a workload on a loop-mounted filesystem and writes trace.dat.
        .target(name: "Recorder", dependencies: ["TraceParser", "CZstd"]),
        .target(name: "ReferenceFS", dependencies: ["TraceParser"]),
        .target(name: "Analyzer", dependencies: ["TraceParser", "CSQLite"]),
        // ModelRuns — a capture replayed under a ReferenceFS model, as events for Analyzer.
        .target(name: "ModelRuns", dependencies: ["TraceParser", "ReferenceFS", "Analyzer"]),
        .executableTarget(
            name: "ext4trace",
            dependencies: [
                "TraceParser",
                "Recorder",
                "ReferenceFS",
                "Analyzer",
                "ModelRuns",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // Fixture lookup and assertion helpers shared by the test targets.
        .target(name: "TestSupport", dependencies: ["TraceParser"]),

        .testTarget(name: "TraceParserTests", dependencies: ["TraceParser", "TestSupport"],
                    path: "Tests/TraceParserTests"),
        .testTarget(name: "AnalyzerTests", dependencies: ["Analyzer", "TraceParser", "CSQLite", "TestSupport"],
                    path: "Tests/AnalyzerTests"),
        .testTarget(name: "RecorderTests", dependencies: ["Recorder", "TraceParser", "TestSupport"],
                    path: "Tests/RecorderTests"),
        .testTarget(name: "ReferenceFSTests", dependencies: ["ReferenceFS", "ModelRuns", "TraceParser", "TestSupport"],
                    path: "Tests/ReferenceFSTests"),
        .testTarget(name: "ext4traceTests", dependencies: ["TraceParser", "TestSupport"],
                    path: "Tests/ext4traceTests"),
    ]
)

// libFuzzer targets, only when asked for (`make fuzz` sets EXT4TRACE_FUZZ=1): they need
// `-sanitize=fuzzer`, which a normal build must not see.
if Context.environment["EXT4TRACE_FUZZ"] != nil {
    package.targets.append(.target(name: "FuzzSupport", path: "Fuzz/FuzzSupport"))
    for name in ["FuzzText", "FuzzPrintFormat", "FuzzTraceDat"] {
        package.targets.append(.executableTarget(name: name, dependencies: ["TraceParser", "FuzzSupport"], path: "Fuzz/\(name)"))
    }
}
