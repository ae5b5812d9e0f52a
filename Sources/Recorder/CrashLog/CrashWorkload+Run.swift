#if canImport(Glibc)
import Glibc
#endif

extension CrashWorkload {
    /// Runs the workload in `directory` in this process (both threads of `window` are threads
    /// of it, so a trace of the process sees every syscall). `mark` puts a named mark in the log.
    func run(in directory: String, mark: @escaping @Sendable (String) throws -> Void) throws {
        switch kind {
        case .window:
            let a = PatternFile(directory: directory, id: 1)
            let b = PatternFile(directory: directory, id: 2)
            let big = bigBytes, piece = pieceBytes, bs = blockSize, appends = count, every = fsyncEvery, sparse = sparse
            try runConcurrently({
                let fd = try a.open()
                defer { close(fd) }
                if sparse {                                            // i_disksize = big, durable: holes to fill
                    if ftruncate(fd, off_t(big)) != 0 { throw RecorderError(.io, a.path, "ftruncate failed: \(errnoText())") }
                    try a.fsync(fd, size: big, data: 0, mark: mark)
                }
                var offset: Int64 = 0
                while offset < big {                                   // pieces, writeback started on each
                    let n = min(piece, big - offset)
                    try a.write(fd, at: offset, length: Int(n))
                    if try syncFileRangeWrite(fd, offset: offset, length: n) != 0 {
                        throw RecorderError(.io, a.path, "sync_file_range failed: \(errnoText())")
                    }
                    offset += n
                }
            }, {
                let fd = try b.open()
                defer { close(fd) }
                for i in 0..<appends {
                    try b.write(fd, at: Int64(i * bs), length: bs)
                    if every > 0 && (i + 1) % every == 0 { try b.fsync(fd, size: Int64((i + 1) * bs), data: Int64((i + 1) * bs), mark: mark) }
                }
            })
        case .append:
            let f = PatternFile(directory: directory, id: 1)
            let fd = try f.open()
            defer { close(fd) }
            for i in 0..<count {
                try f.write(fd, at: Int64(i * blockSize), length: blockSize)
                let size = Int64((i + 1) * blockSize)
                if fsyncEvery > 0 && (i + 1) % fsyncEvery == 0 { try f.fsync(fd, size: size, data: size, mark: mark) }
            }
        case .truncateAppend:
            let f = PatternFile(directory: directory, id: 1)
            let fd = try f.open()
            defer { close(fd) }
            var size: Int64 = 0
            for _ in 0..<rounds {
                try f.write(fd, at: size, length: 64 << 10)
                size += 64 << 10
                try f.fsync(fd, size: size, data: size, mark: mark)
                size -= 45 << 10                                      // a 512-byte, not 4 KiB, boundary
                if ftruncate(fd, off_t(size)) != 0 { throw RecorderError(.io, f.path, "ftruncate failed: \(errnoText())") }
                try mark("trunc:1:\(size)")
                try f.write(fd, at: size, length: 16 << 10)
                size += 16 << 10
                if fsyncEvery > 0 { try f.fsync(fd, size: size, data: size, mark: mark) }
            }
        case .fallocOverwrite:
            let f = PatternFile(directory: directory, id: 1)
            let fd = try f.open()
            defer { close(fd) }
            let rc = posix_fallocate(fd, 0, off_t(bigBytes))            // glibc: fallocate(fd, 0, ...)
            if rc != 0 { throw RecorderError(.io, f.path, "fallocate failed: \(errnoText(rc))") }
            try f.fsync(fd, size: bigBytes, data: 0, mark: mark)
            var offset: Int64 = 0
            var writes = 0
            while offset < bigBytes {
                try f.write(fd, at: offset, length: blockSize, generation: 2)
                offset += Int64(blockSize)
                writes += 1
                if fsyncEvery > 0 && writes % fsyncEvery == 0 { try f.fsync(fd, size: bigBytes, data: offset, mark: mark) }
            }
        }
    }
}

/// File `fID` of a crash workload.
struct PatternFile: Sendable {
    let path: String
    let id: UInt32

    init(directory: String, id: UInt32) {
        self.path = directory + "/f\(id)"
        self.id = id
    }

    func open() throws -> Int32 {
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        if fd < 0 { throw RecorderError(.io, path, "cannot open: \(errnoText())") }
        return fd
    }

    /// pwrite of the data pattern at `offset`.
    func write(_ fd: Int32, at offset: Int64, length: Int, generation: UInt32 = 1) throws {
        let bytes = CrashPattern.data(file: id, generation: generation, offset: UInt64(offset), length: length)
        let n = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress!, $0.count, off_t(offset)) }
        if n != length { throw RecorderError(.io, path, "pwrite of \(length) bytes at \(offset) failed: \(n < 0 ? errnoText() : "short write \(n)")") }
    }

    /// fsync, then the mark saying what it promised.
    func fsync(_ fd: Int32, size: Int64, data: Int64, mark: (String) throws -> Void) throws {
        if Glibc.fsync(fd) != 0 { throw RecorderError(.io, path, "fsync failed: \(errnoText())") }
        try mark("fsync:\(id):\(size):\(data)")
    }
}

/// Runs two bodies on two threads and waits for both; rethrows the first error.
func runConcurrently(_ first: @escaping @Sendable () throws -> Void, _ second: @escaping @Sendable () throws -> Void) throws {
    final class Box: @unchecked Sendable {
        let body: @Sendable () throws -> Void
        var error: Error?
        init(_ body: @escaping @Sendable () throws -> Void) { self.body = body }
    }
    let boxes = [Box(first), Box(second)]
    var threads: [pthread_t] = []
    for box in boxes {
        var thread = pthread_t()
        let context = Unmanaged.passRetained(box).toOpaque()
        let rc = pthread_create(&thread, nil, { raw in
            guard let raw else { return nil }
            let box = Unmanaged<Box>.fromOpaque(raw).takeRetainedValue()
            do { try box.body() } catch { box.error = error }
            return nil
        }, context)
        if rc != 0 {
            Unmanaged<Box>.fromOpaque(context).release()
            for t in threads { pthread_join(t, nil) }
            throw RecorderError(.io, "pthread_create", errnoText(rc))
        }
        threads.append(thread)
    }
    for t in threads { pthread_join(t, nil) }
    if let error = boxes.compactMap(\.error).first { throw error }
}

/// `sync_file_range(fd, offset, length, SYNC_FILE_RANGE_WRITE)`: starts writeback of the range
/// without waiting (mm/page-writeback's __filemap_fdatawrite_range). Glibc declares it only
/// under _GNU_SOURCE, which Swift's Glibc module does not see, so it is looked up by name.
func syncFileRangeWrite(_ fd: Int32, offset: Int64, length: Int64) throws -> Int32 {
    typealias SyncFileRange = @convention(c) (Int32, Int64, Int64, UInt32) -> Int32
    guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "sync_file_range") else {
        throw RecorderError(.io, "sync_file_range", "not found in the C library")
    }
    let syncWrite: UInt32 = 2                                   // SYNC_FILE_RANGE_WRITE
    return unsafeBitCast(symbol, to: SyncFileRange.self)(fd, offset, length, syncWrite)
}
