/// The `report --html` page.
public struct ReportPage {
    public var report: OverheadReport
    public init(report: OverheadReport) { self.report = report }
    public func render() throws(AnalyzerError) -> String {
        throw AnalyzerError(.unsupported, file: report.source, "--html is not written yet")
    }
}
