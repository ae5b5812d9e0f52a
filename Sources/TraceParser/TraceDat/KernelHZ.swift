/// The kernel's HZ as the file's own event formats reveal it. No part of a trace.dat states
/// HZ, but the kernel expands `HZ` to its value inside print formats, e.g. writeback's
///
///     age=%lu ... (jiffies - REC->dirtied_when) / 250
///
/// (`(jiffies - __entry->dirtied_when) / HZ` in include/trace/events/writeback.h). The event
/// formats section holds every event's format, enabled or not, so this is found whenever the
/// writeback events exist in the kernel.
enum KernelHZ {
    static func find(in table: FormatTable) -> UInt64? {
        let marker = Array("(jiffies - REC->dirtied_when) / ".utf8)
        for entry in table.entries where entry.system == "writeback" {
            let text = entry.text
            var i = text.startIndex
            while i + marker.count <= text.endIndex {
                if text[i] == marker[0], text[i..<(i + marker.count)].elementsEqual(marker) {
                    var p = i + marker.count
                    var hz: UInt64 = 0
                    while p < text.endIndex, text[p] >= 0x30, text[p] <= 0x39, hz < 100_000 {
                        hz = hz * 10 + UInt64(text[p] - 0x30)
                        p += 1
                    }
                    if hz > 0 && hz <= 10_000 { return hz }
                }
                i += 1
            }
        }
        return nil
    }
}
