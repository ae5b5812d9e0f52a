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
        .target(name: "Analyzer", dependencies: ["TraceParser", "CSQLite"]),
        .executableTarget(
            name: "ext4trace",
            dependencies: [
                "TraceParser",
                "Analyzer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        .testTarget(name: "TraceParserTests", dependencies: ["TraceParser"],
                    path: "Tests/TraceParserTests"),
        .testTarget(name: "AnalyzerTests", dependencies: ["Analyzer", "TraceParser", "CSQLite"],
                    path: "Tests/AnalyzerTests"),
        .testTarget(name: "ext4traceTests", dependencies: ["TraceParser"],
                    path: "Tests/ext4traceTests"),
    ]
)
