import TraceParser

/// Events whose rows are not their table's usual ones, for the CSV export tests: a comm and
/// strings that need quoting, fields in another order, one missing, one extra, none, back to
/// the usual fields, and a field name printed twice.
enum OddCSVRows {
    static var events: [TraceEvent] {
        var events: [TraceEvent] = []
        let base = TraceEvent(timestampNs: 1_500_000_000, cpu: 1, pid: -3, comm: "a,\"b\"", system: "s", name: "odd",
                              fields: [EventField("dev", .string("7:1")), EventField("ino", .uint(12))], position: .line(9))
        var e = base
        events.append(e)
        e.fields = [EventField("ino", .int(-1)), EventField("dev", .string("x,\"y\"\n"))]    // another order
        events.append(e)
        e.fields = [EventField("ino", .uint(5))]                                           // one missing
        events.append(e)
        e.fields = [EventField("dev", .string("7:1")), EventField("ino", .uint(5)), EventField("new", .string("a b,c"))]
        events.append(e)                                                                   // an extra one
        events.append(base)                                                                // back to usual
        e.fields = []
        e.position = .none
        events.append(e)
        e = base
        e.name = "twice"
        e.fields = [EventField("a", .uint(1)), EventField("a", .uint(2)), EventField("line", .string("\r\n"))]
        events.append(e)                                                                   // a name printed twice
        events.append(e)
        return events
    }
}
