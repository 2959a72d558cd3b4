/// The learned classifier's features and their weights: an open-addressing hash table of the
/// features' keys (0 marks an empty slot) with, beside each key, the index of its weight row;
/// the rows (64 bytes each, one cache line) are packed in a dense array, so the whole table of a
/// pruned model stays in a core's L2 cache.
///
/// Raw memory, allocated once and never changed: the classifier looks up several hundred
/// features per request, and array bounds checks and reference counting were measurable there.
final class WeightTable: @unchecked Sendable {
    private let keys: UnsafeMutablePointer<UInt64>
    private let rowIndexes: UnsafeMutablePointer<UInt32>
    private let rows: UnsafeMutablePointer<SIMD16<Float>>
    private let mask: Int
    private let shift: UInt64
    let featureCount: Int

    /// A table of `weights`; a key of 0 (the empty mark) is left out.
    init(_ weights: [UInt64: SIMD16<Float>]) {
        var count = 16
        while count < weights.count * 2 { count *= 2 }
        keys = .allocate(capacity: count)
        keys.initialize(repeating: 0, count: count)
        rowIndexes = .allocate(capacity: count)
        rowIndexes.initialize(repeating: 0, count: count)
        rows = .allocate(capacity: max(weights.count, 1))
        mask = count - 1
        shift = UInt64(64 - count.trailingZeroBitCount)
        var stored = 0
        for (key, row) in weights.sorted(by: { $0.key < $1.key }) where key != 0 {
            var slot = Int(key >> shift)
            while keys[slot] != 0 { slot = (slot + 1) & mask }
            keys[slot] = key
            rowIndexes[slot] = UInt32(stored)
            (rows + stored).initialize(to: row)
            stored += 1
        }
        featureCount = stored
    }

    deinit {
        keys.deallocate()
        rowIndexes.deallocate()
        rows.deallocate()
    }

    /// The row of `key`, or nil if the table does not hold it.
    @inline(__always)
    func row(_ key: UInt64) -> SIMD16<Float>? {
        var slot = Int(key >> shift)
        while true {
            let stored = keys[slot]
            if stored == key { return rows[Int(rowIndexes[slot])] }
            if stored == 0 { return nil }
            slot = (slot + 1) & mask
        }
    }

    /// Every key and its row.
    var features: [(UInt64, SIMD16<Float>)] {
        (0...mask).compactMap { keys[$0] != 0 ? (keys[$0], rows[Int(rowIndexes[$0])]) : nil }
    }
}
