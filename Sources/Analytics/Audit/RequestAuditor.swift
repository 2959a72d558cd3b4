import DomainEvents
import Ledger

/// Builds the audit trail of one request from the ledger alone: the request's events (an index
/// lookup), their predecessors' hashes and their inclusion proofs in the current head. Its cost
/// does not grow with the ledger's size, and it holds no lock other readers wait on: it reads
/// through its own SQLite snapshot and may run on any thread.
public struct RequestAuditor: Sendable {
    public let ledger: Ledger

    public init(ledger: Ledger) {
        self.ledger = ledger
    }

    /// The audit of `requestID`; nil when the ledger holds no event of it. `configSeq` gives
    /// the seq of the `config.applied` event with a config hash, when one is known.
    public func audit(_ requestID: String, configSeq: (String) -> Int64?) async throws -> RequestAudit? {
        let events = try await ledger.events(requestID: requestID)
        guard let last = events.last,
            let history = RequestHistory(try events.map { ScannedEvent(stored: $0, event: try $0.decoded()) })
        else { return nil }
        var config: StoredEvent?
        if let seq = history.decided.flatMap({ configSeq($0.configHash) }) {
            config = try await ledger.events(after: seq - 1, limit: 1).first
        }
        let head = try await ledger.treeHead()
        // The head is read after the events, so it holds them all.
        let proofs = try await ledger.inclusionProofs(seqs: events.map(\.seq), treeSize: max(head.size, last.seq))
        let predecessors = try await ledger.eventHashes(of: events.map { $0.seq - 1 })
        let checks = zip(events, proofs).map { event, proof in
            let previous = event.seq == 1 ? HashChain.genesis : predecessors[event.seq - 1] ?? []
            return AuditProof.EventCheck(
                proof: proof,
                hashMatchesContents: HashChain.link(previous: previous, stored: event) == event.hash
                    && proof.eventHash == event.hash,
                included: proof.verifies(root: head.rootHash))
        }
        return RequestAudit(
            events: events, history: history, config: config, proof: AuditProof(head: head, events: checks),
            key: try await keyInForce(history, events: events))
    }

    /// The virtual key's settings and its team's budgets when the gateway accepted the key (the
    /// key events up to `request.received`'s `keys_seq`; before it, for events written before that
    /// field, those before `request.received` itself) — one index lookup for the key and team
    /// events; nil for a request without a virtual key.
    private func keyInForce(_ history: RequestHistory, events: [StoredEvent]) async throws -> RequestAudit.KeyInForce? {
        guard let received = history.received, let keyID = received.apiKeyID, keyID.hasPrefix("key_"),
            let receivedSeq = events.first(where: { $0.type == .requestReceived })?.seq,
            case let directory = try await KeyDirectory.read(from: ledger),
            let key = directory.keys[keyID]
        else { return nil }
        // The key events in force are those before this seq.
        let inForceBefore = received.keysSeq.map { $0 + 1 } ?? receivedSeq
        guard let change = key.history.last(where: { $0.seq < inForceBefore }) else { return nil }
        return RequestAudit.KeyInForce(
            keyID: keyID, change: change, revokedAt: key.revokedSeq.map { $0 >= inForceBefore } == true ? key.revokedAt : nil,
            teamBudgets: directory.teams[change.settings.team]?.change(atSeq: inForceBefore))
    }
}
