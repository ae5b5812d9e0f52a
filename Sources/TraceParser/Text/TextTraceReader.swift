/// Reads the text forms of a trace: the kernel's `trace`/`trace_pipe`, `trace-cmd report` and
/// `perf script`, one line at a time in bounded memory.
///
/// A line that is not an event never stops the read: it is counted (with its line number and
/// the reason) in `diagnostics`. Special lines are understood:
///
///     CPU:1 [LOST 123 EVENTS]                    kernel: events dropped on CPU 1
///     CPU:1 [123 EVENTS DROPPED]                 trace-cmd report: the same
///     ##### CPU 1 buffer started ####            kernel: buffer of CPU 1 starts here
///     cpus=2                                     trace-cmd report header
public final class TextTraceReader: TraceEventSource {
    public let inputFormat: InputFormat
    public internal(set) var diagnostics = TraceDiagnostics()
    let lines: LineReader
    let options: TraceReadOptions
    let path: String
    let fileSize: Int?

    // The tables below are touched on every line. A reader is used by one thread at a time
    // and never lends them out across a call that could touch them again, so their accesses
    // are not checked at run time (a check per access per line otherwise).

    /// Event names seen so far, as written in the input (with the syscall style marker).
    @exclusivity(unchecked) var names = NameTable()
    @exclusivity(unchecked) var descriptors: [EventDescriptor] = []
    /// Each descriptor's template and field assembly (same index), reused from line to line;
    /// nil where the event is not decoded by a template.
    @exclusivity(unchecked) var matchers: [TemplateMatcher?] = []
    @exclusivity(unchecked) var comms = NameTable(capacity: 256)
    @exclusivity(unchecked) var instances = NameTable(capacity: 8)

    struct EventDescriptor {
        enum Style { case plain, syscallEnter, syscallExit }
        var system: String
        var name: String
        var style: Style
        /// Index into the registry's formats, if known.
        var format: Int?
        /// Whether the reader decodes this event's fields (`TraceReadOptions.decodesFields`).
        var decode: Bool
    }

    public init(source: ByteSource, format: InputFormat, options: TraceReadOptions) {
        self.inputFormat = format
        self.lines = LineReader(source)
        self.options = options
        self.path = source.path
        self.fileSize = source.fileSize
    }

    /// A reader whose line buffer holds `lineBufferBytes` (a chunk of `formatInParallel`).
    init(source: ByteSource, format: InputFormat, options: TraceReadOptions, lineBufferBytes: Int) {
        self.inputFormat = format
        self.lines = LineReader(source, bufferBytes: lineBufferBytes)
        self.options = options
        self.path = source.path
        self.fileSize = source.fileSize
    }

    public var progress: (done: Int, total: Int?) { (lines.bytesConsumed, fileSize) }

    public func next() throws(TraceError) -> TraceEvent? {
        var event = TextTraceReader.blankEvent
        while let line = try lines.next() {
            switch line {
            case .overlong(let number, let bytes):
                noteOverlong(number, bytes: bytes)
            case .text(let b, let number):
                if decode(b, number: number, into: &event) { return event }
            }
        }
        return nil
    }

    /// An event with nothing in it yet, for `decode(_:number:into:)` to fill.
    static var blankEvent: TraceEvent {
        TraceEvent(timestampNs: 0, cpu: 0, pid: 0, comm: "", system: "", name: "", fields: [], position: .none)
    }

    /// Counts a line `LineReader` skipped as longer than its limit.
    func noteOverlong(_ number: Int, bytes: Int) {
        diagnostics.noteUnparsed(.line(number), "line of \(bytes) bytes is longer than the 1 MiB limit")
    }

    /// Decodes one line; nil for header, marker, blank or unparsable lines (the latter counted).
    func decode(_ b: UnsafeBufferPointer<UInt8>, number: Int) -> TraceEvent? {
        var event = TextTraceReader.blankEvent
        return decode(b, number: number, into: &event) ? event : nil
    }

    /// `decode` into an event the caller keeps from line to line: every property is
    /// overwritten, and the storage of its `fields` is reused when no one else holds it (a
    /// loop that formats each event and drops it allocates no field array per line). False,
    /// with `event` untouched, where `decode` returns nil.
    func decode(_ b: UnsafeBufferPointer<UInt8>, number: Int, into event: inout TraceEvent) -> Bool {
        guard let first = b.first else { return false }
        if first == 0x23 {                                   // '#': header or buffer-start marker
            noteHeaderComment(b)
            return false
        }
        if first != 0x20, noteSpecialLine(b, number: number) { return false }
        var header = LineHeader()
        guard LineHeader.lex(b, allowInstance: inputFormat == .traceCmd, into: &header) else {
            if !ByteScan.isBlank(b, from: 0) {
                diagnostics.noteUnparsed(.line(number), b.contains(0) ? "line holds NUL bytes and no event header" : "no task-pid, [cpu] and timestamp")
            }
            return false
        }
        guard let (descriptorIndex, fieldsStart) = lexEventName(b, from: header.bodyStart) else {
            diagnostics.noteUnparsed(.line(number), "no event name after the timestamp")
            return false
        }
        let d = descriptors[descriptorIndex]
        event.fields.removeAll(keepingCapacity: true)
        if d.decode {
            decodeFields(b, from: fieldsStart, descriptor: d, index: descriptorIndex, into: &event.fields)
        }
        let commIndex = comms.intern(UnsafeBufferPointer(rebasing: b[header.comm]))
        event.comm = comms.values[commIndex]
        if let r = header.instance {
            let i = instances.intern(UnsafeBufferPointer(rebasing: b[r]))
            event.instance = instances.values[i]
        } else {
            event.instance = nil
        }
        event.timestampNs = header.timestampNs
        event.timestampDigits = header.timestampDigits
        event.cpu = header.cpu
        event.pid = header.pid
        event.tgid = header.tgid
        event.system = d.system
        event.name = d.name
        event.position = .line(number)
        event.printedBody = nil
        return true
    }

