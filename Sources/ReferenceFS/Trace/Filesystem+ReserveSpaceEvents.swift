import TraceParser

/// What an allocation over delayed blocks claims of the inode's delalloc reservation.
struct ReservationClaim {
    /// Data clusters allocated to the file before this allocation.
    var mappedClusters: UInt64
    /// Delayed clusters the new extent covers (`resv_used`).
    var usedClusters: UInt64
    /// `i_reserved_data_blocks` before the claim: every delayed cluster of the inode.
    var reservedClusters: UInt64
}

extension Filesystem {
    /// The reservation a delalloc allocation of `lblk..<lblk+len` uses, read before its delayed
    /// blocks are dropped. Nil unless `flags` carry `EXT4_GET_BLOCKS_DELALLOC_RESERVE` and some
    /// block of the range is delayed. Counts in clusters (bigalloc reserves per cluster);
    /// leaves out clusters partly claimed by an earlier allocation.
    func reservationClaim(_ inode: Inode, _ lblk: UInt64, _ len: UInt64, flags: MapFlags) -> ReservationClaim? {
        guard flags.contains(.delalloc), inode.status.delayed.intersects(lblk..<lblk + len) else { return nil }
        let ratio = geometry.clusterRatio
        func clusters(_ ranges: [Range<UInt64>]) -> UInt64 {
            var n: UInt64 = 0
            var last: UInt64?
            for r in ranges {
                var first = r.lowerBound / ratio
                if let l = last, first <= l { first = l + 1 }
                let end = (r.upperBound - 1) / ratio
                if end >= first { n += end - first + 1 }
                last = max(last ?? 0, end)
            }
            return n
        }
        let used = clusters(inode.status.delayed.ranges(in: lblk..<lblk + len))
        let reserved = clusters(inode.status.delayed.ranges)
        let mapped = clusters(inode.extents.extents.map { UInt64($0.logicalBlock)..<UInt64($0.logicalBlock) + UInt64($0.lengthBlocks) })
        return ReservationClaim(mappedClusters: mapped, usedClusters: used, reservedClusters: reserved)
    }

    /// `ext4_da_update_reserve_space`, called from `ext4_es_insert_extent` when the extent it
    /// caches replaces delayed blocks of a delalloc allocation (`quota_claim` 1). `mode` prints
    /// the file type only: the permission bits come from `open(2)`'s mode, which the model
    /// does not keep (left out of `diff`).
    /// `i_blocks` (512-byte sectors) is what the file held before the claim: its data clusters
    /// before this allocation and its tree blocks, the leaf this insert grew included (charged
    /// at once, `ext4_new_meta_blocks`).
    mutating func emitUpdateReserveSpace(_ ino: UInt64, _ c: ReservationClaim, ctx: OperationContext) {
        let blocks = (c.mappedClusters + UInt64(self[ino].extents.nodeBlocks.count)) * geometry.clusterRatio
        let sectors = blocks * UInt64(geometry.blockSize / 512)
        emit("ext4", "ext4_da_update_reserve_space", ctx,
             [EventField("ino", .uint(ino)), EventField("i_blocks", .uint(sectors)),
              EventField("used_blocks", .int(Int64(c.usedClusters))),
              EventField("reserved_data_blocks", .int(Int64(c.reservedClusters))),
              EventField("quota_claim", .int(1)), EventField("mode", .uint(0o100000))])
    }
}
