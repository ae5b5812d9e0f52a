import Foundation
import XCTest

/// Finds and runs external tools (trace-cmd) from tests; tests that need a missing tool skip.
enum ToolRunner {
    static func path(of tool: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs the tool, returning its stdout; stdout goes through a temporary file so large output
    /// cannot fill a pipe.
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("ext4trace-tool-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: out) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: out)
        let err = Pipe()
        process.standardError = err
        try process.run()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let data = try Data(contentsOf: out)
        return (process.terminationStatus, String(decoding: data, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    /// `trace-cmd report -i FILE`, or XCTSkip when trace-cmd is not installed.
    static func traceCmdReport(_ file: String) throws -> String {
        guard let traceCmd = path(of: "trace-cmd") else {
            throw XCTSkip("trace-cmd is not installed: cannot check that trace-cmd reads the file")
        }
        let r = try run(traceCmd, ["report", "-i", file])
        guard r.status == 0 else {
            XCTFail("trace-cmd report -i \(file) exited \(r.status): \(r.stderr)")
            return ""
        }
        return r.stdout
    }
}
