import Analyzer
import ArgumentParser
import Recorder
import ReferenceFS
import TraceParser

/// An error already phrased for the user as one line: `reportingFailures` prints it as
/// `ext4trace: MESSAGE` and exits with `exitStatus`. Each module's error type conforms below,
/// so commands let them propagate instead of converting them one by one.
protocol UserFacingError: Error, CustomStringConvertible {
    /// The process's exit status when this error ends the command: 2 unless said otherwise.
    var exitStatus: Int32 { get }
}

extension UserFacingError {
    var exitStatus: Int32 { 2 }
}

extension TraceError: UserFacingError {}
extension AnalyzerError: UserFacingError {}
extension ModelError: UserFacingError {}

extension RecorderError: UserFacingError {
    /// 130 after Ctrl-C, as shells expect; 2 otherwise.
    var exitStatus: Int32 { kind == .interrupted ? 130 : 2 }
}

/// A failure the CLI itself phrases (a file it cannot write, an unknown model).
struct CommandFailure: UserFacingError {
    var description: String
    var exitStatus: Int32
    init(_ message: String, exitStatus: Int32 = 2) {
        description = message
        self.exitStatus = exitStatus
    }
}

/// Runs `body`, turning any `UserFacingError` into one line on stderr and its exit status.
func reportingFailures(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let e as any UserFacingError {
        Console.error(e.description)
        throw ExitCode(e.exitStatus)
    }
}
