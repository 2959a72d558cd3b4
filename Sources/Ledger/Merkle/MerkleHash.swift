import Crypto

/// The hashing of the ledger's Merkle tree, as RFC 6962 §2.1 (and RFC 9162 §2.1.1) define it:
///
/// ```
/// leaf hash  = SHA-256(0x00 ‖ event hash)        (the event's 32-byte chain hash is the leaf data)
/// node hash  = SHA-256(0x01 ‖ left ‖ right)
/// MTH({})    = SHA-256()                         (the empty tree)
/// MTH(D[n])  = node hash(MTH(D[0:k]), MTH(D[k:n])), k the largest power of two below n
/// ```
/// The distinct prefixes keep a leaf from ever passing for an interior node.
public enum MerkleHash {
    /// The root of the empty tree: SHA-256 of no bytes.
    public static let emptyRoot: [UInt8] = Array(SHA256.hash(data: [UInt8]()))

    /// The hash of the leaf whose data is `eventHash`.
    public static func leaf(_ eventHash: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: [0x00])
        hasher.update(data: eventHash)
        return Array(hasher.finalize())
    }

    /// The hash of an interior node over its two children.
    public static func node(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: [0x01])
        hasher.update(data: left)
        hasher.update(data: right)
        return Array(hasher.finalize())
    }

    /// The largest power of two strictly below `n` (n ≥ 2): where RFC 6962 splits a tree of n leaves.
    static func split(_ n: Int64) -> Int64 {
        precondition(n >= 2)
        return Int64(1) << (63 - (n - 1).leadingZeroBitCount)
    }

    /// The root over leaf hashes given in order (for a tree small enough to hold in memory).
    static func root(ofLeaves leaves: ArraySlice<[UInt8]>) -> [UInt8] {
        switch leaves.count {
        case 0: return emptyRoot
        case 1: return leaves.first!
        default:
            let k = Int(split(Int64(leaves.count)))
            let start = leaves.startIndex
            return node(root(ofLeaves: leaves[start..<start + k]), root(ofLeaves: leaves[(start + k)...]))
        }
    }
}
