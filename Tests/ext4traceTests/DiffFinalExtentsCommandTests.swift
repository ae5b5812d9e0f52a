import Foundation
import Testing

/// `diff --model` compares the model's final extent tree with the kernel's (debugfs `ex` after
/// unmount, extents.txt beside the capture) as the summary kind `final_extents`.
@Suite struct DiffFinalExtentsCommandTests {
    static let root = CLI.repositoryRoot + "/fixtures/"

    static func summary(_ json: String) throws -> [String: [String: Any]] {
        try CLI.json(json)["summary"] as? [String: [String: Any]] ?? [:]
    }

    /// ext4-falloc-overwrite: eight leaf extents, written and unwritten alternating; the
    /// buffer_head model's tree is the kernel's, leaf by leaf.
    @Test func fallocOverwrite_agreesOnEveryLeafExtent() throws {
        let r = try CLI.run(["diff", Self.root + "ext4-falloc-overwrite/trace.txt.zst", "--format", "json"])
        let final = try Self.summary(r.stdout)["final_extents"]
        #expect(final?["expected"] as? Int == 8)
        #expect(final?["observed"] as? Int == 8)
        #expect(final?["agreeing"] as? Int == 8)
        #expect(final?["predicted"] as? Bool == true)
    }

    /// One changed leaf in extents.txt (its physical start) is one discrepancy that names the
    /// line of extents.txt and both values.
    @Test func aChangedLeafExtent_isADiscrepancyNamingItsLine() throws {
        let dir = NSTemporaryDirectory() + "ext4trace-final-extents-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for f in ["trace.txt.zst", "meta.json", "geometry.txt"] {
            try FileManager.default.copyItem(atPath: Self.root + "ext4-falloc-overwrite/" + f, toPath: dir + "/" + f)
        }
        // Line 8: " 1/ 1   5/  8   256 -   259  33536 -  33539      4 " → pblk 33537.
        var lines = try String(contentsOfFile: Self.root + "ext4-falloc-overwrite/extents.txt", encoding: .utf8)
            .components(separatedBy: "\n")
        #expect(lines[7].contains("256 -   259  33536 -  33539"))
        lines[7] = lines[7].replacingOccurrences(of: "33536 -  33539", with: "33537 -  33540")
        try lines.joined(separator: "\n").write(toFile: dir + "/extents.txt", atomically: true, encoding: .utf8)

        let r = try CLI.run(["diff", dir + "/trace.txt.zst"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("final_extents         8         8         7"), "\(r.stdout)")
        #expect(r.stdout.contains("extents line 8: final_extents differs, ino 12, lblk 256: expected len 4 pblk 33536 unwritten 0, observed len 4 pblk 33537 unwritten 0"), "\(r.stdout)")
    }

    @Test func extentsOption_readsAnotherFile_andAMissingOneIsAnError() throws {
        let capture = Self.root + "ext4-append-fsync/trace.txt.zst"
        let same = try CLI.run(["diff", capture, "--extents", Self.root + "ext4-append-fsync/extents.txt", "--format", "json"])
        #expect(try Self.summary(same.stdout)["final_extents"]?["agreeing"] as? Int == 2)
        let other = try CLI.run(["diff", capture, "--extents", Self.root + "ext4-dioread_lock-append-fsync/extents.txt"])
        #expect(other.stdout.contains("final_extents"))
        let missing = try CLI.run(["diff", capture, "--extents", "/nonexistent/extents.txt"])
        #expect(missing.status == 2)
        #expect(missing.stderr == "ext4trace: /nonexistent/extents.txt: cannot read the final extents (debugfs ex output)\n")
    }
}

/// `diff` on a capture of the series' kernel (7.3-rc7 + v2, buffered_iomap): the model's
/// `ext4_iomap_*` calls against the kernel's, and the generic layer's `iomap_iter_dstmap`
/// (what the generic layer made of each) as a kind of its own.
@Suite struct DiffIomapCaptureCommandTests {
    @Test func seqWrite64k_agreesOnEveryIomapCall() throws {
        let capture = CLI.repositoryRoot + "/fixtures/iomap/seq-write-64k/iomap/trace.txt.zst"
        let r = try CLI.run(["diff", capture, "--format", "json"])
        let summary = try CLI.json(r.stdout)["summary"] as? [String: [String: Any]] ?? [:]
        // 16 writes of 64 KiB: one write_begin each, and one writeback mapping.
        #expect(summary["iomap_mapping"]?["observed"] as? Int == 17)
        #expect(summary["iomap_mapping"]?["agreeing"] as? Int == 17)
        // The generic layer's mapping of each write (`iomap_iter_dstmap`, DELALLOC): the model's.
        #expect(summary["iomap_dstmap"]?["predicted"] as? Bool == true)
        #expect(summary["iomap_dstmap"]?["observed"] as? Int == 16)
        #expect(summary["iomap_dstmap"]?["agreeing"] as? Int == 16)
        #expect(summary["final_extents"]?["agreeing"] as? Int == 1)
        #expect(try CLI.run(["diff", capture]).stdout.hasPrefix("expected: model:iomap\n"))
    }
}
