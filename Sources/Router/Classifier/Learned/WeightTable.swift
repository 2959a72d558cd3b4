/// The learned classifier's weights as a dense table of 2^``ClassifierModel/hashBits`` rows, one
/// per hash bucket: a feature's row is the one its key's top bits name (the hashing trick), so a
/// look-up is one load with no key to compare and no branch — the several hundred look-ups of a
/// request overlap in the processor instead of waiting on each other's mispredicted branches, as
/// they did with a keyed hash table. Features that share a bucket share its weights; training
/// sees the same buckets, so the model accounts for it.
///
/// Raw memory, allocated once and never changed: array bounds checks and reference counting were
/// measurable in this loop.
final class WeightTable: @unchecked Sendable {
    private let rows: UnsafeMutablePointer<SIMD16<Float>>
    private let shift: UInt64
    let bucketCount: Int
    /// The buckets with a non-zero row.
    let usedBuckets: Int

    /// A table of `weights` by bucket (buckets outside the table are left out).
    init(bits: Int, _ weights: [UInt32: SIMD16<Float>]) {
        bucketCount = 1 << bits
        shift = UInt64(64 - bits)
        rows = .allocate(capacity: bucketCount)
        rows.initialize(repeating: .zero, count: bucketCount)
        var used = 0
        for (bucket, row) in weights where Int(bucket) < bucketCount {
            rows[Int(bucket)] = row
            used += 1
        }
        usedBuckets = used
    }

    deinit {
        rows.deallocate()
    }

    /// The bucket of a feature key: its top bits.
    @inline(__always)
    func bucket(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: key >> shift)
    }

    /// The row of `key`'s bucket (zeros for a bucket no training feature fell in).
    @inline(__always)
    func row(_ key: UInt64) -> SIMD16<Float> {
        rows[bucket(key)]
    }

    /// Every bucket with a non-zero row, and the row.
    var features: [(UInt32, SIMD16<Float>)] {
        (0..<bucketCount).compactMap { rows[$0] != .zero ? (UInt32($0), rows[$0]) : nil }
    }
}
