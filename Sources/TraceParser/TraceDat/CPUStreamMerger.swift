/// Merges the per-CPU record streams of every buffer into one stream in time order, as the
/// kernel's trace iterator and trace-cmd do: the earliest record next, ties going to the
/// stream listed first (lower CPU of the first buffer). A binary min-heap keyed by
/// (timestamp, stream order).
struct CPUStreamMerger {
    private(set) var cursors: [CPUCursor]
    /// Indexes into `cursors` of the streams that have a current record, as a heap.
    private var heap: [Int] = []

    init(_ cursors: [CPUCursor]) {
        self.cursors = cursors
    }

    /// Adds a stream whose current record is valid.
    mutating func insert(_ index: Int) {
        heap.append(index)
        siftUp(heap.count - 1)
    }

    /// The stream with the earliest current record.
    var first: Int? { heap.first }

    /// Removes the earliest stream (it ended or failed).
    mutating func removeFirst() {
        guard !heap.isEmpty else { return }
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        if !heap.isEmpty { siftDown(0) }
    }

    /// The earliest stream advanced to its next record: restore the order.
    mutating func firstAdvanced() {
        if !heap.isEmpty { siftDown(0) }
    }

    @inline(__always) private func less(_ a: Int, _ b: Int) -> Bool {
        let ta = cursors[a].timestampNs, tb = cursors[b].timestampNs
        return ta != tb ? ta < tb : a < b
    }

    private mutating func siftUp(_ i: Int) {
        var child = i
        while child > 0 {
            let parent = (child - 1) / 2
            guard less(heap[child], heap[parent]) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ i: Int) {
        var parent = i
        while true {
            let l = 2 * parent + 1, r = l + 1
            var smallest = parent
            if l < heap.count, less(heap[l], heap[smallest]) { smallest = l }
            if r < heap.count, less(heap[r], heap[smallest]) { smallest = r }
            if smallest == parent { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
