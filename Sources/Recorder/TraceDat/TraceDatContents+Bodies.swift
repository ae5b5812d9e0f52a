/// The metadata blocks, laid out the same way in v6 (back to back after the file header) and v7
/// (each the body of its own section). See trace-cmd's Documentation/trace-cmd/trace-cmd.dat.v6.5.txt.
extension TraceDatContents {
    /// `header_page\0`, u64 size, text; `header_event\0`, u64 size, text.
    var headerInfoBody: [UInt8] {
        var b = ByteWriter()
        b.cString("header_page"); b.u64(UInt64(headerPage.count)); b.append(headerPage)
        b.cString("header_event"); b.u64(UInt64(headerEvent.count)); b.append(headerEvent)
        return b.bytes
    }

    /// u32 count, then u64 size and text of each `events/ftrace/*/format`.
    var ftraceFormatsBody: [UInt8] {
        var b = ByteWriter()
        b.u32(UInt32(ftraceFormats.count))
        for f in ftraceFormats { b.u64(UInt64(f.count)); b.append(f) }
        return b.bytes
    }

    /// u32 system count; per system its name, u32 event count, then u64 size and text per format.
    var eventFormatsBody: [UInt8] {
        var b = ByteWriter()
        b.u32(UInt32(eventFormats.count))
        for s in eventFormats {
            b.cString(s.system)
            b.u32(UInt32(s.formats.count))
            for f in s.formats { b.u64(UInt64(f.count)); b.append(f) }
        }
        return b.bytes
    }

    /// u32 size, then /proc/kallsyms.
    var kallsymsBody: [UInt8] {
        var b = ByteWriter()
        b.u32(UInt32(kallsyms.count)); b.append(kallsyms)
        return b.bytes
    }

    /// u32 size, then printk_formats.
    var printkBody: [UInt8] {
        var b = ByteWriter()
        b.u32(UInt32(printkFormats.count)); b.append(printkFormats)
        return b.bytes
    }

    /// u64 size, then saved_cmdlines.
    var cmdlinesBody: [UInt8] {
        var b = ByteWriter()
        b.u64(UInt64(savedCmdlines.count)); b.append(savedCmdlines)
        return b.bytes
    }

    /// The options both versions carry: trace clock, uname, writer version, per-CPU stats,
    /// CPU count. Each is (option id, data).
    var commonOptions: [(TraceDatOption, [UInt8])] {
        var list: [(TraceDatOption, [UInt8])] = []
        list.append((.traceClock, Array(traceClock.utf8) + [0]))
        list.append((.uname, Array(uname.utf8) + [0]))
        list.append((.version, Array(writerVersion.utf8) + [0]))
        for s in cpuStats { list.append((.cpuStat, Array(s.utf8) + [0])) }
        var count = ByteWriter(); count.u32(UInt32(cpus.count))
        list.append((.cpuCount, count.bytes))
        return list
    }
}

/// trace.dat option ids (trace-cmd's `enum tracecmd_option`); in v7 the same numbers name sections.
enum TraceDatOption: UInt16 {
    case done = 0
    case cpuStat = 2
    case buffer = 3
    case traceClock = 4
    case uname = 5
    case cpuCount = 8
    case version = 9
    case strings = 15
    case headerInfo = 16
    case ftraceEvents = 17
    case eventFormats = 18
    case kallsyms = 19
    case printk = 20
    case cmdlines = 21
}

/// The magic that opens every trace.dat: `\x17\x08\x44tracing`.
let traceDatMagic: [UInt8] = [0x17, 0x08, 0x44] + Array("tracing".utf8)
