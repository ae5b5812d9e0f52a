@testable import Analyzer
import TraceParser
import XCTest

final class HTMLTests: XCTestCase {
    func testEscape_neutralisesMarkupQuotesAndControlCharacters() {
        XCTAssertEqual(HTML.escape("<script>alert('x')</script> & \"q\""),
                       "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;")
        XCTAssertEqual(HTML.escape("a\u{1}b"), "a\u{FFFD}b")
    }

    /// A task may call itself anything (prctl PR_SET_NAME): its name must print as text.
    func testTaskNamesWithMarkup_areEscapedInTheReportPage() throws {
        var analyzer = TraceAnalyzer(source: "evil<b>.txt")
        let hostile = "<img src=x onerror=alert(1)>"
        for (i, name) in ["sys_enter_pwrite64", "ext4_da_write_begin", "sys_exit_pwrite64"].enumerated() {
            let fields: [EventField] = name == "sys_enter_pwrite64" ? [EventField("fd", .int(3)), EventField("count", .uint(4096))]
                : name == "sys_exit_pwrite64" ? [EventField("ret", .int(4096))]
                : [EventField("dev", .string("7:1")), EventField("ino", .uint(12)), EventField("pos", .int(0)), EventField("len", .uint(4096))]
            analyzer.consume(TraceEvent(timestampNs: UInt64(1_000_000 + i * 1000), cpu: 0, pid: 42, comm: hostile,
                                        system: name.hasPrefix("sys") ? "syscalls" : "ext4", name: name,
                                        fields: fields, position: .line(i + 1)))
        }
        let report = analyzer.finish()
        XCTAssertEqual(report.tasks.first?.comm, hostile)
        let page = ReportPage(report: report).render()
        XCTAssertFalse(page.contains("<img"))
        XCTAssertFalse(page.contains("<b>"))
        XCTAssertTrue(page.contains("&lt;img src=x onerror=alert(1)&gt;"))
        XCTAssertTrue(page.contains("evil&lt;b&gt;.txt"))
    }

    /// No scripts, no network: nothing is loaded from anywhere.
    func testReportPage_isSelfContainedWithInlineSVG() throws {
        let page = ReportPage(report: try Captures.report("ext4-append-fsync")).render()
        for forbidden in ["<script", "http://", "https://", "<link", "@import", "url(", "src="] where forbidden != "http://" {
            XCTAssertFalse(page.contains(forbidden), forbidden)
        }
        // The only http:// is the SVG namespace, which is an identifier, not a fetch.
        XCTAssertEqual(page.components(separatedBy: "http://").count - 1,
                       page.components(separatedBy: "xmlns=\"http://www.w3.org/2000/svg\"").count - 1)
        XCTAssertGreaterThanOrEqual(page.components(separatedBy: "<svg").count - 1, 4)
        // One stem per commit in the journal timeline: 11 jbd2_run_stats.
        let timeline = try XCTUnwrap(page.range(of: "journal blocks logged per commit"))
        let svg = page[timeline.upperBound...].prefix { _ in true }
        let firstSVG = String(svg[svg.range(of: "<svg")!.lowerBound ..< svg.range(of: "</svg>")!.upperBound])
        XCTAssertEqual(firstSVG.components(separatedBy: "<circle").count - 1, 11)
    }

    func testComparePage_escapesSourcesAndListsEveryRow() throws {
        var a = try Captures.report("ext4-append-fsync")
        a.source = "<a>"
        let c = Comparison(a: a, b: try Captures.report("ext4-dioread_lock-append-fsync"))
        let page = ComparePage(comparison: c).render()
        XCTAssertFalse(page.contains("<a>"))
        XCTAssertTrue(page.contains("&lt;a&gt;"))
        XCTAssertEqual(page.components(separatedBy: "<tr><td>").count - 1, c.rows.count)
    }
}
