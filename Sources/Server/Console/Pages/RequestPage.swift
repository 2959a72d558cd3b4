import Analytics
import CanonicalJSON
import Console
import DomainEvents
import Foundation
import Ledger

/// One request's audit (`GET /v1/requests/{id}` as a page): its events in ledger order with seq
/// and hash, the decision (strategy, params, reason, features, candidates, fallback plan, config),
/// every upstream attempt on a timeline, the cost arithmetic, the proof checked against the current
/// tree head, the prompt and the answer (escaped by the template; absent when redacted), and the
/// feedback recorded for it.
struct RequestPage: ConsolePage {
    static let template = "request"

    struct Event: Sendable {
        var seq: Int64
        var type, time, hash: String
        var hashMatches, included: Bool
    }

    struct Attempt: Sendable {
        /// `#2`, or `—` for a model skipped by its breaker.
        var attempt: String
        var provider, model, outcome, detail, latency: String
        /// The bar on the timeline: offset and width in percent of the whole.
        var offset, width: String
    }

    struct Message: Sendable {
        var role: String
        var content: String
    }

    struct Feedback: Sendable {
        var score, label, comment: String
    }

    var chrome: ConsoleChrome
    var requestID: String
    var status: String
    var summary: [ConsolePair]
    var events: [Event]
    var decision: [ConsolePair]
    var candidates: [ConsolePair]
    var features: [ConsolePair]
    var attempts: [Attempt]
    var costArithmetic: String?
    var cost: [ConsolePair]
    var proofVerified: Bool
    var proofSummary: String
    var treeHead: String
    var messages: [Message]
    var promptNote: String?
    var answer: String?
    var answerNote: String?
    var feedback: [Feedback]

    init(audit: RequestAudit, access: ConsoleAccess) {
        let history = audit.history
        chrome = ConsoleChrome(title: "Request \(audit.requestID)", section: .requests, access: access)
        requestID = audit.requestID
        status = audit.status
        let succeeded = history.succeeded
        summary = [
            ConsolePair(name: "Status", value: audit.status),
            ConsolePair(name: "Received", value: ConsoleFormat.time(history.receivedAt)),
            ConsolePair(name: "Requested model", value: history.received?.requestedModel ?? "—"),
            ConsolePair(name: "Served by", value: succeeded.map { "\($0.model) via \($0.provider)" } ?? "—"),
            ConsolePair(name: "API key", value: history.received?.apiKeyID ?? "—"),
            ConsolePair(name: "Endpoint", value: history.received?.endpoint ?? "—"),
        ] + (audit.key.map { key in
            [ConsolePair(name: "Key in force", value: key.settingsSummary),
             ConsolePair(name: "Team budgets in force", value: key.teamBudgetsSummary)]
        } ?? []) + (history.failed.map { failed in
            [ConsolePair(name: "Failure", value: "\(failed.errorType) \(failed.status): \(failed.message)")]
        } ?? [])
        let checks = Dictionary(audit.proof.events.map { ($0.proof.seq, $0) }) { first, _ in first }
        events = audit.events.map { event in
            Event(
                seq: event.seq, type: event.type.rawValue, time: ConsoleFormat.time(event.timestamp),
                hash: event.hash.hexString, hashMatches: checks[event.seq]?.hashMatchesContents ?? false,
                included: checks[event.seq]?.included ?? false)
        }
        decision = []
        candidates = []
        features = []
        if let decided = history.decided {
            decision = [
                ConsolePair(name: "Strategy", value: "\(decided.strategy.name) v\(decided.strategy.version)"),
                ConsolePair(name: "Params", value: ConsoleFormat.json(.object(decided.strategy.params))),
                ConsolePair(name: "Reason", value: decided.reason),
                ConsolePair(name: "Chosen model", value: decided.chosenModel),
                ConsolePair(name: "Tier", value: decided.tier),
                ConsolePair(name: "Fallback plan", value: decided.fallbackPlan.joined(separator: " → ")),
                ConsolePair(name: "Routing latency", value: "\(decided.routingLatencyMicroseconds) µs"),
                ConsolePair(name: "Config", value: decided.configHash + (audit.config.map { " (seq \($0.seq))" } ?? "")),
            ] + (decided.latencySnapshot.map { snapshot in
                [ConsolePair(name: "Latency snapshot", value: snapshot.sorted { $0.key < $1.key }
                    .map { "\($0.key) \(ConsoleFormat.milliseconds($0.value))" }.joined(separator: ", "))]
            } ?? [])
            candidates = decided.candidates.map { ConsolePair(name: $0.model, value: ConsoleFormat.exact($0.score)) }
            let found = decided.features
            features = [
                ConsolePair(name: "token_count", value: String(found.tokenCount)),
                ConsolePair(name: "complexity_score", value: ConsoleFormat.exact(found.complexityScore)),
                ConsolePair(name: "task_type", value: found.taskType), ConsolePair(name: "tier", value: found.tier),
                ConsolePair(name: "creativity", value: ConsoleFormat.exact(found.creativity)),
                ConsolePair(name: "reasoning", value: ConsoleFormat.exact(found.reasoning)),
                ConsolePair(name: "contextual_knowledge", value: ConsoleFormat.exact(found.contextualKnowledge)),
                ConsolePair(name: "domain_knowledge", value: ConsoleFormat.exact(found.domainKnowledge)),
                ConsolePair(name: "constraints", value: ConsoleFormat.exact(found.constraints)),
                ConsolePair(name: "number_of_few_shots", value: String(found.numberOfFewShots)),
                ConsolePair(name: "signals", value: found.signals.joined(separator: ", ")),
            ]
        }
        attempts = Self.timeline(history)
        if let succeeded {
            costArithmetic = audit.costArithmetic(succeeded)
            cost = [
                ConsolePair(name: "Recorded", value: ConsoleFormat.exact(succeeded.costUSD)),
                ConsolePair(name: "Recomputed", value: audit.pricesRecorded ? audit.recomputedCost.map(ConsoleFormat.exact) ?? "—" : "prices not recorded"),
                ConsolePair(name: "Tokens counted by", value: succeeded.tokenSource),
            ]
        } else {
            cost = []
        }
        proofVerified = audit.proof.verified
        proofSummary = audit.proof.summary
        treeHead = "tree size \(audit.proof.head.size), root \(audit.proof.head.rootHash.hexString)"
        let received = history.received
        messages = (received?.messages ?? []).map { message in
            let object = message.objectValue ?? [:]
            let role: String = if case .string(let text)? = object["role"] { text } else { "?" }
            let content: String = if case .string(let text)? = object["content"] { text } else {
                object["content"].map { ConsoleFormat.json($0) } ?? ""
            }
            return Message(role: role, content: content)
        }
        promptNote = received == nil ? "no request.received event" : received?.messages == nil ? "not recorded (redaction is on)" : nil
        answer = succeeded?.responseText
        answerNote = succeeded == nil ? "no answer" : succeeded?.responseText == nil ? "not recorded (redaction is on, or streamed without text)" : nil
        feedback = history.feedback.map { entry in
            Feedback(
                score: entry.score.map(ConsoleFormat.exact) ?? "—", label: entry.label ?? "—", comment: entry.comment ?? "")
        }
    }

