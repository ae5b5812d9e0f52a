import Testing
import TraceParser
import ModelRuns
@testable import ReferenceFS

/// `ReplayLanes` (each model on its own thread, `model`'s one pass) against replaying the
/// same events under each model in turn on one thread: the results must be the same, for
/// 6.18 captures and the 7.3 series kernel's, in uneven batches.
@Suite struct ReplayLanesTests {
    @Test(arguments: ["ext4-append-fsync", "ext4-falloc-overwrite", "ext4-random-write",
                      "iomap/seq-write-4k/bh", "iomap/random-write/iomap"])
    func lanes_giveTheResultsOfReplayingInTurn(capture: String) throws {
        let dir = Fixtures.capture(capture)
        var fs = Filesystem(geometry: try Fixtures.geometry(capture), options: try Fixtures.options(capture))
        if let release = dir.meta?.kernel, let kernel = KernelRelease.parse(release) { fs.kernel = kernel }
        let events = try Fixtures.events(capture)
        let expected = BufferedIOPaths.all.map { path in
            var replayer = Replayer(filesystem: fs, path: path)
            for e in events { replayer.consume(e) }
            return replayer.finish()
        }
        let lanes = ReplayLanes(BufferedIOPaths.all.map { Replayer(filesystem: fs, path: $0) }, depth: 2)
        var start = 0, size = 1
        while start < events.count {   // batches of 1, 2, 3, ... events: any split gives the same
            let end = min(events.count, start + size)
            lanes.send(Array(events[start..<end]))
            start = end
            size += 1
        }
        let results = lanes.finish()
        #expect(results.map(\.model) == BufferedIOPaths.all.map(\.name))
        #expect(results == expected)
        #expect(expected.contains { $0.handles > 0 })
    }
}
