extension TraceDatReader {
    /// One worker's chunk: the bytes of consecutive records in merged time order, copied out
    /// of their pages by the merging thread, and what the worker formatted from them.
    final class RecordChunk {
        /// Where one record is in `arena`, with what the merge already read of it.
        struct Record {
            var offset: Int32
            var length: Int32
            var eventID: Int32
            var cpu: Int32
            var buffer: Int32
            var pid: Int32
            var timestampNs: UInt64
        }
        var arena: [UInt8] = []
        var records: [Record] = []
        /// The time-order index of the first record.
        var firstIndex = 0
        /// What the merging thread knew when it cut the chunk: descriptors by event id, the
        /// parsed formats, symbols and HZ (values or immutable once set).
        var descriptors: [Descriptor?] = []
        var formats = FormatTable()
        var symbols: SymbolTable?
        var hz: UInt64?
        /// This worker's decoders by format index (a decoder is used by one thread at a time).
        var decoders: [RecordDecoder?] = []
        var formatter = EventLineFormatter(capacity: 4 << 20)
        let loader: RawLoader
        let cmdlines: [Int32: String]
        let bufferNames: [String?]

        init(loader: RawLoader, cmdlines: [Int32: String], bufferNames: [String?], capacity: Int) {
            self.loader = loader
            self.cmdlines = cmdlines
            self.bufferNames = bufferNames
            arena.reserveCapacity(capacity * 64)
            records.reserveCapacity(capacity)
        }

        /// Decodes the chunk's records into events and formats each with `append` (on a
        /// worker thread); the events equal those `next()` returns for the same records.
        func format(_ append: ParallelEventLines.Append) {
            // Locals, not the class's properties: no access check per record.
            var lines = EventLineFormatter(capacity: 0)
            swap(&lines, &formatter)
            defer { swap(&lines, &formatter) }
            lines.clear()
            var decoders: [RecordDecoder?] = []
            swap(&decoders, &self.decoders)
            defer { swap(&decoders, &self.decoders) }
            let descriptors = self.descriptors, symbols = self.symbols, hz = self.hz
            let loader = self.loader, bufferNames = self.bufferNames, firstIndex = self.firstIndex
            // One event, updated in place record by record: its strings change only when the
            // task, buffer or event type does, and its fields array keeps its storage, so a
            // record costs no allocation and few retains (building and destroying a fresh
            // `TraceEvent` per record was a fifth of `events`' CPU on the bench).
            var e = TraceEvent(timestampNs: 0, timestampDigits: 9, cpu: 0, pid: -1, comm: "", system: "", name: "",
                               fields: [], position: .none)
            var lastEventID: Int32 = -1, lastBuffer: Int32 = -1
            // The chunk's event types by event id (-1: not looked up yet, -2: no descriptor),
            // so a record of another type than the last costs no descriptor or decoder retain.
            var typeOfID = [Int](repeating: -1, count: descriptors.count)
            var types: [ChunkType] = []
            var decoder: Unmanaged<RecordDecoder>? = nil
            var context = PrintContext(record: UnsafeRawBufferPointer(start: nil, count: 0), loader: loader,
                                       symbols: symbols, style: .kernel, hz: hz)
            arena.withUnsafeBytes { bytes in
                for k in records.indices {
                    let r = records[k]
                    if r.eventID != lastEventID {
                        let id = Int(r.eventID)
                        if typeOfID[id] == -1 {
                            if let d = descriptors[id] {
                                let decoder = d.decode ? self.decoder(d.formatIndex, &decoders) : nil
                                typeOfID[id] = types.count
                                types.append(ChunkType(system: d.system, name: d.name,
                                                       decoder: decoder.map { Unmanaged.passUnretained($0) }))
                            } else {
                                typeOfID[id] = -2
                            }
                        }
                        let t = typeOfID[id]
                        guard t >= 0 else { continue }
                        lastEventID = r.eventID
                        if e.system != types[t].system { e.system = types[t].system }
                        e.name = types[t].name
                        decoder = types[t].decoder
                    }
                    if let decoder {
                        context.record = UnsafeRawBufferPointer(rebasing: bytes[Int(r.offset)..<Int(r.offset + r.length)])
                        decoder._withUnsafeGuaranteedRef { $0.fields(context, into: &e.fields) }
                    } else if !e.fields.isEmpty {
                        e.fields.removeAll(keepingCapacity: true)
                    }
                    if r.pid != e.pid {
                        e.pid = Int(r.pid)
                        e.comm = r.pid == 0 ? "<idle>" : cmdlines[r.pid] ?? "<...>"
                    }
                    if r.buffer != lastBuffer {
                        lastBuffer = r.buffer
                        e.instance = bufferNames[Int(r.buffer)]
                    }
                    e.timestampNs = r.timestampNs
                    e.cpu = Int(r.cpu)
                    e.position = .record(firstIndex + k)
                    append(e, &lines)
                }
            }
        }

