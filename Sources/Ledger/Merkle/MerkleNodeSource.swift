/// What a store gives the Merkle tree reader: its stored nodes and its events' chain hashes.
///
/// Async, because a networked store (PostgreSQL) reads them over its connection; the SQLite
/// store answers on the blocking-I/O thread the read already runs on.
public protocol MerkleNodeSource {
    /// The stored node at `level` (≥ ``MerkleFrontier/storedLevel``) and `index`; nil when the
    /// store does not hold it (a ledger written before the tree existed, not yet backfilled).
    func storedNode(level: Int, index: Int64) async throws -> [UInt8]?
    /// The chain hashes of the events `first...last` (1-based seqs), in order.
    func eventHashes(from first: Int64, through last: Int64) async throws -> [[UInt8]]
}