    /// The attempts in order, each as a bar on one timeline: attempts run one after another, so
    /// each starts where the one before ended.
    private static func timeline(_ history: RequestHistory) -> [Attempt] {
        // Models skipped because their provider's breaker was open come first: the plan skipped them
        // before any call (or on the way, when another request held a half-open breaker's trial).
        var rows: [(attempt: String, provider: String, model: String, outcome: String, detail: String, latency: Double)] =
            history.skipped.map { skip in
                var why = skip.reason.replacingOccurrences(of: "_", with: " ")
                if let at = skip.breakerChangedAt { why += " since " + ConsoleFormat.time(at) }
                if let cause = skip.breakerCause {
                    why += " (\(cause)" + (skip.errorClass.map { ": \($0)" } ?? "") + (skip.message.map { ": \($0)" } ?? "") + ")"
                }
                return ("—", skip.provider, skip.model, "skipped", why, 0)
            }
        rows += history.failedAttempts.map { failed in
                ("#\(failed.attempt)", failed.provider, failed.model, "failed",
                 failed.errorClass + (failed.status.map { " \($0)" } ?? "") + (failed.message.map { ": \($0)" } ?? ""),
                 failed.latencyMilliseconds)
            }
        if let succeeded = history.succeeded {
            rows.append(("#\(history.answeringAttempt)", succeeded.provider, succeeded.model, "succeeded",
                         succeeded.finishReason.map { "finish: \($0)" } ?? "", succeeded.latencyMilliseconds))
        }
        let total = max(rows.map(\.latency).reduce(0, +), 0.001)
        var offset = 0.0
        return rows.map { row in
            defer { offset += row.latency }
            return Attempt(
                attempt: row.attempt, provider: row.provider, model: row.model, outcome: row.outcome, detail: row.detail,
                latency: ConsoleFormat.milliseconds(row.latency), offset: String(format: "%.2f", offset / total * 100),
                width: String(format: "%.2f", max(row.latency / total * 100, 0.5)))
        }
    }
}
