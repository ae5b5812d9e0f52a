/// Reads a binary trace.dat (version 6 or 7; zstd, zlib or uncompressed) as a stream of
/// events in time order, every CPU of every buffer merged, in bounded memory: each CPU's data
/// is read a page (or a compressed chunk) at a time.
///
///     let source = try TraceDatReader(path: "trace.dat", options: TraceReadOptions())
///     while let e = try source.next() { ... }   // e.position == .record(0), .record(1), ...
///
/// Fields are decoded from the file's own event formats by printing each record through its
/// print format (`RecordDecoder`), so they equal what the text reader reads from the kernel's
/// own `trace` file for the same capture. Damage in event data ends the damaged CPU's stream;
/// every other event is still returned, and the error is thrown at the end.
public final class TraceDatReader: TraceEventSource {
    public let inputFormat = InputFormat.traceDat
    let file: TraceDatFile
    var metadata: TraceDatMetadata
    let options: TraceReadOptions
    var merger: CPUStreamMerger
    let bufferNames: [String?]
    var base = TraceDiagnostics()

    var started = false
    var returnedPending = false
    var recordIndex = 0
    var pendingError: TraceError?

    /// What every record of one event id shares. A class, so handing it out per record
    /// retains one reference rather than copying two strings.
    final class Descriptor {
        let system: String
        let name: String
        let formatIndex: Int
        /// Whether the reader decodes this event's fields (`TraceReadOptions.decodesFields`).
        let decode: Bool
        /// The only fields decoded (`TraceReadOptions.decodeOnlyFieldsOf`); nil: all.
        let onlyFields: Set<String>?
        /// Records of this event counted by `summarize`.
        var count = 0
        /// The event's decoder, looked up on its first record that needs one.
        var decoder: RecordDecoder?

        init(system: String, name: String, formatIndex: Int, decode: Bool, onlyFields: Set<String>? = nil) {
            self.system = system
            self.name = name
            self.formatIndex = formatIndex
            self.decode = decode
            self.onlyFields = onlyFields
        }
    }
    /// Descriptors by event id (ids are 16-bit), filled on first sight.
    var descriptors: [Descriptor?] = []
    var lastPid = -1
    var lastComm = ""
    var decoders: [Int: RecordDecoder] = [:]
    var symbols: SymbolTable?
    var symbolsLoaded = false
    /// The kernel's HZ, looked for the first time a format needs it.
    var hz: UInt64?
    var hzLooked = false
    let loader: RawLoader
    var commonType = (offset: 0, size: 2)
    var commonPid = (offset: 4, size: 4)

    public init(path: String, options: TraceReadOptions) throws(TraceError) {
        file = try TraceDatFile(path: path)
        metadata = try TraceDatMetadata.read(file)
        let header = metadata.header
        file.bigEndianData = header.bigEndian
        self.options = options
        loader = RawLoader(bigEndian: header.bigEndian)
        var cursors: [CPUCursor] = []
        var names: [String?] = []
        let streams = metadata.buffers.reduce(0) { $0 + $1.cpus.count }
        guard streams <= TraceDatReader.maxStreams else {
            throw TraceError(.corrupt, file: path, location: .offset(header.firstOptionsOffset), section: "options",
                             "\(streams) CPU data streams; at most \(TraceDatReader.maxStreams) are read")
        }
        // Read-ahead for uncompressed data shrinks as CPUs grow: at most 4096 pages in all.
        let pagesPerRead = max(1, min(64, 4096 / max(1, streams)))
        let budget = BufferBudget()
        for (b, buffer) in metadata.buffers.enumerated() {
            names.append(buffer.name.isEmpty ? nil : buffer.name)
            for cpu in buffer.cpus where cpu.size > 0 {
                let section = buffer.name.isEmpty ? "flyrecord cpu \(cpu.cpu)" : "flyrecord \(buffer.name) cpu \(cpu.cpu)"
                let stream = CPUDataStream(file: file, data: cpu, compression: buffer.isCompressed ? header.compression : .none,
                                           pageSize: header.pageSize, section: section, budget: budget,
                                           pagesPerRead: pagesPerRead)
                cursors.append(CPUCursor(stream: stream, cpu: cpu.cpu, buffer: b, layout: metadata.pageLayout, bigEndian: header.bigEndian))
            }
        }
        bufferNames = names
        merger = CPUStreamMerger(cursors)
        base.cpus = metadata.cpuCount ?? metadata.buffers.map { ($0.cpus.map(\.cpu).max() ?? -1) + 1 }.max()
        if !metadata.formats.entries.isEmpty, let f = metadata.formats.format(at: 0) {
            if let t = f.field(named: "common_type") { commonType = (t.offset, t.size) }
            if let p = f.field(named: "common_pid") { commonPid = (p.offset, p.size) }
        }
    }

    /// CPUs times buffers: more than any machine has (Linux allows 8192 CPUs).
    static let maxStreams = 16384

    public var diagnostics: TraceDiagnostics {
        var d = base
        for c in merger.cursors {
            d.lostEvents += c.lostEvents
            d.lostEventMarkers += c.lostMarkers
        }
        return d
    }

    public var progress: (done: Int, total: Int?) {
        (merger.cursors.reduce(0) { $0 + $1.stream.bytesRead }, file.size)
    }

    /// Readies the merger for the next record: every CPU's first record on the first call,
    /// afterwards a step past the record the last call returned (`next()` and `refill` leave
    /// it in place so the merger's order holds until the caller asks again).
    func advancePastReturned() {
        if !started {
            started = true
            for i in merger.cursors.indices where advance(i) { merger.insert(i) }
        } else if returnedPending {
            advanceFirst()
        }
        returnedPending = false
    }

