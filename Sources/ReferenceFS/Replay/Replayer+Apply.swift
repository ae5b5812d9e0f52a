extension Replayer {
    /// Applies one operation.
    public mutating func apply(_ op: Operation, _ ctx: OperationContext) {
        operations += 1
        // The last handle of an operation the kernel still runs while the VFS reports the inode
        // dirtying it causes stops at the task's next request (`operationEnds`) or operation,
        // not at once; VFS inode dirtying in between nests in it.
        if !op.isVFSInodeDirtying { fs.releaseHeldHandle(ctx: ctx) }
        fs.journal.holdingTask = op.holdsHandleAfterwards ? ctx.pid : nil
        defer { fs.journal.holdingTask = nil }
        switch op {
        case .createInode(let ino): fs.createInode(ino, ctx: ctx)
        case .dirtyInode(let ino):
            guard ino != 0, ino != fs.geometry.journalInode else { break }
            fs.dirtyInode(ino, nestedOutside: kernelHandleTasks.contains(ctx.pid) || completionWorkers.contains(ctx.pid), ctx: ctx)
        case .bufferedWrite(let ino, let pos, let count, let folioEventsFollow):
            // A path that maps whole writes takes it; a per-folio path waits for the capture's
            // own per-folio events when they follow, and otherwise runs the write itself.
            if path.takesWholeWrites(fs) || !folioEventsFollow {
                path.bufferedWrite(&fs, ino: ino, pos: pos, count: count, ctx: ctx)
            }
        case .pageMkwrite(let ino, let pos, let length): path.pageMkwrite(&fs, ino: ino, pos: pos, length: length, ctx: ctx)
        case .writeBegin(let ino, let pos, let len):
            if !path.takesWholeWrites(fs) { path.writeBegin(&fs, ino: ino, pos: pos, len: len, ctx: ctx) }
        case .writeEnd(let ino, let pos, _, let copied):
            if !path.takesWholeWrites(fs) { path.writeEnd(&fs, ino: ino, pos: pos, copied: copied, ctx: ctx) }
        case .writepages(let ino, let request):
            path.writepages(&fs, ino: ino, request: request, ctx: ctx)
        case .syncFileEnter(let ino, _): fs.noteFileOpened(ctx: ctx); syncDatasync[ino] = isDatasync(op)
        case .syncFileExit(let ino): fs.syncFile(ino, datasync: syncDatasync[ino] ?? false, ctx: ctx)
        case .syncFilesystem(let wait): fs.syncFilesystem(wait: wait, ctx: ctx)
        case .setSize(let ino, let size):
            fs.setSize(ino, to: size, path: path, ctx: ctx)
        case .fallocate(let ino, let offset, let len, let mode):
            // FALLOC_FL_PUNCH_HOLE (2) and FALLOC_FL_ZERO_RANGE (0x10) have their own events.
            if mode & 0x12 == 0 { fs.fallocate(ino, offset: offset, len: len, keepSize: mode & 1 != 0, ctx: ctx) }
        case .punchHole(let ino, let offset, let len):
            fs.punchHole(ino, offset: offset, len: len, path: path, ctx: ctx)
        case .zeroRange(let ino, let offset, let len):
            fs.zeroRange(ino, offset: offset, len: len, keepSize: true, path: path, ctx: ctx)
        case .collapseRange(let ino, let offset, let len): fs.collapseRange(ino, offset: offset, len: len, ctx: ctx)
        case .insertRange(let ino, let offset, let len): fs.insertRange(ino, offset: offset, len: len, ctx: ctx)
        case .readFolio(let ino, let index): path.readFolio(&fs, ino: ino, index: index, ctx: ctx)
        case .unlink(let ino, let dir): fs.unlink(ino, dir: dir, ctx: ctx)
        case .dropInode(let ino): fs.dropInode(ino)
        case .evictInode(let ino, let nlink): fs.evictInode(ino, nlink: nlink, ctx: ctx)
        case .freeInode: break
        case .truncateEnter: kernelHandleTasks.insert(ctx.pid); truncatingTasks.insert(ctx.pid)
        case .fileSyscall: fs.noteFileOpened(ctx: ctx)
        case .directWriteBegin(let ino, let pos, let count):
            directWrites[ino] = fs.directWriteBegin(ino, pos: pos, count: count, ctx: ctx)
        case .directWriteComplete(let ino, let endPos):
            if let extending = directWrites.removeValue(forKey: ino) {
                fs.directWriteComplete(ino, endPos: endPos, extending: extending, ctx: ctx)
            }
        }
        if checksInvariants { fs.checkInvariants() }
    }
}

extension Operation {
    /// `ext4_dirty_inode` called by the VFS: it runs inside whatever handle its task holds.
    var isVFSInodeDirtying: Bool {
        if case .dirtyInode = self { return true }
        return false
    }

    /// Operations whose last handle is still running when the kernel emits the VFS events they
    /// cause: writeback, fallocate, punch, zero range, a whole write that allocated (the iomap path's `ext4_iomap_get_blocks`: the
    /// `I_DIRTY_SYNC` of the allocation is reported inside its handle; 7.3-rc7
    /// `nodelalloc-seq-write-16k` on the iomap path). Inode dirtying the VFS reports meanwhile
    /// nests in that handle.
    var holdsHandleAfterwards: Bool {
        switch self {
        case .bufferedWrite, .writeBegin, .writepages, .fallocate, .punchHole, .zeroRange, .directWriteBegin,
             .collapseRange, .insertRange: return true
        default: return false
        }
    }
}
