extension Geometry {
    /// The root directory's first block as mke2fs places it (`create_root_dir` right after
    /// `ext2fs_allocate_tables`): the first free cluster of group 0 in `freshLayout()`, which on
    /// a one-group bigalloc filesystem is a hole between the superblock and the bitmaps. nil when
    /// the dumpe2fs counts leave no room for it (a geometry without usage counts).
    public var rootDirectoryBlock: UInt64? { freshLayout().rootDirectoryBlock }
}
