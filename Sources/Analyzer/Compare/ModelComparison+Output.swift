import TraceParser

extension ModelComparison {
    /// The table as text: one column per model, 12 wide, rows labelled in 28 columns, each
    /// large difference explained in an indented `↳` line under its row.
    public func text() -> String {
        let width = 28
        var out = "".padding(width) + columns.map { $0.name.leftPadding(12) }.joined() + "\n"
        for row in rows {
            out += row.label.padding(width)
            out += row.values.map { (row.integral ? String(Int($0)) : Self.fmt($0)).leftPadding(12) }.joined() + "\n"
            guard let explain = row.explain else { continue }
            var said = Set<String>()
            // One line per model that differs: against the first column it differs from.
            for j in columns.indices {
                for i in columns.indices where i < j && Self.large(row.values[i], row.values[j]) {
                    guard let line = explain(columns[i], columns[j]) ?? explain(columns[j], columns[i]) else { continue }
                    if said.insert(line).inserted { out += "    ↳ " + line + "\n" }
                    break
                }
            }
        }
        return out
    }

    /// `{"models": [{"model", "writes", "mib_written", "write_mapping_calls", ...}]}`.
    public func json() -> String {
        var w = JSONWriter()
        w.objectStart()
        w.key("models"); w.arrayStart()
        for c in columns {
            w.objectStart()
            w.key("model"); w.string(c.name)
            w.key("writes"); w.int(c.writes)
            w.key("mib_written"); w.double(c.mebibytes)
            w.key("write_mapping_calls"); w.int(c.writeMapCalls)
            w.key("write_mapping_calls_per_write"); w.double(c.perWrite(c.writeMapCalls))
            w.key("write_mapping_calls_per_mib"); w.double(c.perMiB(c.writeMapCalls))
            w.key("writeback_mapping_calls"); w.int(c.writebackMapCalls)
            w.key("handles"); w.int(c.handles)
            w.key("handles_per_mib"); w.double(c.perMiB(c.handles))
            w.key("handles_by_type"); w.objectStart()
            for (t, n) in c.handlesByType.sorted(by: { $0.key < $1.key }) { w.key(String(t)); w.int(n) }
            w.objectEnd()
            w.key("handles_per_mib_by_type"); w.objectStart()
            for (t, n) in c.handlesByType.sorted(by: { $0.key < $1.key }) { w.key(String(t)); w.double(c.perMiB(n)) }
            w.objectEnd()
            w.key("credits_requested"); w.int(c.credits)
            w.key("commits"); w.int(c.commits)
            w.key("blocks_logged"); w.int(c.blocksLogged)
            w.key("blocks_logged_per_mib"); w.double(c.perMiB(c.blocksLogged))
            w.key("unwritten_conversions"); w.int(c.conversions)
            w.key("handle_hold_time_ns"); w.null()
            w.objectEnd()
        }
        w.arrayEnd()
        w.objectEnd()
        return String(decoding: w.bytes, as: UTF8.self)
    }
}

private extension String {
    func padding(_ n: Int) -> String { self + String(repeating: " ", count: max(0, n - count)) }
    func leftPadding(_ n: Int) -> String { String(repeating: " ", count: max(0, n - count)) + self }
}
