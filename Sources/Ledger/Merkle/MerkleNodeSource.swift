/// What a store gives the Merkle tree reader: its stored nodes and its events' chain hashes.
public protocol MerkleNodeSource {
    /// The stored node at `level` (≥ ``MerkleFrontier/storedLevel``) and `index`; nil when the
    /// store does not hold it (a ledger written before the tree existed, not yet backfilled).
    func storedNode(level: Int, index: Int64) throws -> [UInt8]?
    /// The chain hashes of the events `first...last` (1-based seqs), in order.
    func eventHashes(from first: Int64, through last: Int64) throws -> [[UInt8]]
}