        /// One event type as `format` uses it: its names, and its decoder unretained (the
        /// worker's `decoders` array holds it for the whole of `format`).
        struct ChunkType {
            let system: String
            let name: String
            let decoder: Unmanaged<RecordDecoder>?
        }

        /// The worker's decoder of the format at `index`, made from the merging thread's parse.
        private func decoder(_ index: Int, _ decoders: inout [RecordDecoder?]) -> RecordDecoder? {
            if index < decoders.count, let d = decoders[index] { return d }
            guard index < formats.entries.count, let f = formats.entries[index].parsed else { return nil }
            if decoders.count < formats.entries.count {
                decoders += [RecordDecoder?](repeating: nil, count: formats.entries.count - decoders.count)
            }
            let d = RecordDecoder(f)
            decoders[index] = d
            return d
        }
    }

    /// Whether `formatInParallel` reads this file as `next()` would: not when events carry
    /// their printed bodies or decode only some fields, nor once `next()` has started.
    var formatsInParallel: Bool {
        !started && !options.renderBodies && options.decodeOnlyFieldsOf == nil
    }

    /// `ParallelEventLines.run` for trace.dat: this thread merges the CPU streams by time as
    /// `next()` does, copying each record's bytes into a chunk of `chunkRecords` without
    /// decoding it; workers decode and format the chunks; the output is written chunk by chunk
    /// in time order. Damage ends the damaged CPU's stream and is thrown after everything
    /// else is written, as with `next()`.
    func formatInParallel(workers: Int, chunkRecords: Int, append: @escaping ParallelEventLines.Append,
                          write: ([UInt8]) -> Bool, progress: (Int) -> Void) throws(TraceError) -> TraceDiagnostics {
        precondition(formatsInParallel)
        started = true
        for i in merger.cursors.indices where advanceCursor(i) { merger.insert(i) }
        let chunks = (0..<max(2, workers + 2)).map { _ in
            RecordChunk(loader: loader, cmdlines: metadata.cmdlines, bufferNames: bufferNames, capacity: chunkRecords)
        }
        var ring = OrderedSlotRing(chunks)
        var open = true
        func finish(_ c: RecordChunk) {
            if open, !c.formatter.bytes.isEmpty { open = write(c.formatter.bytes) }
        }
        var chunkCount = 0
        while open {
            let chunk = ring.acquire(finish)
            guard open, cut(into: chunk, limit: chunkRecords) else { break }
            let job = UnsafeSendable(chunk)
            ring.launch { job.value.format(append) }
            chunkCount += 1
            if chunkCount & 7 == 0 { progress(self.progress.done) }
        }
        ring.drain(finish)
        progress(self.progress.done)
        if let e = pendingError {
            pendingError = nil
            throw e
        }
        return diagnostics
    }

    /// Fills `chunk` with the next records in time order; false when none are left.
    private func cut(into chunk: RecordChunk, limit: Int) -> Bool {
        // Filled as locals, not through the class's properties (an access check per use).
        var arena: [UInt8] = []
        var records: [RecordChunk.Record] = []
        swap(&arena, &chunk.arena)
        swap(&records, &chunk.records)
        arena.removeAll(keepingCapacity: true)
        records.removeAll(keepingCapacity: true)
        defer {
            swap(&arena, &chunk.arena)
            swap(&records, &chunk.records)
        }
        chunk.firstIndex = recordIndex
        while records.count < limit, let i = merger.first {
            let c = merger.cursors[i]
            if let (d, pid) = identify(c), let base = c.record.baseAddress {
                // The decoder made here parses the format and loads symbols and HZ once,
                // on this thread; workers make their own from the parsed format.
                if d.decode, d.decoder == nil { _ = recordDecoder(d) }
                let record = c.record
                records.append(RecordChunk.Record(
                    offset: Int32(arena.count), length: Int32(record.count),
                    eventID: Int32(loader.unsigned(base, commonType.offset, size: commonType.size)),
                    cpu: Int32(truncatingIfNeeded: c.cpu), buffer: Int32(c.buffer), pid: Int32(truncatingIfNeeded: pid),
                    timestampNs: c.timestampNs))
                arena.append(contentsOf: record)
                recordIndex += 1
            }
            if advanceCursor(i) { merger.firstAdvanced() } else { merger.removeFirst() }
        }
        guard !records.isEmpty else { return false }
        chunk.descriptors = descriptors
        chunk.formats = metadata.formats
        chunk.symbols = symbols
        chunk.hz = hz
        return true
    }
}
