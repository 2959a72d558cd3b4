extension Ledger {
    /// The head of the tree of the first `size` events (the whole ledger when nil), computed from
    /// O(log n) stored nodes.
    public func treeHead(size: Int64? = nil) async throws -> TreeHead {
        let current = try await head()?.seq ?? 0
        let size = size ?? current
        try checkTreeSize(size, current: current)
        if size == 0 { return TreeHead(size: 0, rootHash: MerkleHash.emptyRoot, timestamp: 0) }
        let root = try await store.withMerkleNodes { nodes in
            var reader = MerkleTreeReader(source: nodes, size: size)
            try await reader.prefetch([.root])
            return try await reader.root()
        }
        let timestamp = try await store.records(after: size - 1, limit: 1).first?.timestamp ?? 0
        return TreeHead(size: size, rootHash: root, timestamp: timestamp)
    }

    /// The proof that event `seq` is in the tree of the first `treeSize` events (the whole
    /// ledger when nil).
    public func inclusionProof(seq: Int64, treeSize: Int64? = nil) async throws -> InclusionProof {
        try await inclusionProofs(seqs: [seq], treeSize: treeSize)[0]
    }

    /// The proofs of several events in one tree, reading shared nodes once.
    public func inclusionProofs(seqs: [Int64], treeSize: Int64? = nil) async throws -> [InclusionProof] {
        let current = try await head()?.seq ?? 0
        let size = treeSize ?? current
        try checkTreeSize(size, current: current)
        if let outside = seqs.first(where: { $0 < 1 || $0 > size }) {
            throw LedgerError(.outOfRange, "event \(outside) is not in a tree of \(size) events (seqs 1–\(size))")
        }
        return try await store.withMerkleNodes { nodes in
            var reader = MerkleTreeReader(source: nodes, size: size)
            try await reader.prefetch(seqs.map { .inclusionPath(leaf: $0 - 1) })
            let eventHashes = try await nodes.eventHashes(of: Set(seqs))
            var proofs: [InclusionProof] = []
            for seq in seqs {
                guard let eventHash = eventHashes[seq] else {
                    throw LedgerError(.storage, "event \(seq) is missing from the ledger")
                }
                proofs.append(InclusionProof(
                    seq: seq, treeSize: size, eventHash: eventHash, path: try await reader.inclusionPath(leaf: seq - 1)))
            }
            return proofs
        }
    }

    /// The proof that the tree of the first `first` events is a prefix of the tree of the first
    /// `second` (the whole ledger when nil).
    public func consistencyProof(from first: Int64, to second: Int64? = nil) async throws -> ConsistencyProof {
        let current = try await head()?.seq ?? 0
        let second = second ?? current
        try checkTreeSize(second, current: current)
        // A head bigger than the ledger: it was cut short, or the head is another ledger's.
        try checkTreeSize(first, current: current)
        guard first >= 1, first <= second else {
            throw LedgerError(
                .outOfRange, "a consistency proof needs 1 ≤ first size ≤ second size; got \(first) and \(second)")
        }
        let path = try await store.withMerkleNodes { nodes in
            var reader = MerkleTreeReader(source: nodes, size: second)
            try await reader.prefetch([.consistencyPath(from: first)])
            return try await reader.consistencyPath(from: first)
        }
        return ConsistencyProof(firstSize: first, secondSize: second, path: path)
    }

    /// The stored chain hashes of the events `seqs` (seqs the ledger does not hold are left out).
    public func eventHashes(of seqs: [Int64]) async throws -> [Int64: [UInt8]] {
        try await store.withMerkleNodes { nodes in try await nodes.eventHashes(of: Set(seqs.filter { $0 >= 1 })) }
    }

    private func checkTreeSize(_ size: Int64, current: Int64) throws {
        guard size >= 0, size <= current else {
            throw LedgerError(.outOfRange, "the ledger holds \(current) events; there is no tree of \(size)")
        }
    }
}