    public func next() throws(TraceError) -> TraceEvent? {
        advancePastReturned()
        while let i = merger.first {
            let c = merger.cursors[i]
            if let (d, pid) = identify(c) {
                returnedPending = true
                // Built in the return slot: a 152-byte event copied twice per record costs 10%.
                return makeEvent(c, d, pid)
            }
            advanceFirst()
        }
        if let e = pendingError {
            pendingError = nil
            throw e
        }
        return nil
    }

    /// Advances cursor `i`; false when it ended or hit damage (kept to throw at the end).
    func advanceCursor(_ i: Int) -> Bool { advance(i) }

    func advance(_ i: Int) -> Bool {
        do {
            return try merger.cursors[i].advance()
        } catch {
            if pendingError == nil { pendingError = error }
            return false
        }
    }

    func advanceFirst() {
        guard let i = merger.first else { return }
        if advance(i) { merger.firstAdvanced() } else { merger.removeFirst() }
    }

    /// The descriptor and pid of the cursor's current record; nil (counted) when the record
    /// is unreadable.
    @inline(__always)
    func identify(_ c: CPUCursor) -> (Descriptor, Int)? {
        let record = c.record
        guard let bytes = record.baseAddress, record.count >= max(commonType.offset + commonType.size, commonPid.offset + commonPid.size) else {
            base.noteUnparsed(.record(recordIndex), "record of \(record.count) bytes is shorter than the common fields")
            return nil
        }
        let id = Int(loader.unsigned(bytes, commonType.offset, size: commonType.size))
        guard let d = descriptor(id) else {
            base.noteUnparsed(.record(recordIndex), "no format for event id \(id)")
            return nil
        }
        return (d, Int(Int32(truncatingIfNeeded: loader.unsigned(bytes, commonPid.offset, size: commonPid.size))))
    }

    /// The event of the cursor's current record, its fields decoded when asked.
    @inline(__always)
    func makeEvent(_ c: CPUCursor, _ d: Descriptor, _ pid: Int) -> TraceEvent {
        let record = c.record
        var fields: [EventField] = []
        var body: String? = nil
        if d.decode || options.renderBodies, let decoder = d.decoder ?? recordDecoder(d) {
            if d.decode {
                fields = decoder.fields(PrintContext(record: record, loader: loader, symbols: symbols, style: .kernel, hz: hz))
            }
            if options.renderBodies {
                body = decoder.render(PrintContext(record: record, loader: loader, symbols: symbols, style: .traceCmd))
            }
        }
        recordIndex += 1
        return TraceEvent(timestampNs: c.timestampNs, timestampDigits: 9, cpu: c.cpu, pid: pid, comm: comm(pid),
                          instance: bufferNames[c.buffer], system: d.system, name: d.name, fields: fields,
                          position: .record(recordIndex - 1), printedBody: body)
    }

    @inline(__always)
    func descriptor(_ id: Int) -> Descriptor? {
        if id < descriptors.count, let d = descriptors[id] { return d }
        guard id >= 0, id < 1 << 16, let index = metadata.formats.indexByID[id] else { return nil }
        let e = metadata.formats.entries[index]
        let d = Descriptor(system: e.system, name: e.name, formatIndex: index,
                               decode: options.decodesFields(system: e.system, name: e.name),
                               onlyFields: options.decodeOnlyFieldsOf?(e.system, e.name))
        if id >= descriptors.count { descriptors += [Descriptor?](repeating: nil, count: id + 1 - descriptors.count) }
        descriptors[id] = d
        return d
    }

    /// The decoder of `descriptor`'s event, kept in the descriptor too.
    /// A descriptor that decodes only some fields gets a decoder of its own, not the shared one.
    /// Kallsyms are loaded only if the fields it decodes print a symbol (or bodies are rendered).
    func recordDecoder(_ descriptor: Descriptor) -> RecordDecoder? {
        guard let only = descriptor.onlyFields, let format = metadata.formats.format(at: descriptor.formatIndex) else {
            descriptor.decoder = recordDecoder(descriptor.formatIndex)
            return descriptor.decoder
        }
        let d = RecordDecoder(format, only: only)
        prepare(d, symbols: options.renderBodies ? d.needsSymbols : d.decodedFieldsNeedSymbols)
        descriptor.decoder = d
        return d
    }

    func recordDecoder(_ index: Int) -> RecordDecoder? {
        if let d = decoders[index] { return d }
        guard let format = metadata.formats.format(at: index) else { return nil }
        let d = RecordDecoder(format)
        decoders[index] = d
        prepare(d, symbols: d.needsSymbols)
        return d
    }

    /// Loads what decoder `d` prints with: kallsyms when `symbols`, the kernel's HZ when it
    /// converts jiffies.
    func prepare(_ d: RecordDecoder, symbols: Bool) {
        if symbols && !symbolsLoaded { loadSymbols() }
        if d.needsHZ && !hzLooked {
            hzLooked = true
            hz = KernelHZ.find(in: metadata.formats)
        }
    }

    /// kallsyms from the file, else the ELF symbols of `--vmlinux`.
    func loadSymbols() {
        symbolsLoaded = true
        if let text = try? metadata.kallsymsText(file) {
            let table = SymbolTable(kallsyms: text)
            if !table.isEmpty { symbols = table; return }
        }
        if let path = options.vmlinuxPath {
            do {
                symbols = try VmlinuxSymbols.load(path)
            } catch {
                base.noteUnparsed(.none, error.description)
            }
        }
    }

    @inline(__always)
    func comm(_ pid: Int) -> String {
        if pid == lastPid { return lastComm }
        lastPid = pid
        lastComm = pid == 0 ? "<idle>" : metadata.cmdlines[Int32(truncatingIfNeeded: pid)] ?? "<...>"
        return lastComm
    }
}
