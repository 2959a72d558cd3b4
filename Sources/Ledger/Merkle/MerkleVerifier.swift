/// Checks Merkle proofs against roots, as RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2
/// (consistency) describe — the same steps README gives for checking a proof by hand.
public enum MerkleVerifier {
    /// Whether `path` proves that `leafHash` is leaf `index` of the tree of `size` leaves with `root`.
    public static func verifyInclusion(
        leafHash: [UInt8], index: Int64, size: Int64, path: [[UInt8]], root: [UInt8]
    ) -> Bool {
        guard index >= 0, index < size else { return false }
        var fn = index
        var sn = size - 1
        var r = leafHash
        for p in path {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                r = MerkleHash.node(p, r)
                if fn & 1 == 0 { shiftUntilOddOrZero(&fn, &sn) }
            } else {
                r = MerkleHash.node(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && r == root
    }

    /// Whether `path` proves that the tree of `firstSize` leaves with `firstRoot` is a prefix of
    /// the tree of `secondSize` leaves with `secondRoot`.
    public static func verifyConsistency(
        firstSize: Int64, firstRoot: [UInt8], secondSize: Int64, secondRoot: [UInt8], path: [[UInt8]]
    ) -> Bool {
        guard firstSize > 0, firstSize <= secondSize else { return false }
        if firstSize == secondSize { return path.isEmpty && firstRoot == secondRoot }
        var path = path
        if firstSize & (firstSize - 1) == 0 { path.insert(firstRoot, at: 0) }
        guard !path.isEmpty else { return false }
        var fn = firstSize - 1
        var sn = secondSize - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var fr = path[0]
        var sr = path[0]
        for c in path.dropFirst() {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                fr = MerkleHash.node(c, fr)
                sr = MerkleHash.node(c, sr)
                if fn & 1 == 0 { shiftUntilOddOrZero(&fn, &sn) }
            } else {
                sr = MerkleHash.node(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && fr == firstRoot && sr == secondRoot
    }

    /// RFC 9162's "right-shift both fn and sn equally until either LSB(fn) is set or fn is 0".
    private static func shiftUntilOddOrZero(_ fn: inout Int64, _ sn: inout Int64) {
        while fn & 1 == 0 && fn != 0 {
            fn >>= 1
            sn >>= 1
        }
    }
}
