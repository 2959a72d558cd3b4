import CanonicalJSON
import Ledger

/// The proof that a request's events are in the ledger as it stands: each event's hash
/// recomputed from its contents, and its inclusion proof in the current tree head — O(log n)
/// work per event, where walking the chain from seq 1 was O(n).
public struct AuditProof: Sendable {
    /// The head the events were proved in (the ledger's current one when the audit was made).
    public var head: TreeHead
    public var events: [EventCheck]

    public init(head: TreeHead, events: [EventCheck]) {
        self.head = head
        self.events = events
    }

    /// One event's checks.
    public struct EventCheck: Sendable {
        public var proof: InclusionProof
        /// Whether SHA-256 of (the predecessor's stored hash ‖ this event's envelope and payload)
        /// equals the event's stored hash: its contents were not altered since it was written.
        public var hashMatchesContents: Bool
        /// Whether the inclusion proof leads from the event's hash to the head's root.
        public var included: Bool

        public init(proof: InclusionProof, hashMatchesContents: Bool, included: Bool) {
            self.proof = proof
            self.hashMatchesContents = hashMatchesContents
            self.included = included
        }
    }

    /// Every event's contents match its hash and every proof verifies.
    public var verified: Bool { !events.isEmpty && events.allSatisfy { $0.hashMatchesContents && $0.included } }

    /// The one-line result (the CLI's `verified` line).
    public var summary: String {
        if verified {
            return "OK \(events.count) events included in head \(head.size) \(head.rootHash.hexString)"
        }
        let failures = events.compactMap { check -> String? in
            if !check.hashMatchesContents { return "seq \(check.proof.seq): hash does not match its contents" }
            if !check.included { return "seq \(check.proof.seq): inclusion proof does not lead to the head's root" }
            return nil
        }
        return "NOT VERIFIED: " + failures.joined(separator: "; ")
    }

    /// The proof as JSON: what an auditor needs to check it with README's algorithm.
    public var json: JSONValue {
        .object([
            "verified": .bool(verified),
            "head": Self.headJSON(head),
            "events": .array(events.map { check in
                .object([
                    "seq": .int(check.proof.seq), "leaf_index": .int(check.proof.leafIndex),
                    "event_hash": .string(check.proof.eventHash.hexString),
                    "leaf_hash": .string(check.proof.leafHash.hexString),
                    "path": .array(check.proof.path.map { .string($0.hexString) }),
                    "hash_matches_contents": .bool(check.hashMatchesContents), "included": .bool(check.included),
                ])
            }),
        ])
    }

    /// A tree head as JSON (`routeledger head --json`, and inside proofs).
    public static func headJSON(_ head: TreeHead) -> JSONValue {
        .object([
            "tree_size": .int(head.size), "root_hash": .string(head.rootHash.hexString),
            "timestamp": .int(head.timestamp),
            "time": head.size == 0 ? .null : .string(RecordTimestamp.format(head.timestamp)),
        ])
    }
}
