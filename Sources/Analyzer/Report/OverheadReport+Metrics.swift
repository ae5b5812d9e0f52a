import TraceParser

/// The report as named metrics: per inode (or total), journal and block I/O, latencies.
extension OverheadReport {
    /// Metrics of one inode (or of the total): I/O, mapping, writeback, handles, conversions.
    public func metrics(of i: InodeReport) -> [Metric] {
        let writes = Double(i.writes.calls)
        let mib = i.ioMebibytes
        let inWrites = i.mappingInWrites
        let all = i.allMapping
        let handles = i.allHandles
        let wb = i.writeback
        var m: [Metric] = [
            Metric("writes", "writes (pwrite64)", writes, .count),
            Metric("bytes_written", "bytes written", Double(i.writes.bytes), .bytes),
            Metric("reads", "reads (pread64)", Double(i.reads.calls), .count),
            Metric("bytes_read", "bytes read", Double(i.reads.bytes), .bytes),
            Metric("map_blocks_per_write", "map_blocks per write", ratio(Double(inWrites.mapBlocks), writes), .ratio),
            Metric("es_lookups_per_write", "es lookups per write", ratio(Double(inWrites.esLookups), writes), .ratio),
            Metric("iomap_begin_per_write", "iomap_begin per write", ratio(Double(inWrites.iomapBeginCalls), writes), .ratio),
            Metric("map_blocks", "map_blocks (all contexts)", Double(all.mapBlocks), .count),
            Metric("es_lookups", "es lookups (all contexts)", Double(all.esLookups), .count),
            Metric("iomap_begin", "iomap_begin (all contexts)", Double(all.iomapBeginCalls), .count),
            Metric("iomap_iter", "iomap_iter (all contexts)", Double(all.iomapIter), .count),
            Metric("mapping_calls_per_mib", "mapping calls per MiB", ratio(Double(all.mappingCalls), mib), .ratio),
            Metric("map_blocks_per_mib", "map_blocks per MiB", ratio(Double(all.mapBlocks), mib), .ratio),
            Metric("es_lookups_per_mib", "es lookups per MiB", ratio(Double(all.esLookups), mib), .ratio),
            Metric("iomap_begin_per_mib", "iomap_begin per MiB", ratio(Double(all.iomapBeginCalls), mib), .ratio),
        ]
        if i.reads.calls > 0 {
            let inReads = i.mapping[.read] ?? MappingCounts()
            m.append(Metric("mapping_calls_per_read", "mapping calls per read", ratio(Double(inReads.mappingCalls), Double(i.reads.calls)), .ratio))
            m.append(Metric("es_lookups_per_read", "es lookups per read", ratio(Double(inReads.esLookups), Double(i.reads.calls)), .ratio))
        }
        for context in MappingContext.allCases where context != .write {
            guard let c = i.mapping[context], c.mappingCalls + c.esLookups > 0 else { continue }
            m.append(Metric("mapping_calls_in_\(context.rawValue)", "mapping calls in \(context.label)", Double(c.mappingCalls), .count))
        }
        m += [
            Metric("writepages_calls", "ext4_writepages calls", Double(wb.writepagesCalls), .count),
            Metric("writeback_batches", "writeback batches", Double(wb.batches), .count),
            Metric("folios_per_batch", "folios per batch (mean)", wb.batches == 0 ? nil : wb.foliosPerBatch.mean, .ratio),
            Metric("folios_per_batch_max", "folios per batch (max)", wb.batches == 0 ? nil : Double(wb.foliosPerBatch.max), .count),
            Metric("extents_per_batch", "extents per batch (mean)", wb.batches == 0 ? nil : wb.extentsPerBatch.mean, .ratio),
            Metric("journal_handles", "journal handles", Double(handles.handles), .count),
            Metric("handles_per_mib", "journal handles per MiB", ratio(Double(handles.handles), mib), .ratio),
            Metric("credits_per_handle", "credits requested per handle", ratio(Double(handles.requestedBlocks), Double(handles.handles)), .ratio),
            Metric("dirtied_per_handle", "blocks dirtied per handle", ratio(Double(handles.dirtiedBlocks), Double(handles.handles)), .ratio),
        ]
        for type in i.handles.keys.sorted() {
            let h = i.handles[type] ?? HandleCounts()
            let name = HandleType.name(type)
            m.append(Metric("handles.\(name)", "  \(name) handles", Double(h.handles), .count))
            m.append(Metric("handles_per_mib.\(name)", "  \(name) handles per MiB", ratio(Double(h.handles), mib), .ratio))
            m.append(Metric("credits.\(name)", "  \(name) credits per handle", ratio(Double(h.requestedBlocks), Double(h.handles)), .ratio))
        }
        m += [
            Metric("unwritten_conversions", "unwritten conversions", Double(i.unwritten.conversions), .count),
            Metric("converted_blocks", "blocks converted", Double(i.unwritten.convertedBlocks), .count),
            Metric("ext_convert_handles", "EXT_CONVERT handles", Double(i.handles[HandleType.extConvert.rawValue]?.handles ?? 0), .count),
            Metric("iomap_unwritten_bytes", "iomap bytes to unwritten", Double(wb.iomapUnwrittenBytes), .bytes),
        ]
        return m
    }

