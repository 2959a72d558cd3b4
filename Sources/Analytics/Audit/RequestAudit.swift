import CanonicalJSON
import DomainEvents
import Foundation
import Ledger

/// The audit trail of one request — "why did this prompt go to that model?": every event in ledger
/// order, the decision explained (reason, features, thresholds, candidate scores, the config in
/// force and what it held), each upstream attempt, the cost arithmetic, and the proof that its
/// events are in the ledger's current head (``AuditProof``).
public struct RequestAudit: Sendable {
    public var requestID: String
    public var events: [StoredEvent]
    public var history: RequestHistory
    /// The `config.applied` event of the decision's config hash, if the ledger holds one.
    public var config: StoredEvent?
    /// The events' hashes recomputed and their inclusion proofs in the current head.
    public var proof: AuditProof
    /// The virtual key the request came with, as its settings stood when the request was received.
    public var key: KeyInForce?

    /// A virtual key's settings in force for one request: the key's last `key.created` or
    /// `key.updated` before the request's `request.received`.
    public struct KeyInForce: Sendable {
        public var keyID: String
        public var change: VirtualKey.SettingsChange
        /// Set when the key was revoked later (revocations never reach back).
        public var revokedAt: Int64?
        /// The `team.updated` in force for the key's team then; nil when none had been recorded
        /// (a change may also have set no budget: `budgets` empty).
        public var teamBudgets: Team.BudgetsChange?
    }

    public init(events: [StoredEvent], history: RequestHistory, config: StoredEvent?, proof: AuditProof, key: KeyInForce? = nil) {
        self.requestID = history.requestID
        self.events = events
        self.history = history
        self.config = config
        self.proof = proof
        self.key = key
    }

    /// `open`, `succeeded` or `failed`.
    public var status: String {
        history.succeeded != nil ? "succeeded" : history.failed != nil ? "failed" : "open"
    }

    /// The cost re-computed from the tokens and the prices recorded with the completion.
    public var recomputedCost: Double? {
        history.succeeded.map { $0.prices.cost(inputTokens: $0.inputTokens, outputTokens: $0.outputTokens) }
    }

    /// The audit as JSON (`GET /v1/requests/{id}`, `routeledger explain --json`).
    public var json: JSONValue {
        .object([
            "request_id": .string(requestID),
            "status": .string(status),
            "events": .array(events.map(Self.eventJSON)),
            "decision": decisionJSON,
            "key": keyJSON,
            "attempts": .array(attemptsJSON),
            "cost": costJSON,
            "failure": RawRecord.failure(history.failed),
            "chain": chainJSON,
            "proof": proof.json,
        ])
    }

    static func eventJSON(_ event: StoredEvent) -> JSONValue {
        .object([
            "seq": .int(event.seq), "event_id": .string(event.eventID.uuidString.lowercased()),
            "type": .string(event.type.rawValue), "schema": .int(Int64(event.schema)), "ts": .int(event.timestamp),
            "time": .string(RecordTimestamp.format(event.timestamp)), "hash": .string(event.hash.hexString),
            "payload": payloadJSON(event.payload),
        ])
    }

    /// A canonical payload as a JSON value (it was written by ``JSONWriter``, so it reads back).
    static func payloadJSON(_ payload: [UInt8]) -> JSONValue {
        payload.withUnsafeBufferPointer { buffer in
            var reader = JSONReader(buffer)
            return (try? reader.value()) ?? .string(String(decoding: payload, as: UTF8.self))
        }
    }

    /// The key's settings in force: team, limits, expiry, and the event that set them; and its
    /// team's budgets in force, with the event that set them.
    var keyJSON: JSONValue {
        guard let key else { return .null }
        var object = VirtualKey.settingsJSON(key.change.settings)
        object["id"] = .string(key.keyID)
        object["set_by_seq"] = .int(key.change.seq)
        object["set_at"] = .string(RecordTimestamp.format(key.change.timestamp))
        object["set_by"] = .string(key.change.actor)
        object["revoked_later_at"] = key.revokedAt.map { .string(RecordTimestamp.format($0)) } ?? .null
        object["team_budgets"] = key.teamBudgets.map(Team.changeJSON) ?? .null
        return .object(object)
    }

