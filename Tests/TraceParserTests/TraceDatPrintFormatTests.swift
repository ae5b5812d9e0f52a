import XCTest
@testable import TraceParser

/// Print formats evaluated as the kernel evaluates them, on hand-built records.
final class TraceDatPrintFormatTests: XCTestCase {
    /// A format with the common fields and `fields`, and its print format.
    func format(_ fields: String, _ printFormat: String) throws -> EventFormat {
        try EventFormat.parse("""
            name: test_event
            ID: 999
            format:
            \tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;
            \tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;
            \tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;
            \tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;

            \(fields)

            print fmt: \(printFormat)
            """, system: "test")
    }

    func decode(_ f: EventFormat, _ record: [UInt8], style: PrintStyle = .kernel, hz: UInt64? = nil) -> (fields: [EventField], text: String) {
        let decoder = RecordDecoder(f)
        return record.withUnsafeBytes { raw in
            let ctx = PrintContext(record: raw, loader: RawLoader(bigEndian: false), symbols: nil, style: style, hz: hz)
            return (decoder.fields(ctx), decoder.render(ctx))
        }
    }

    static func le(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian, Array.init) }

    func testDeviceFlagsAndRawNumber_likeExt4MapBlocks() throws {
        let f = try format("""
            \tfield:dev_t dev;\toffset:8;\tsize:4;\tsigned:0;
            \tfield:unsigned int flags;\toffset:12;\tsize:4;\tsigned:0;
            """, #""dev %d,%d flags %s (0x%x)", ((unsigned int) ((REC->dev) >> 20)), ((unsigned int) ((REC->dev) & ((1U << 20) - 1))), __print_flags(REC->flags, "|", { 0x0001, "CREATE" }, { 0x0002, "UNWRIT" }), REC->flags"#)
        let (fields, text) = decode(f, [0, 0, 0, 0, 0, 0, 0, 0] + Self.le(7 << 20 | 1) + Self.le(0x13))
        XCTAssertEqual(text, "dev 7,1 flags CREATE|UNWRIT|0x10 (0x13)")
        // The raw `0x%x` outranks the rendered flags for the field's value.
        XCTAssertEqual(fields, [EventField("dev", .string("7:1")), EventField("flags", .uint(0x13))])
    }

    func testSignednessFollowsTheConversion_notTheField() throws {
        let f = try format("""
            \tfield:unsigned int a;\toffset:8;\tsize:4;\tsigned:0;
            \tfield:int b;\toffset:12;\tsize:4;\tsigned:1;
            """, #""a %d b %u", REC->a, REC->b"#)
        let (fields, text) = decode(f, [UInt8](repeating: 0, count: 8) + Self.le(0xFFFF_FFFF) + Self.le(0xFFFF_FFFE))
        XCTAssertEqual(text, "a -1 b 4294967294")
        XCTAssertEqual(fields, [EventField("a", .int(-1)), EventField("b", .uint(4_294_967_294))])
    }

    func testTernaryAndShift_likeMballocBuddy() throws {
        let f = try format("\tfield:unsigned short buddy;\toffset:8;\tsize:2;\tsigned:0;",
                           #""broken %u", REC->buddy ? 1 << REC->buddy : 0"#)
        XCTAssertEqual(decode(f, [UInt8](repeating: 0, count: 8) + [3, 0]).text, "broken 8")
        // A computed value is stored under its printed label when that label is not a field
        // of the event (`EventFormat.conversionNames`): `broken` holds `1 << buddy`, not `buddy`.
        XCTAssertEqual(decode(f, [UInt8](repeating: 0, count: 8) + [0, 0]).fields, [EventField("broken", .uint(0))])
        XCTAssertEqual(decode(f, [UInt8](repeating: 0, count: 8) + [3, 0]).fields, [EventField("broken", .uint(8))])
    }

    func testSymbolicUnknownValue_printsHexLikeTheKernel() throws {
        let f = try format("\tfield:int cr;\toffset:8;\tsize:4;\tsigned:1;",
                           #""cr %s", __print_symbolic(REC->cr, { 0, "CR_POWER2_ALIGNED" }, { 1, "CR_GOAL_LEN_FAST" })"#)
        XCTAssertEqual(decode(f, [UInt8](repeating: 0, count: 8) + Self.le(1)).text, "cr CR_GOAL_LEN_FAST")
        XCTAssertEqual(decode(f, [UInt8](repeating: 0, count: 8) + Self.le(9)).text, "cr 0x9")
    }

    func testDataLocString_andCharArray() throws {
        let f = try format("""
            \tfield:__data_loc char[] cmd;\toffset:8;\tsize:4;\tsigned:1;
            \tfield:char comm[16];\toffset:12;\tsize:16;\tsigned:1;
            """, #""(%s) [%s]", __get_str(cmd), REC->comm"#)
        var record = [UInt8](repeating: 0, count: 8) + Self.le(UInt32(3 << 16 | 28)) + Array("xfs_io".utf8)
        record += [UInt8](repeating: 0, count: 28 - record.count) + Array("ab\0".utf8)
        let (fields, text) = decode(f, record)
        XCTAssertEqual(text, "(ab) [xfs_io]")
        XCTAssertEqual(fields, [EventField("cmd", .string("ab")), EventField("comm", .string("xfs_io"))])
    }

    func testJiffiesToMsecs_scalesByHZ_keepsRawJiffiesWithoutIt() throws {
        let f = try format("\tfield:unsigned long wait;\toffset:8;\tsize:8;\tsigned:0;",
                           #""wait %u", jiffies_to_msecs(REC->wait)"#)
        let record = [UInt8](repeating: 0, count: 8) + [5, 0, 0, 0, 0, 0, 0, 0]
        XCTAssertEqual(decode(f, record, hz: 250).fields, [EventField("wait", .uint(20))])
        XCTAssertEqual(decode(f, record, hz: 250).text, "wait 20")
        // Unknown HZ, or one the kernel rounds for (300): the raw jiffies, printed as `?`.
        XCTAssertEqual(decode(f, record).fields, [EventField("wait", .uint(5))])
        XCTAssertEqual(decode(f, record, hz: 300).text, "wait ?")
        // trace-cmd's jbd2 plugin prints the jiffies.
        XCTAssertEqual(decode(f, record, style: .traceCmd, hz: 250).text, "wait 5")
    }

    func testArraysAndHex_printLikeTheKernel() throws {
        let f = try format("""
            \tfield:u32 ids[3];\toffset:8;\tsize:12;\tsigned:0;
            \tfield:__data_loc u8[] key;\toffset:20;\tsize:4;\tsigned:0;
            """, #""ids %s key %s (%s) len %d", __print_array(REC->ids, 3, 4), __print_hex(__get_dynamic_array(key), __get_dynamic_array_len(key)), __print_hex_str(__get_dynamic_array(key), 2), __get_dynamic_array_len(key)"#)
        let record = [UInt8](repeating: 0, count: 8) + Self.le(1) + Self.le(0x20) + Self.le(0xABC)
            + Self.le(UInt32(3 << 16 | 24)) + [0x01, 0x0A, 0xFF]
        XCTAssertEqual(decode(f, record).text, "ids {0x1,0x20,0xabc} key 01 0a ff (010a) len 3")
    }

    func testDeeplyNestedArgument_isRefusedNotRecursedInto() {
        let text = String(repeating: "(", count: 100_000) + "REC->x" + String(repeating: ")", count: 100_000)
        XCTAssertNil(PrintExpressionParser.parse(text, fields: { _ in nil }))
        XCTAssertNil(PrintExpressionParser.parse(String(repeating: "-", count: 100_000) + "1", fields: { _ in nil }))
    }

    func testKallsyms_symbolisesLikeSprintSymbol() {
        let text = Array("""
            ffffffff81000000 T _stext
            ffffffff81000100 t ext4_file_open
            ffffffff81000590 t __pfx_next
            ffffffff81000600 T _etext
            ffffffff82400000 D __start_rodata
            ffffffff82400100 d some_data

            """.utf8)
        let s = SymbolTable(kallsyms: text[...])
        XCTAssertEqual(s.symbolize(0xffffffff81000341, withOffset: true, withSize: true), "ext4_file_open+0x241/0x490")
        XCTAssertEqual(s.symbolize(0xffffffff81000341, withOffset: true, withSize: false), "ext4_file_open+0x241")
        XCTAssertEqual(s.symbolize(0xffffffff81000341, withOffset: false, withSize: false), "ext4_file_open")
        // Without KALLSYMS_ALL the kernel resolves code only: a rodata address prints raw.
        XCTAssertNil(s.symbolize(0xffffffff82400010, withOffset: false, withSize: false))
        XCTAssertEqual(s.symbolize(0xffffffff82400010, withOffset: false, withSize: false, codeOnly: false), "__start_rodata")
    }
}
