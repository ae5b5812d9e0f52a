import Foundation
import Testing

/// `replay --model M --emit-trace FILE` writes the model's one event stream as a capture: the
/// events it read, each followed by what it predicted. Replaying that file under the same model
/// predicts the same decisions, so `diff FILE --model M` agrees on every one (issue 16), and
/// every kind the model predicts is in the file.
@Suite struct DiffOwnTraceCommandTests {
    static let captures = ["ext4-append-fsync", "ext4-truncate", "ext4-falloc-overwrite", "ext4-punch-zero",
                           "ext4-nodelalloc-random-write", "ext4-1kblock-seq-write-4k"]

    @Test(arguments: captures)
    func diffOfTheModelsOwnTrace_reportsNoDiscrepancy(capture: String) throws {
        let dir = "fixtures/\(capture)/"
        let meta = try CLI.json(String(contentsOfFile: CLI.repositoryRoot + "/" + dir + "meta.json", encoding: .utf8))
        let mountOptions = meta["mount_opts"] as? String ?? ""
        for model in ["buffer_head", "iomap", "delaymap"] {
            let emitted = NSTemporaryDirectory() + "ext4trace-own-\(getpid())-\(capture)-\(model).txt"
            defer { try? FileManager.default.removeItem(atPath: emitted) }
            let replay = try CLI.run(["replay", dir + "trace.txt.zst", "--model", model, "--emit-trace", emitted])
            #expect(replay.status == 0, "\(capture) \(model): \(replay.err)")
            let r = try CLI.run(["diff", emitted, "--model", model, "--geometry", dir + "geometry.txt",
                                 "--mount-options", mountOptions, "--format", "json"])
            #expect(r.status == 0, "\(capture) \(model): \(r.err)")
            let j = try CLI.json(r.out)
            #expect((j["discrepancies"] as? [Any])?.count == 0, "\(capture) \(model): \(r.out.prefix(2000))")
            let summary = j["summary"] as? [String: [String: Any]] ?? [:]
            let kinds = ["map_blocks", "extent_status", "handle", "commit", "mballoc"] + (model == "buffer_head" ? [] : ["size", "ioend"])
            for kind in kinds {
                let s = summary[kind] ?? [:]
                let observed = s["observed"] as? Int ?? -1
                #expect(observed > 0, "\(capture) \(model) \(kind): the model's trace holds its decisions")
                #expect(s["expected"] as? Int == observed && s["agreeing"] as? Int == observed, "\(capture) \(model) \(kind): \(s)")
            }
        }
    }
}
