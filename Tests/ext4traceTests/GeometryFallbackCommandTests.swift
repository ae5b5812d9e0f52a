import Foundation
import Testing

/// `replay`, `model` and `diff` on a capture that came without geometry.txt, as one made with
/// `trace-cmd record` or `perf` on another machine: the model starts from the layout mkfs.ext4
/// gives for what the trace shows, says so in one warning line, and predicts the same logical
/// layout and journal traffic as with the real geometry.
@Suite struct GeometryFallbackCommandTests {
    static let root = CLI.repositoryRoot + "/fixtures/"

    /// A copy of `capture`'s trace (and, when asked, its meta.json) in a fresh directory.
    static func copyWithoutGeometry(_ capture: String, meta: Bool = true) throws -> String {
        let dir = NSTemporaryDirectory() + "ext4trace-nogeometry-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var files = ["trace.txt.zst"]
        if meta { files.append("meta.json") }
        for f in files { try FileManager.default.copyItem(atPath: root + capture + "/" + f, toPath: dir + "/" + f) }
        return dir
    }

    /// `replay`'s text without physical block numbers: the logical layout, sizes and journal.
    static func logical(_ replayText: String) -> [String] {
        replayText.split(separator: "\n").map { line in
            guard let arrow = line.range(of: " → pblk ") else { return String(line) }
            let rest = line[arrow.upperBound...].drop { $0.isNumber }
            return String(line[..<arrow.lowerBound]) + String(rest)
        }
    }

    @Test(arguments: ["ext4-seq-write-4k", "ext4-append-fsync", "ext4-1kblock-seq-write-4k",
                      "ext4-bigalloc-random-write", "ext4-falloc-overwrite"])
    func replay_withGeometryHidden_predictsTheSameLayoutAndHandles(capture: String) throws {
        let dir = try Self.copyWithoutGeometry(capture)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let real = try CLI.run(["replay", Self.root + capture + "/trace.txt.zst"])
        let fallback = try CLI.run(["replay", dir + "/trace.txt.zst"])
        #expect(real.status == 0 && fallback.status == 0, "\(fallback.stderr)")
        #expect(Self.logical(fallback.stdout) == Self.logical(real.stdout))
        #expect(fallback.stdout.contains("journal: "))
        let warning = fallback.stderr.split(separator: "\n")
        #expect(warning.count == 1)
        #expect(warning.first?.hasPrefix("ext4trace: warning: no geometry.txt beside ") == true)
        #expect(fallback.stderr.contains("physical block numbers are approximate (credits too, if the size is wrong); logical layout, handles and blocks logged are not affected"))
        #expect(fallback.stderr.contains("gives 2 GiB (inferred from where jbd2 writes)"), "the corpus images are 2 GiB")
    }

    /// Without meta.json either (trace-cmd record leaves neither file): the block size comes
    /// from the trace too.
    @Test func replay_withNeitherGeometryNorMeta_infersTheBlockSize() throws {
        let dir = try Self.copyWithoutGeometry("ext4-1kblock-seq-write-4k", meta: false)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let real = try CLI.run(["replay", Self.root + "ext4-1kblock-seq-write-4k/trace.txt.zst"])
        let fallback = try CLI.run(["replay", dir + "/trace.txt.zst"])
        #expect(fallback.status == 0)
        #expect(fallback.stderr.contains("with 1024-byte blocks (inferred)"), "\(fallback.stderr)")
        #expect(Self.logical(fallback.stdout) == Self.logical(real.stdout))
    }

    @Test func fsSize_overridesTheInferredSize() throws {
        let dir = try Self.copyWithoutGeometry("ext4-seq-write-4k")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let real = try CLI.run(["replay", Self.root + "ext4-seq-write-4k/trace.txt.zst"])
        let r = try CLI.run(["replay", dir + "/trace.txt.zst", "--fs-size", "512M"])
        #expect(r.status == 0)
        #expect(r.stderr.contains("gives 512 MiB (--fs-size)"), "\(r.stderr)")
        // A 512 MiB filesystem has 4 groups, not 16: the credits ext4 reserves for group
        // descriptors shrink (91, not 99); the layout, handles and blocks logged do not change.
        let credits = /[0-9]+ credits requested/
        #expect(Self.logical(r.stdout).map { $0.replacing(credits, with: "") } == Self.logical(real.stdout).map { $0.replacing(credits, with: "") })
        #expect(r.stdout.contains("91 credits requested") && real.stdout.contains("99 credits requested"))
        let bad = try CLI.run(["replay", dir + "/trace.txt.zst", "--fs-size", "lots"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("--fs-size takes a size such as 512M or 2G (got lots)"))
    }

    /// `--geometry` also takes an ext4 image (or block device), read with `dumpe2fs -h`: an
    /// image made as the corpus images were gives the same prediction as their geometry.txt.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/sbin/mkfs.ext4"),
                   "mkfs.ext4 is not installed (scripts/setup installs e2fsprogs)"))
    func geometry_readsAnExt4Image() throws {
        let dir = try Self.copyWithoutGeometry("ext4-append-fsync")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let image = dir + "/image"
        #expect(FileManager.default.createFile(atPath: image, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: image))
        try handle.truncate(atOffset: 2 << 30)
        try handle.close()
        let mkfs = Process()
        mkfs.executableURL = URL(fileURLWithPath: "/usr/sbin/mkfs.ext4")
        mkfs.arguments = ["-q", "-F", image]
        try mkfs.run()
        mkfs.waitUntilExit()
        #expect(mkfs.terminationStatus == 0)
        let real = try CLI.run(["replay", Self.root + "ext4-append-fsync/trace.txt.zst"])
        let fromImage = try CLI.run(["replay", dir + "/trace.txt.zst", "--geometry", image])
        #expect(fromImage.status == 0, "\(fromImage.stderr)")
        #expect(fromImage.stderr.isEmpty, "no warning: the geometry is given")
        #expect(fromImage.stdout == real.stdout)
    }

    @Test func modelAndDiff_runWithoutGeometry() throws {
        let dir = try Self.copyWithoutGeometry("ext4-append-fsync")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let model = try CLI.run(["model", dir + "/trace.txt.zst"])
        #expect(model.status == 0, "\(model.stderr)")
        #expect(model.stdout.contains("buffer_head") && model.stdout.contains("delaymap"))
        #expect(model.stderr.split(separator: "\n").count == 1)
        let diff = try CLI.run(["diff", dir + "/trace.txt.zst"])
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.stdout.contains("handle               23        23        23"), "\(diff.stdout)")
    }

    /// `diff FILE` alone means `--model auto`: the model of the path the capture ran.
    @Test func diff_withoutExpectedOrModel_isModelAuto() throws {
        let capture = Self.root + "ext4-append-fsync/trace.txt.zst"
        let plain = try CLI.run(["diff", capture, "--format", "json"])
        let auto = try CLI.run(["diff", capture, "--model", "auto", "--format", "json"])
        #expect(plain.status == 0)
        #expect(plain.stdout == auto.stdout)
        #expect(try CLI.run(["diff", capture]).stdout.hasPrefix("expected: model:buffer_head\n"))
        let both = try CLI.run(["diff", capture, "--model", "iomap", "--expected", capture])
        #expect(both.status != 0)
        #expect(both.stderr.contains("give --expected FILE or --model NAME, not both"))
    }
}
