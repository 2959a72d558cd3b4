import CanonicalJSON
import Foundation
import Ledger

/// A proof made for an auditor (`routeledger prove`, `GET /v1/ledger/proof`) and checked here
/// too: the JSON document README's steps read in any language — hex hashes, and for an inclusion
/// proof the event's envelope and canonical payload (base64) so its chain hash can be recomputed.
public struct ProofStatement: Sendable {
    public var document: JSONValue
    /// Whether the proof checks out here (and, for an event, its hash matches its contents).
    public var verified: Bool
    /// What was proved, e.g. `inclusion of seq 5 in head 100`.
    public var claim: String
    /// How many hashes the proof's path holds.
    public var pathLength: Int

    /// The proof that event `seq` is in the head of `treeSize` events (the current head when nil).
    public static func inclusion(seq: Int64, treeSize: Int64?, in ledger: Ledger) async throws -> ProofStatement {
        let head = try await ledger.treeHead(size: treeSize)
        let proof = try await ledger.inclusionProof(seq: seq, treeSize: head.size)
        guard let event = try await ledger.events(after: seq - 1, limit: 1).first, event.seq == seq else {
            throw LedgerError(.outOfRange, "the ledger holds no event \(seq)")
        }
        let previous = seq == 1 ? HashChain.genesis : try await ledger.eventHashes(of: [seq - 1])[seq - 1] ?? []
        let verified = proof.verifies(root: head.rootHash) && HashChain.link(previous: previous, stored: event) == event.hash
        let document = JSONValue.object([
            "type": .string("inclusion"),
            "head": AuditProof.headJSON(head),
            "seq": .int(proof.seq), "leaf_index": .int(proof.leafIndex), "tree_size": .int(proof.treeSize),
            "event_hash": .string(proof.eventHash.hexString), "leaf_hash": .string(proof.leafHash.hexString),
            "path": .array(proof.path.map { .string($0.hexString) }),
            "verified": .bool(verified),
            "event": .object([
                "seq": .int(event.seq), "event_id": .string(event.eventID.uuidString.lowercased()),
                "request_id": .string(event.requestID), "type": .string(event.type.rawValue),
                "schema": .int(Int64(event.schema)), "ts": .int(event.timestamp),
                "payload_base64": .string(Data(event.payload).base64EncodedString()),
                "previous_hash": .string(previous.hexString), "hash": .string(event.hash.hexString),
            ]),
        ])
        return ProofStatement(
            document: document, verified: verified, claim: "inclusion of seq \(seq) in head \(head.size)",
            pathLength: proof.path.count)
    }

    /// The proof that the head of `first` events is a prefix of the head of `treeSize` events
    /// (the current head when nil).
    public static func consistency(from first: Int64, treeSize: Int64?, in ledger: Ledger) async throws -> ProofStatement {
        let second = try await ledger.treeHead(size: treeSize)
        let proof = try await ledger.consistencyProof(from: first, to: second.size)
        let firstHead = try await ledger.treeHead(size: first)
        let verified = proof.verifies(firstRoot: firstHead.rootHash, secondRoot: second.rootHash)
        let document = JSONValue.object([
            "type": .string("consistency"),
            "first": AuditProof.headJSON(firstHead), "second": AuditProof.headJSON(second),
            "first_size": .int(proof.firstSize), "second_size": .int(proof.secondSize),
            "path": .array(proof.path.map { .string($0.hexString) }),
            "verified": .bool(verified),
        ])
        return ProofStatement(
            document: document, verified: verified, claim: "consistency of head \(first) with head \(second.size)",
            pathLength: proof.path.count)
    }
}
