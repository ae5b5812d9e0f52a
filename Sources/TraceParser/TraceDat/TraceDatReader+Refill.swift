extension TraceDatReader {
    /// `next()` up to `limit` times, each event written over the slot of an old one of
    /// `events`: its field storage is emptied and reused, so a batch refilled record by record
    /// allocates nothing (a new field array per event, and copying each 152-byte event out of
    /// `next()` into the batch, cost a fifth of `report`'s reading thread).
    public func refill(_ events: inout [TraceEvent], limit: Int) throws(TraceError) {
        if options.renderBodies {
            events.removeAll(keepingCapacity: true)
            while events.count < limit, let e = try next() { events.append(e) }
            return
        }
        var n = 0
        advancePastReturned()
        var spare: [EventField] = []
        while n < limit, let i = merger.first {
            let c = merger.cursors[i]
            if let (d, pid) = identify(c) {
                if n < events.count {
                    // The old event's field array, taken out of it so it is the only reference.
                    swap(&spare, &events[n].fields)
                    spare.removeAll(keepingCapacity: true)
                    fill(&spare, c, d)
                    events[n] = event(c, d, pid, fields: spare)
                    spare = []
                } else {
                    events.append(makeEvent(c, d, pid))
                }
                n += 1
            }
            // The last event's record is advanced past on the next call, as `next()` does.
            if n == limit { returnedPending = true } else { advanceFirst() }
        }
        if n < events.count { events.removeLast(events.count - n) }
        if n < limit, let e = pendingError {
            pendingError = nil
            throw e
        }
    }

    /// The fields `makeEvent` decodes of the cursor's record, in place of `fields`' (emptied); its body
    /// is not rendered (a reader rendering bodies refills through `next()`).
    @inline(__always)
    private func fill(_ fields: inout [EventField], _ c: CPUCursor, _ d: Descriptor) {
        guard d.decode, let decoder = d.decoder ?? recordDecoder(d) else { return }
        decoder.fields(PrintContext(record: c.record, loader: loader, symbols: symbols, style: .kernel, hz: hz), into: &fields)
    }

    /// `makeEvent`'s event with the fields given, numbered as the next record.
    @inline(__always)
    private func event(_ c: CPUCursor, _ d: Descriptor, _ pid: Int, fields: [EventField]) -> TraceEvent {
        recordIndex += 1
        return TraceEvent(timestampNs: c.timestampNs, timestampDigits: 9, cpu: c.cpu, pid: pid, comm: comm(pid),
                          instance: bufferNames[c.buffer], system: d.system, name: d.name, fields: fields,
                          position: .record(recordIndex - 1), printedBody: nil)
    }
}
