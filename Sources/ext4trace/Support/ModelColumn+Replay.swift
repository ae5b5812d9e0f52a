import Analyzer
import ReferenceFS

extension ModelColumn {
    /// A model's column of `model`'s table: its replay's figures over the captured workload.
    init(_ r: ReplayResult, workload: ObservedKernel) {
        self.init(model: r.model, workload: workload, writeMapCalls: r.writeMappingCalls,
                  writebackMapCalls: r.counters.writebackMapCalls, handlesByType: r.handlesByTypeNumber,
                  credits: r.creditsRequested, commits: r.commits, blocksLogged: r.blocksLogged,
                  conversions: r.counters.unwrittenConversions)
    }
}
