import ReferenceFS
import TraceParser

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the geometry: `--geometry FILE`, else `geometry.txt` beside the trace, else defaults.
func loadGeometry(_ path: String?, traceFile: String, mountOptions: String) throws -> SeriesGeometry {
    let candidate = path ?? siblingPath(traceFile, "geometry.txt")
    var geo = SeriesGeometry()
    if let text = readTextFile(candidate) {
        geo = SeriesGeometry(dumpe2fs: text)
    } else if path != nil {
        throw CommandFailure("\(candidate): cannot read the geometry file")
    }
    let options = mountOptions.split(separator: ",").map(String.init)
    if options.contains("nodelalloc") { geo.delalloc = false }
    if options.contains("delalloc") { geo.delalloc = true }
    return geo
}

func siblingPath(_ file: String, _ name: String) -> String {
    guard let slash = file.lastIndex(of: "/") else { return name }
    return String(file[...slash]) + name
}

func readTextFile(_ path: String) -> String? {
    guard let f = fopen(path, "rb") else { return nil }
    defer { fclose(f) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = fread(&buffer, 1, buffer.count, f)
        if n <= 0 { break }
        bytes += buffer[0..<n]
    }
    return String(decoding: bytes, as: UTF8.self)
}

func writeFile(_ path: String, _ text: String) throws {
    guard let f = fopen(path, "wb") else { throw CommandFailure("\(path): cannot create the file") }
    defer { fclose(f) }
    let bytes = Array(text.utf8)
    if fwrite(bytes, 1, bytes.count, f) != bytes.count { throw CommandFailure("\(path): write failed") }
}

func replayJSON(_ r: SeriesReport) -> String {
    var w = JSONWriter()
    w.objectStart()
    w.key("model"); w.string(r.model)
    w.key("inodes"); w.arrayStart()
    for f in r.files {
        w.objectStart()
        w.key("dev"); w.string(f.key.dev)
        w.key("ino"); w.int(f.key.ino)
        w.key("size"); w.int(f.size)
        w.key("disksize"); w.int(f.disksize)
        w.key("extents"); w.arrayStart()
        for e in f.extents {
            w.objectStart()
            w.key("lblk"); w.int(e.lblk); w.key("len"); w.int(e.len)
            w.key("pblk"); w.int(e.pblk); w.key("unwritten"); w.bool(e.unwritten)
            w.objectEnd()
        }
        w.arrayEnd()
        w.objectEnd()
    }
    w.arrayEnd()
    w.key("journal"); w.objectStart()
    w.key("handles"); w.int(r.handles)
    w.key("handles_by_type"); w.objectStart()
    for (t, n) in r.handlesByType.sorted(by: { $0.key < $1.key }) { w.key(String(t.rawValue)); w.int(n) }
    w.objectEnd()
    w.key("credits_requested"); w.int(r.creditsRequested)
    w.key("commits"); w.int(r.commits)
    w.key("blocks_logged"); w.int(r.blocksLogged)
    w.objectEnd()
    w.key("mapping"); w.objectStart()
    w.key("map_blocks_calls"); w.int(r.counters.iomapBeginCalls + r.counters.writebackMapCalls + r.counters.zeroBeginCalls)
    w.key("es_lookups"); w.null()
    w.key("iomap_begin_calls"); w.int(r.counters.iomapBeginCalls)
    w.key("writeback_map_calls"); w.int(r.counters.writebackMapCalls)
    w.key("unwritten_conversions"); w.int(r.counters.unwrittenConversions)
    w.key("allocations"); w.int(r.counters.allocations)
    w.objectEnd()
    w.key("ops"); w.int(r.counters.operations)
    w.objectEnd()
    return String(decoding: w.bytes, as: UTF8.self)
}

func replayText(_ r: SeriesReport) -> String {
    var out = "model \(r.model): \(r.counters.operations) operations, \(r.counters.writes) writes (\(r.counters.bytesWritten) bytes)\n"
    out += "mapping: iomap_begin \(r.counters.iomapBeginCalls) (write \(r.counters.writeBeginCalls), zero \(r.counters.zeroBeginCalls)), "
    out += "writeback_map \(r.counters.writebackMapCalls), allocations \(r.counters.allocations), unwritten conversions \(r.counters.unwrittenConversions)\n"
    let types = r.handlesByType.sorted { $0.key < $1.key }.map { "\($0.key.rawValue):\($0.value)" }.joined(separator: " ")
    out += "journal: \(r.handles) handles (\(types)), \(r.creditsRequested) credits, \(r.commits) commits, \(r.blocksLogged) blocks logged\n"
    for f in r.files {
        out += "ino \(f.key.ino) (\(f.key.dev)): size \(f.size) disksize \(f.disksize)"
        out += f.extents.map { " [\($0.lblk)+\($0.len) @\($0.pblk)\($0.unwritten ? " U" : "")]" }.joined() + "\n"
    }
    return out
}
