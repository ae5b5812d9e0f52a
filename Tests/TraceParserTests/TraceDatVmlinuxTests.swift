import Foundation
import XCTest
@testable import TraceParser

/// `--vmlinux`: a trace.dat without kallsyms symbolises `%pS` from an ELF symbol table.
/// The ELF is linked here with the toolchain's clang, carrying two of the capture's kernel
/// symbols at their kallsyms addresses.
final class TraceDatVmlinuxTests: XCTestCase {
    func linkElf(symbols: [(String, UInt64)]) throws -> String {
        let clang = "/opt/swift/usr/bin/clang"
        guard FileManager.default.isExecutableFile(atPath: clang) else { throw XCTSkip("no clang to link a test ELF") }
        let source = DatFixtures.temporaryPath("vmlinux.c")
        try "int first_func(int x) { return x * 3 + 1; }\nint second_func(int x) { return first_func(x) * 7; }\n"
            .write(toFile: source, atomically: true, encoding: .utf8)
        let output = DatFixtures.temporaryPath("vmlinux.elf")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: clang)
        p.arguments = ["-nostdlib", "-static", "-fuse-ld=lld", "-Wl,-Ttext=0x1000000", "-Wl,-e,first_func", "-o", output, source]
            + symbols.map { "-Wl,--defsym=\($0.0)=0x\(String($0.1, radix: 16))" }
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw XCTSkip("clang could not link the test ELF") }
        return output
    }

    func testElfSymbols_symboliseLikeKallsyms() throws {
        let elf = try linkElf(symbols: [])
        let table = try VmlinuxSymbols.load(elf)
        XCTAssertEqual(table.symbolize(0x1000003, withOffset: true, withSize: true), "first_func+0x3/0x10")
    }

    func testDatWithoutKallsyms_usesVmlinuxForCallers() throws {
        let original = DatFixtures.path("ext4-append-fsync", "trace.dat")
        // __ext4_new_inode and the symbol after it, from the capture's own kallsyms.
        let file = try TraceDatFile(path: original)
        let meta = try TraceDatMetadata.read(file)
        let kallsyms = String(decoding: try XCTUnwrap(try meta.kallsymsText(file)), as: UTF8.self)
        let lines = kallsyms.split(separator: "\n")
        let i = try XCTUnwrap(lines.firstIndex { $0.hasSuffix(" __ext4_new_inode") })
        let start = try XCTUnwrap(UInt64(lines[i].prefix(16), radix: 16))
        let next = try XCTUnwrap(UInt64(lines[i + 1].prefix(16), radix: 16))
        let elf = try linkElf(symbols: [("__ext4_new_inode", start), ("after_new_inode", next)])

        let stripped = DatFixtures.temporaryPath("no-kallsyms.dat")
        try TraceDatRecompressor.recompress(original, to: .zstd, name: "zstd", output: stripped, dropping: [19])
        func firstCaller(_ vmlinux: String?) throws -> FieldValue? {
            let events = try DatFixtures.events(stripped, options: TraceReadOptions(vmlinuxPath: vmlinux))
            return events.first { $0.name == "ext4_mark_inode_dirty" }?["ip"]
        }
        XCTAssertEqual(try firstCaller(elf), .string("__ext4_new_inode+0x18d0/0x1a20"))
        let raw = try XCTUnwrap(try firstCaller(nil)?.string)
        XCTAssertTrue(raw.hasPrefix("0xffffffff"), raw)
    }
}
