/// The learned classifier's weights as a dense table of 2^``ClassifierModel/hashBits`` rows, one
/// per hash bucket: a feature's row is the one its key's top bits name (the hashing trick), so a
/// look-up is one load with no key to compare and no branch — the several hundred look-ups of a
/// request overlap in the processor instead of waiting on each other's mispredicted branches, as
/// they did with a keyed hash table. Features that share a bucket share its weights; training
/// sees the same buckets, so the model accounts for it.
///
/// Rows hold the model's Float16 weights as stored (32 bytes a row, 4 MB in all: Float32 rows
/// took a serving process to 98 MB of its 100 MB budget), two to a 32-bit word — output 2i in the
/// low half, 2i+1 in the high half — and are widened to Float32 with shifts and masks on eight
/// words at once: the baseline x86-64 target has no half-precision conversion instruction, and
/// the generic SIMD conversions ran lane by lane (a decision took twice as long). Raw memory,
/// allocated once: array bounds checks and reference counting were measurable in this loop.
final class WeightTable: @unchecked Sendable {
    private let rows: UnsafeMutablePointer<SIMD8<UInt32>>
    private let shift: UInt64
    let bucketCount: Int

    /// An empty table of 2^`bits` zero rows; ``store(_:in:)`` fills it while the model is read.
    init(bits: Int) {
        bucketCount = 1 << bits
        shift = UInt64(64 - bits)
        rows = .allocate(capacity: bucketCount)
        rows.initialize(repeating: .zero, count: bucketCount)
    }

    deinit {
        rows.deallocate()
    }

    /// Sets `bucket`'s row to Float16 bit patterns; only while the model is being built, before
    /// the table is shared.
    func store(_ halves: SIMD16<UInt16>, in bucket: UInt32) {
        var words = SIMD8<UInt32>()
        for index in 0..<8 { words[index] = UInt32(halves[2 * index]) | UInt32(halves[2 * index + 1]) << 16 }
        rows[Int(bucket)] = words
    }

    /// The bucket of a feature key: its top bits.
    @inline(__always)
    func bucket(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: key >> shift)
    }

    /// The weights of `key`'s bucket (zeros for a bucket no training feature fell in): the even
    /// outputs (0, 2, …, 14) and the odd ones (1, 3, …, 15).
    @inline(__always)
    func row(_ key: UInt64) -> (even: SIMD8<Float>, odd: SIMD8<Float>) {
        let words = rows[bucket(key)]
        return (Self.widen(words & 0xFFFF), Self.widen(words &>> 16))
    }

    /// Float16 bit patterns (one in the low 16 bits of each lane) as Float32 values: sign moved
    /// up, exponent rebiased (15 → 127), mantissa shifted. Zeros and the subnormal halves (below
    /// 6.1e-5, a handful in a model) read as zero; a trained model holds no infinities.
    @inline(__always)
    static func widen(_ halves: SIMD8<UInt32>) -> SIMD8<Float> {
        let magnitude = halves & 0x7FFF
        let isNormal = ((magnitude &>> 10) &+ 31) &>> 5  // 1 when the exponent is not 0, else 0
        let widened = ((halves & 0x8000) &<< 16) | ((magnitude &<< 13) &+ 0x3800_0000)
        return unsafeBitCast(widened & (0 &- isNormal), to: SIMD8<Float>.self)
    }

    /// The buckets with a non-zero row.
    var usedBuckets: Int {
        (0..<bucketCount).reduce(0) { $0 + (rows[$1] != .zero ? 1 : 0) }
    }

    /// Every bucket with a non-zero row, and the row's Float16 bit patterns in output order.
    var features: [(UInt32, SIMD16<UInt16>)] {
        (0..<bucketCount).compactMap { bucket in
            let words = rows[bucket]
            guard words != .zero else { return nil }
            var halves = SIMD16<UInt16>()
            for index in 0..<8 {
                halves[2 * index] = UInt16(truncatingIfNeeded: words[index])
                halves[2 * index + 1] = UInt16(truncatingIfNeeded: words[index] >> 16)
            }
            return (UInt32(bucket), halves)
        }
    }
}
