import Crypto
import Foundation
@testable import Ledger
import Testing
import TrafficFixtures

/// The ledger's Merkle tree (RFC 6962/9162): heads, inclusion and consistency proofs, kept
/// incrementally by the store as it appends, checked against a tree built from the definition.
@Suite struct MerkleTreeTests {
    /// RFC 6962's MTH written from the definition, independent of the ledger's code.
    static func referenceRoot(_ eventHashes: ArraySlice<[UInt8]>) -> [UInt8] {
        func sha(_ parts: [UInt8]...) -> [UInt8] { Array(SHA256.hash(data: parts.flatMap { $0 })) }
        if eventHashes.isEmpty { return sha() }
        if eventHashes.count == 1 { return sha([0], eventHashes.first!) }
        var k = 1
        while k * 2 < eventHashes.count { k *= 2 }
        let start = eventHashes.startIndex
        return sha([1], referenceRoot(eventHashes[start..<start + k]), referenceRoot(eventHashes[(start + k)...]))
    }

    /// Appends `count` events in batches of varied sizes and returns the ledger's event hashes.
    private static func fill(_ ledger: Ledger, count: Int, seed: UInt64) async throws -> [[UInt8]] {
        var generator = SyntheticTraffic(seed: seed, startMilliseconds: Fixtures.baseTimestamp)
        var remaining = count
        var batch = 1
        while remaining > 0 {
            let size = min(remaining, batch)
            _ = try await ledger.append(generator.nextMixedEvents(size))
            remaining -= size
            batch = batch % 97 + 13
        }
        return try await ledger.allEvents().map(\.hash)
    }

    @Test(arguments: StoreBackend.all)
    func theHeadOfEverySizeIsTheRootOfThatPrefix(backend: StoreBackend) async throws {
        try await backend.withPlace { place in
            let ledger = try Ledger(store: try await place.open(), options: .testing())
            await #expect(try ledger.treeHead() == TreeHead(size: 0, rootHash: Self.referenceRoot([]), timestamp: 0))
            let hashes = try await Self.fill(ledger, count: 700, seed: 61)
            let events = try await ledger.allEvents()
            for size in [1, 2, 3, 5, 63, 64, 65, 127, 128, 129, 191, 192, 255, 256, 257, 511, 512, 513, 699, 700] {
                let head = try await ledger.treeHead(size: Int64(size))
                #expect(head.size == Int64(size))
                #expect(head.rootHash == Self.referenceRoot(hashes[0..<size]), "size \(size)")
                #expect(head.timestamp == events[size - 1].timestamp)
            }
            await #expect(try ledger.treeHead() == ledger.treeHead(size: 700))
            await #expect(throws: LedgerError.self) { try await ledger.treeHead(size: 701) }
            await #expect(throws: LedgerError.self) { try await ledger.treeHead(size: -1) }
            await ledger.close()
        }
    }