    /// Journal commits and block I/O, for the whole capture.
    public var globalMetrics: [Metric] {
        let mib = ioMebibytes
        let b = blockIO
        return [
            Metric("commits", "jbd2 commits", Double(commitCount), .count),
            Metric("blocks_logged", "journal blocks logged", Double(blocksLogged), .count),
            Metric("blocks_logged_per_mib", "journal blocks logged per MiB", ratio(Double(blocksLogged), mib), .ratio),
            Metric("handles_per_commit", "handles per commit", ratio(Double(commits.reduce(0) { $0 + $1.handleCount }), Double(commits.count)), .ratio),
            Metric("bio.data_write_requests", "data write requests", Double(b.dataWrites.requests), .count),
            Metric("bio.data_write_bytes", "data bytes written", Double(b.dataWrites.bytes), .bytes),
            Metric("bio.journal_write_requests", "journal write requests", Double(b.journalWrites.requests), .count),
            Metric("bio.journal_write_bytes", "journal bytes written", Double(b.journalWrites.bytes), .bytes),
            Metric("bio.metadata_write_requests", "metadata write requests", Double(b.metadataWrites.requests), .count),
            Metric("bio.metadata_write_bytes", "metadata bytes written", Double(b.metadataWrites.bytes), .bytes),
            Metric("bio.read_requests", "read requests", Double(b.reads.requests), .count),
            Metric("bio.read_bytes", "bytes read from device", Double(b.reads.bytes), .bytes),
            Metric("bio.flushes", "cache flushes", Double(b.flushes), .count),
        ]
    }

    /// Latency names in display order: syscalls, ext4 operations, jbd2.
    public var latencyNames: [String] {
        let order = SpanDefinition.all.map(\.name)
        return latencies.keys.sorted { (order.firstIndex(of: $0) ?? 99, $0) < (order.firstIndex(of: $1) ?? 99, $1) }
    }

    /// p50, p99 and max of each latency, and the jbd2 phases (ms), as metrics.
    public var latencyMetrics: [Metric] {
        var m: [Metric] = []
        for name in latencyNames {
            guard let d = latencies[name] else { continue }
            m.append(Metric("latency.\(name).count", "\(name) calls", Double(d.count), .count))
            m.append(Metric("latency.\(name).p50_ns", "\(name) p50", Double(d.percentile(50)), .ns))
            m.append(Metric("latency.\(name).p99_ns", "\(name) p99", Double(d.percentile(99)), .ns))
            m.append(Metric("latency.\(name).max_ns", "\(name) max", Double(d.max), .ns))
        }
        for phase in CommitRecord.phaseNames {
            guard let d = commitPhasesMs[phase], d.count > 0 else { continue }
            m.append(Metric("jbd2.\(phase).mean_ms", "jbd2 \(phase) mean", d.mean, .ms))
        }
        return m
    }

    /// Every total metric, the comparison's rows.
    public var allMetrics: [Metric] { metrics(of: total) + globalMetrics + latencyMetrics }
}

extension MappingContext {
    var label: String {
        switch self {
        case .write: return "pwrite64"
        case .read: return "pread64"
        case .sync: return "fsync/msync"
        case .otherSyscall: return "ftruncate/fallocate"
        case .background: return "background (writeback, jbd2)"
        }
    }
}