    var decisionJSON: JSONValue {
        guard let decided = history.decided else { return .null }
        let features = decided.features
        var configJSON: JSONValue = .null
        if let config, case .configApplied(let applied)? = try? config.decoded() {
            configJSON = .object([
                "seq": .int(config.seq), "source": .string(applied.source), "catalog": applied.catalog,
                "routing": applied.routing,
            ])
        }
        return .object([
            "strategy": .string(decided.strategy.name),
            "strategy_version": .int(Int64(decided.strategy.version)),
            "params": .object(decided.strategy.params),
            "reason": .string(decided.reason),
            "chosen_model": .string(decided.chosenModel),
            "tier": .string(decided.tier),
            "fallback_plan": .array(decided.fallbackPlan.map(JSONValue.string)),
            "candidates": .array(decided.candidates.map { .object(["model": .string($0.model), "score": .double($0.score)]) }),
            "features": .object([
                "token_count": .int(Int64(features.tokenCount)), "complexity_score": .double(features.complexityScore),
                "task_type": .string(features.taskType), "tier": .string(features.tier),
                "creativity": .double(features.creativity), "reasoning": .double(features.reasoning),
                "contextual_knowledge": .double(features.contextualKnowledge),
                "domain_knowledge": .double(features.domainKnowledge), "constraints": .double(features.constraints),
                "number_of_few_shots": .int(Int64(features.numberOfFewShots)),
                "signals": .array(features.signals.map(JSONValue.string)),
                "prompt_fingerprint": features.promptFingerprint.map(JSONValue.string) ?? .null,
            ]),
            "latency_snapshot": decided.latencySnapshot.map { .object($0.mapValues(JSONValue.double)) } ?? .null,
            "routing_latency_us": .int(Int64(decided.routingLatencyMicroseconds)),
            "config_hash": .string(decided.configHash),
            "config": configJSON,
        ])
    }

    var attemptsJSON: [JSONValue] {
        var attempts: [JSONValue] = history.failedAttempts.map { failed in
            .object([
                "attempt": .int(Int64(failed.attempt)), "provider": .string(failed.provider), "model": .string(failed.model),
                "outcome": .string("failed"), "error_class": .string(failed.errorClass),
                "status": failed.status.map { .int(Int64($0)) } ?? .null, "latency_ms": .double(failed.latencyMilliseconds),
                "message": failed.message.map(JSONValue.string) ?? .null,
            ])
        }
        if let succeeded = history.succeeded {
            attempts.append(.object([
                "attempt": .int(Int64(history.answeringAttempt)),
                "provider": .string(succeeded.provider), "model": .string(succeeded.model), "outcome": .string("succeeded"),
                "latency_ms": .double(succeeded.latencyMilliseconds),
            ]))
        }
        return attempts
    }

    /// Whether the completion recorded the prices its cost was computed with: false for an import
    /// from a log that kept only the cost (llm-compass), whose prices are stored as 0.
    public var pricesRecorded: Bool {
        guard let succeeded = history.succeeded, history.received?.origin != nil else { return true }
        return succeeded.prices.inputPer1K != 0 || succeeded.prices.outputPer1K != 0
    }

    var costJSON: JSONValue {
        guard let succeeded = history.succeeded, let recomputed = recomputedCost else { return .null }
        var cost: [String: JSONValue] = [
            "model": .string(succeeded.model),
            "input_tokens": .int(Int64(succeeded.inputTokens)), "output_tokens": .int(Int64(succeeded.outputTokens)),
            "token_source": .string(succeeded.tokenSource), "recorded_cost_usd": .double(succeeded.costUSD),
            "prices_recorded": .bool(pricesRecorded), "arithmetic": .string(costArithmetic(succeeded)),
        ]
        guard pricesRecorded else { return .object(cost) }
        let prices = succeeded.prices
        cost.merge([
            "input_per_1k": .double(prices.inputPer1K), "output_per_1k": .double(prices.outputPer1K),
            "input_cost_usd": .double(prices.inputCost(succeeded.inputTokens)),
            "output_cost_usd": .double(prices.outputCost(succeeded.outputTokens)),
            "recomputed_cost_usd": .double(recomputed), "matches": .bool(recomputed == succeeded.costUSD),
        ]) { first, _ in first }
        return .object(cost)
    }

    /// The cost computation written out: tokens / 1000 × price, per side, and the sum; when the
    /// prices were not recorded, only the tokens, saying so.
    public func costArithmetic(_ succeeded: CompletionSucceeded) -> String {
        guard pricesRecorded else {
            let format = history.received?.origin?.format ?? "the source"
            return "\(succeeded.inputTokens) input tokens + \(succeeded.outputTokens) output tokens at prices not recorded "
                + "(imported from \(format), which logs only the cost)"
        }
        let prices = succeeded.prices
        return "\(succeeded.inputTokens) input tokens / 1000 × $\(prices.inputPer1K) + \(succeeded.outputTokens) output tokens "
            + "/ 1000 × $\(prices.outputPer1K) = $\(prices.inputCost(succeeded.inputTokens)) + "
            + "$\(prices.outputCost(succeeded.outputTokens)) = $\(prices.cost(inputTokens: succeeded.inputTokens, outputTokens: succeeded.outputTokens))"
    }

    var chainJSON: JSONValue {
        let last = events.last
        return .object([
            "first_seq": events.first.map { .int($0.seq) } ?? .null, "seq": last.map { .int($0.seq) } ?? .null,
            "hash": last.map { .string($0.hash.hexString) } ?? .null, "verification": .string(proof.summary),
            "verified": .bool(proof.verified),
        ])
    }
}