    @Test(arguments: StoreBackend.all)
    func everyInclusionProofVerifiesAndNoOtherLeafOrRootPasses(backend: StoreBackend) async throws {
        try await backend.withPlace { place in
            let ledger = try Ledger(store: try await place.open(), options: .testing())
            let hashes = try await Self.fill(ledger, count: 300, seed: 62)
            for size in [1, 2, 7, 64, 65, 200, 300] {
                let root = Self.referenceRoot(hashes[0..<size])
                for seq in 1...Int64(size) {
                    let proof = try await ledger.inclusionProof(seq: seq, treeSize: Int64(size))
                    #expect(proof.eventHash == hashes[Int(seq) - 1])
                    #expect(proof.verifies(root: root), "seq \(seq) in \(size)")
                    // log2 bound: never more than ⌈log2 size⌉ hashes.
                    #expect(proof.path.count <= Int64(size - 1).bitWidth - Int64(max(size - 1, 1)).leadingZeroBitCount)
                    if size > 1 {
                        let other = seq % Int64(size) + 1
                        #expect(!MerkleVerifier.verifyInclusion(
                            leafHash: proof.leafHash, index: other - 1, size: Int64(size), path: proof.path, root: root))
                        #expect(!MerkleVerifier.verifyInclusion(
                            leafHash: MerkleHash.leaf(hashes[Int(other) - 1]), index: seq - 1, size: Int64(size),
                            path: proof.path, root: root))
                    }
                }
            }
            await #expect(throws: LedgerError.self) { try await ledger.inclusionProof(seq: 0) }
            await #expect(throws: LedgerError.self) { try await ledger.inclusionProof(seq: 301) }
            await #expect(throws: LedgerError.self) { try await ledger.inclusionProof(seq: 50, treeSize: 49) }
            await ledger.close()
        }
    }

    @Test(arguments: StoreBackend.all)
    func consistencyProofsLinkEveryPairOfHeadsAndRejectAnotherHistory(backend: StoreBackend) async throws {
        try await backend.withPlace { place in
            let ledger = try Ledger(store: try await place.open(), options: .testing())
            let hashes = try await Self.fill(ledger, count: 200, seed: 63)
            var forged = hashes
            forged[40] = Array(SHA256.hash(data: [1, 2, 3]))
            for second in [1, 2, 3, 64, 65, 130, 200] {
                let secondRoot = Self.referenceRoot(hashes[0..<second])
                for first in 1...second {
                    let proof = try await ledger.consistencyProof(from: Int64(first), to: Int64(second))
                    let firstRoot = Self.referenceRoot(hashes[0..<first])
                    #expect(proof.verifies(firstRoot: firstRoot, secondRoot: secondRoot), "\(first) → \(second)")
                    if first > 40 {
                        // A kept head of a history that differs at event 41 does not pass.
                        #expect(!proof.verifies(firstRoot: Self.referenceRoot(forged[0..<first]), secondRoot: secondRoot))
                    }
                }
            }
            await #expect(throws: LedgerError.self) { try await ledger.consistencyProof(from: 0, to: 10) }
            await #expect(throws: LedgerError.self) { try await ledger.consistencyProof(from: 11, to: 10) }
            await #expect(throws: LedgerError.self) { try await ledger.consistencyProof(from: 10, to: 201) }
            await ledger.close()
        }
    }

    /// A prefetching reader reads all the stored nodes of a root and several proofs in one call
    /// (one round trip on PostgreSQL) and one block of event hashes per block it needs, and
    /// computes the same root and paths as a reader that reads node by node.
    @Test(arguments: StoreBackend.all)
    func aPrefetchedProofReadsItsNodesInOneCall(backend: StoreBackend) async throws {
        try await backend.withPlace { place in
            let ledger = try Ledger(store: try await place.open(), options: .testing())
            let hashes = try await Self.fill(ledger, count: 700, seed: 68)
            let leaves: [Int64] = [3, 400, 699]
            let (prefetched, nodeByNode) = try await ledger.store.withMerkleNodes { nodes in
                try await (Self.readRootAndPaths(nodes, leaves: leaves, prefetch: true),
                           Self.readRootAndPaths(nodes, leaves: leaves, prefetch: false))
            }
            let root = Self.referenceRoot(hashes[...])
            #expect(prefetched.root == root)
            #expect(prefetched.root == nodeByNode.root)
            #expect(prefetched.paths == nodeByNode.paths)
            for (leaf, path) in zip(leaves, prefetched.paths) {
                #expect(MerkleVerifier.verifyInclusion(
                    leafHash: MerkleHash.leaf(hashes[Int(leaf)]), index: leaf, size: 700, path: path, root: root))
            }
            #expect(prefetched.reads.batches == 1)
            #expect(prefetched.reads.singles == 0)
            // Blocks 0, 6 and the open one (10); the root needs the open block too.
            #expect(prefetched.reads.hashRanges == 3)
            // Without the prefetch every stored node is a read of its own.
            #expect(nodeByNode.reads.batches == 0)
            #expect(nodeByNode.reads.singles > 4)
            await ledger.close()
        }
    }

    private struct RootAndPaths: Sendable {
        var root: [UInt8]
        var paths: [[[UInt8]]]
        var reads: CountingNodeSource.Reads
    }

    private static func readRootAndPaths(
        _ nodes: any MerkleNodeSource, leaves: [Int64], prefetch: Bool
    ) async throws -> RootAndPaths {
        let counting = CountingNodeSource(base: nodes)
        var reader = MerkleTreeReader(source: counting, size: 700)
        if prefetch { try await reader.prefetch([.root] + leaves.map { .inclusionPath(leaf: $0) }) }
        let root = try await reader.root()
        var paths: [[[UInt8]]] = []
        for leaf in leaves { paths.append(try await reader.inclusionPath(leaf: leaf)) }
        return RootAndPaths(root: root, paths: paths, reads: counting.reads)
    }

    @Test func theStoreKeepsAboutOneNodePer32EventsAndRebuildsTheTreeOfALedgerWithoutOne() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.path()
            let ledger = try Ledger(path: path, options: .testing())
            let hashes = try await Self.fill(ledger, count: 1_000, seed: 64)
            let root = try await ledger.treeHead().rootHash
            await ledger.close()
            let file = try SQLiteFile(path: path)
            // 15 blocks of 64 and their parents: 15 + 7 + 3 + 1.
            #expect(try file.integer("SELECT count(*) FROM merkle_nodes") == 26)
            // A ledger written before the tree existed: read-only it computes, read-write it backfills.
            try file.run("DELETE FROM merkle_nodes")
            let reader = try Ledger(path: path, options: .verifyCommand)
            await #expect(try reader.treeHead().rootHash == root)
            await #expect(try reader.inclusionProof(seq: 777).verifies(root: root))
            await reader.close()
            let writer = try Ledger(path: path, options: .testing())
            #expect(try file.integer("SELECT count(*) FROM merkle_nodes") == 26)
            var generator = SyntheticTraffic(seed: 65, startMilliseconds: Fixtures.baseTimestamp)
            _ = try await writer.append(generator.nextMixedEvents(100))
            let all = try await writer.allEvents().map(\.hash)
            #expect(all.prefix(1_000).elementsEqual(hashes))
            await #expect(try writer.treeHead().rootHash == Self.referenceRoot(all[...]))
            await #expect(try writer.verify() == .intact(count: 1_100, head: try writer.head()))
            await writer.close()
        }
    }

    /// Two writers taking turns: each append finds the head moved by the other since its own last
    /// one (on PostgreSQL, the statement linked after its own tip writes nothing and the group is
    /// linked again under the head's lock), and both keep the one tree.
    @Test(arguments: StoreBackend.all)
    func twoWritersTakingTurnsKeepOneTree(backend: StoreBackend) async throws {
        try await backend.withPlace { place in
            let first = try await place.ledger(.testing())
            let second = try await place.ledger(.testing())
            var generator = SyntheticTraffic(seed: 66, startMilliseconds: Fixtures.baseTimestamp)
            var seqs: [Int64] = []
            for round in 0..<12 {
                // Twice in a row by the same writer too: its own tip is then still the head.
                let writer = round % 4 < 2 ? first : second
                seqs += try await writer.append(generator.nextMixedEvents(37)).map(\.seq)
            }
            #expect(seqs == Array(1...444))
            let hashes = try await first.allEvents().map(\.hash)
            #expect(hashes.count == 444)
            await #expect(try first.treeHead().rootHash == Self.referenceRoot(hashes[...]))
            await #expect(try second.treeHead().rootHash == Self.referenceRoot(hashes[...]))
            await #expect(try first.verify() == .intact(count: 444, head: try first.head()))
            await #expect(try second.verify() == .intact(count: 444, head: try second.head()))
            await first.close()
            await second.close()
        }
    }

    @Test func verifyReportsAStoredNodeThatDoesNotMatchTheChain() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.path()
            try await makeClosedLedger(at: path, events: 300, seed: 67)
            try SQLiteFile(path: path).run(
                "UPDATE merkle_nodes SET hash = ? WHERE level = 6 AND idx = 2", .blob([UInt8](repeating: 7, count: 32)))
            let ledger = try Ledger(path: path, options: .verifyCommand)
            await #expect(try ledger.verify() == .broken(
                seq: 192, reason: "the Merkle tree node over events 129–192 does not match their hashes"))
            await ledger.close()
        }
    }

    @Test func aFrontierGivesTheRootOfEverySizeAndTheNodesAStoreKeeps() {
        var frontier = MerkleFrontier()
        var hashes: [[UInt8]] = []
        var nodes: [MerkleNode] = []
        for index in 0..<600 {
            let hash = Array(SHA256.hash(data: Array("event \(index)".utf8)))
            hashes.append(hash)
            nodes += frontier.append(eventHash: hash)
            #expect(frontier.root == Self.referenceRoot(hashes[...]), "size \(index + 1)")
        }
        #expect(nodes.count == 9 + 4 + 2 + 1)
        for node in nodes {
            let first = Int(node.index) << node.level
            #expect(node.hash == Self.referenceRoot(hashes[first..<first + (1 << node.level)]))
        }
    }
}