    /// Finds the event name at `start`; returns its descriptor and where its fields begin.
    func lexEventName(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> (Int, Int)? {
        lexEventName(b, from: start, names: &names)
    }

    /// `lexEventName` with the name table passed in: a loop over many lines moves `names`
    /// into a local first, so that looking a name up is not an exclusive access to the
    /// reader's property (a dynamic check per line).
    func lexEventName(_ b: UnsafeBufferPointer<UInt8>, from start: Int, names: inout NameTable) -> (Int, Int)? {
        var p = start
        let n = b.count
        while p < n, b[p] == 0x20 { p += 1 }
        let nameStart = p
        while p < n, ByteScan.isIdentifier(b[p]) { p += 1 }
        guard p > nameStart else { return nil }
        var style = EventDescriptor.Style.plain
        var keyEnd = p
        var fieldsStart: Int
        if p < n, b[p] == 0x3A {
            // perf script: "system:event: fields"
            if p + 1 < n, ByteScan.isIdentifier(b[p + 1]) {
                var q = p + 1
                while q < n, ByteScan.isIdentifier(b[q]) { q += 1 }
                guard q < n ? b[q] == 0x3A : true else { return nil }
                keyEnd = q
                p = q
            }
            fieldsStart = p + 1
        } else if p < n, b[p] == 0x28, ByteScan.hasPrefix(b, at: nameStart, Self.sysPrefix) {
            style = .syscallEnter
            keyEnd = p + 1
            fieldsStart = p
        } else if ByteScan.hasPrefix(b, at: p, Self.arrow), ByteScan.hasPrefix(b, at: nameStart, Self.sysPrefix) {
            style = .syscallExit
            keyEnd = p + Self.arrow.count
            fieldsStart = keyEnd
        } else if p == n {
            fieldsStart = n                              // an event printed with no fields
        } else {
            return nil
        }
        while fieldsStart < n, b[fieldsStart] == 0x20 { fieldsStart += 1 }
        let key = UnsafeBufferPointer(rebasing: b[nameStart..<keyEnd])
        let known = names.values.count
        let index = names.intern(key)
        if index == known {
            let d = describe(b, nameStart..<keyEnd, style: style)
            descriptors.append(d)
            var matcher: TemplateMatcher? = nil
            if d.decode, d.style == .plain, let i = d.format, let t = options.formats.templates[i] { matcher = TemplateMatcher(t) }
            matchers.append(matcher)
        }
        return (index, fieldsStart)
    }

    static let sysPrefix = Array("sys_".utf8)
    static let arrow = Array(" -> ".utf8)

    func describe(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, style: EventDescriptor.Style) -> EventDescriptor {
        var raw = GenericFields.text(b, r)
        var system: String? = nil
        switch style {
        case .syscallEnter:
            raw = "sys_enter_" + raw.dropFirst(4).dropLast()
        case .syscallExit:
            raw = "sys_exit_" + raw.dropFirst(4).dropLast(Self.arrow.count)
        case .plain:
            if let colon = raw.firstIndex(of: ":") {
                system = String(raw[..<colon])
                raw = String(raw[raw.index(after: colon)...])
            }
        }
        let formatIndex = options.formats.indexByName[raw]
        let sys = system ?? formatIndex.map { options.formats.formats[$0].system } ?? FormatRegistry.guessSystem(raw)
        return EventDescriptor(system: sys, name: raw, style: style, format: formatIndex,
                               decode: options.decodesFields(system: sys, name: raw))
    }

    /// Decodes the fields of an event line into `fields` (empty on entry): by the event's
    /// template, the syscall shapes, or else generic `key value` parsing.
    func decodeFields(_ b: UnsafeBufferPointer<UInt8>, from start: Int, descriptor d: EventDescriptor, index: Int,
                      into fields: inout [EventField]) {
        switch d.style {
        case .syscallEnter:
            if let f = SyscallText.enterFields(b, from: start) { fields = f; return }
        case .syscallExit:
            let token = UnsafeBufferPointer(rebasing: b[start...])
            if let (v, end) = ByteScan.parseNumber(token, at: 0, hex: false), ByteScan.isBlank(token, from: end) {
                fields.append(EventField("ret", v))
                return
            }
        case .plain:
            if let m = matchers[index], m.match(b, from: start, into: &fields) { return }
        }
        if d.format != nil || d.style != .plain { diagnostics.genericFallbacks += 1 }
        fields = GenericFields.parse(b, from: start)
    }
}
