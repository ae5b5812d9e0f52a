extension Filesystem {
    /// A file is created: `__ext4_new_inode` takes a type-4 handle that dirties the inode
    /// bitmap, the group descriptor, the new inode, the directory inode and its block.
    /// Leaves out: directory growth (a new directory block) and htree splits.
    public mutating func createInode(_ ino: UInt64, dir: UInt64 = 2, ctx: OperationContext) {
        lookUpDirectoryBlock(dir, ctx: ctx)
        let g = geometry.group(ofInode: ino)
        withJournalHandle(.dir, credits: Credits.newInode(kernel), ino: nil, caller: "__ext4_new_inode", dirtying: [
            .inodeBitmap(g), .groupDescriptor(g * UInt64(geometry.descriptorSize) / blockSize),
            inodeTableBlock(ino), inodeTableBlock(dir), .directory(dir),
        ], ctx: ctx)
        var inode = Inode(number: ino)
        inode.syncTid = journal.running.tid
        inode.datasyncTid = journal.running.tid
        self[ino] = inode
        noteFileOpened(ctx: ctx)
    }

    /// The first open of a file since mount records the mount point in the superblock.
    /// Mirrors `ext4_file_open` → `ext4_sample_last_mounted` (a type-0 handle of 1 credit).
    public mutating func noteFileOpened(ctx: OperationContext) {
        guard !hasSampledLastMounted else { return }
        hasSampledLastMounted = true
        lookUpDirectoryBlock(2, ctx: ctx)
        withJournalHandle(.misc, credits: Credits.sampleLastMounted, ino: nil, caller: "ext4_file_open",
                          dirtying: [.superblock], ctx: ctx)
    }

    /// `ext4_dirty_inode`: the VFS dirtied the inode outside any ext4 handle; ext4 starts a
    /// type-1 handle of 2 credits to copy it to the inode table. Inside a handle the task runs
    /// the start nests in it and charges it (`Journal.start`); `nestedOutside`: the caller knows
    /// the kernel runs a handle here that the model does not.
    public mutating func dirtyInode(_ ino: UInt64, nestedOutside: Bool = false, ctx: OperationContext) {
        let h = journalStart(.inode, credits: Credits.inodeUpdate, ino: ino, caller: "ext4_dirty_inode",
                             nestedOutside: nestedOutside && journal.current[ctx.pid] == nil, ctx: ctx)
        handleDirtyMetadata(h, [inodeTableBlock(ino)])
        journalStop(h, ctx: ctx)
        self[ino].syncTid = journal.running.tid
    }

    /// `ext4_unlink`: the name goes from its directory in a type-4 handle of
    /// `EXT4_DATA_TRANS_BLOCKS` credits (24 without quota) that dirties the directory block, both
    /// inodes, and, for the last link, the orphan list head in the superblock. Not exercised by
    /// the corpus (no capture unlinks).
    public mutating func unlink(_ ino: UInt64, dir: UInt64, ctx: OperationContext) {
        withJournalHandle(.dir, credits: Credits.unlink, ino: dir, caller: "ext4_unlink", dirtying: [
            .directory(dir), inodeTableBlock(dir), inodeTableBlock(ino), .superblock,
        ], ctx: ctx)
        self[ino].syncTid = journal.running.tid
    }

    /// `ext4_drop_inode`: the last reference went. The root's drop means an unmount.
    public mutating func dropInode(_ ino: UInt64) {
        if ino == 2 { isUnmounting = true }
    }

    /// `ext4_evict_inode`: the inode leaves memory; its page cache is dropped and its
    /// preallocations discarded (`ext4_discard_preallocations` from `ext4_clear_inode`). With no
    /// links left its blocks are freed first (as `ext4_truncate` to 0 in a type-5 handle).
    /// Evicting the journal inode ends the mount: locality-group preallocations are released
    /// (`ext4_mb_release`).
    public mutating func evictInode(_ ino: UInt64, nlink: UInt64, ctx: OperationContext) {
        // ext4_clear_inode: the extent status tree goes with the inode, whichever inode it is
        // (the root directory, the journal, lost+found alike).
        emitExtentStatusRemove(ino, 0, Filesystem.extMaxBlocks, ctx: ctx)
        if ino == geometry.journalInode {
            unmountCompleted()
            return
        }
        guard var inode = inodes[ino] else { return }
        if nlink == 0 {
            // ext4_evict_inode: one type-5 handle truncates to 0 (nested ext4_truncate), takes
            // the inode off the orphan list and frees it in the inode bitmap.
            let g = geometry.group(ofInode: ino)
            let h = journalStart(.truncate, credits: Credits.truncate(geometry), ino: ino, caller: "ext4_evict_inode", ctx: ctx)
            handleDirtyMetadata(h, [inodeTableBlock(ino), .superblock, .inodeBitmap(g),
                                    .groupDescriptor(g * UInt64(geometry.descriptorSize) / blockSize)])
            let nested = journalStart(.truncate, credits: Credits.removeSpace, ino: ino, caller: "ext4_ext_remove_space", ctx: ctx)
            let freed = inode.extents.remove(0, UInt64(UInt32.max))
            self[ino] = inode
            freeBlocks(ino, freed, ctx: ctx)
            journalStop(nested, ctx: ctx)
            journalStop(h, ctx: ctx)
            inode = self[ino]
            inode.sizeBytes = 0
            inode.disksizeBytes = 0
        }
        inode.pages.drop(0..<UInt64.max)
        inode.status.removeDelayed(0..<UInt64.max)
        inode.status.cached = BlockRanges()
        inode.isEvicted = true
        inode.isOpenForWrite = false
        self[ino] = inode
        allocator.discardPreallocations(inode: ino)
    }

    /// The end of an unmount: every preallocation is released and the next mount starts fresh.
    mutating func unmountCompleted() {
        for ino in Array(allocator.inodePreallocations.keys) { allocator.discardPreallocations(inode: ino) }
        allocator.discardLocalityGroups()
        hasSampledLastMounted = false
        isUnmounting = false
        mounts += 1
        for ino in Array(inodes.keys) { inodes[ino]?.isOpenForWrite = false }
    }
}

extension Mballoc {
    /// Releases every locality-group preallocation's unused blocks (`ext4_mb_release`).
    mutating func discardLocalityGroups() {
        for (_, pas) in localityGroups { for pa in pas { releaseUnused(pa) } }
        localityGroups = [:]
    }
}