/// Hashes travel as hex in proofs and heads; reading them back is the inverse of writing them.
@Suite struct HexBytesTests {
    @Test func hexReadsBackWhatHexStringWroteAndRefusesAnythingElse() {
        let bytes: [UInt8] = [0, 1, 0x7f, 0x80, 0xab, 0xff]
        #expect([UInt8](hex: bytes.hexString) == bytes)
        #expect([UInt8](hex: "ABff00") == [0xab, 0xff, 0x00])
        #expect([UInt8](hex: "") == [])
        #expect([UInt8](hex: "abc") == nil)
        #expect([UInt8](hex: "zz") == nil)
        #expect([UInt8](hex: "0g") == nil)
    }
}

/// Passes a store's reads through and counts them by kind.
private final class CountingNodeSource: MerkleNodeSource {
    struct Reads: Sendable {
        var singles = 0
        var batches = 0
        var hashRanges = 0
    }

    let base: any MerkleNodeSource
    private(set) var reads = Reads()

    init(base: any MerkleNodeSource) {
        self.base = base
    }

    func storedNode(level: Int, index: Int64) async throws -> [UInt8]? {
        reads.singles += 1
        return try await base.storedNode(level: level, index: index)
    }

    func storedNodes(at positions: Set<MerkleNodePosition>) async throws -> [MerkleNodePosition: [UInt8]] {
        reads.batches += 1
        return try await base.storedNodes(at: positions)
    }

    func eventHashes(from first: Int64, through last: Int64) async throws -> [[UInt8]] {
        reads.hashRanges += 1
        return try await base.eventHashes(from: first, through: last)
    }
}
