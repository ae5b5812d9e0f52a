import Analyzer
import Foundation
import Recorder
import TraceParser

/// Runs the analyzer over a trace file for `report` and `compare`: finds the capture's
/// geometry and draws the progress bar; its errors are `UserFacingError`s for `reportingFailures`.
enum Analysis {
    /// `geometry` if given (dumpe2fs -h output, or an ext4 device or image to read it from),
    /// else `geometry.txt` beside the trace when there is one.
    static func geometry(for tracePath: String, explicit: String?) throws -> FilesystemGeometry? {
        let path: String
        if let explicit, Ext4Superblock.isPresent(at: explicit) {
            do {
                let text = String(decoding: try Ext4Superblock.dump(explicit), as: UTF8.self)
                return try FilesystemGeometry.parse(text, file: "dumpe2fs -h \(explicit)")
            } catch let e as RecorderError {
                throw CommandFailure(e.description)
            } catch let e as AnalyzerError {
                throw CommandFailure(e.description)
            }
        } else if let explicit {
            path = explicit
        } else {
            let candidate = CaptureDirectory(tracePath: tracePath).geometryPath
            guard CaptureDirectory.exists(candidate) else { return nil }
            path = candidate
        }
        do { return try FilesystemGeometry.load(path) } catch { throw CommandFailure(error.description) }
    }

    static func report(path: String, options: TraceReadOptions, geometryPath: String?, device: String? = nil) throws -> OverheadReport {
        let geometry = try self.geometry(for: path, explicit: geometryPath)
        var options = options
        let filteringDevice = device != nil
        options.decodeOnlyFieldsOf = { TraceAnalyzer.fieldsRead(system: $0, name: $1, filteringDevice: filteringDevice) }
        let source = PrefetchingSource(try TraceFile.open(path, options: options))
        var bar = ProgressBar(label: "analyze", total: source.progress.total)
        let report = try TraceAnalyzer.analyze(source, name: path, geometry: geometry, device: device) { done, _ in bar.update(done) }
        bar.finish()
        return report
    }

    /// Writes `text` to `path`, or fails with one line.
    static func write(_ text: String, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw CommandFailure("\(path): cannot write")
        }
    }
}
