import Analytics
import ArgumentParser
import CanonicalJSON
import DomainEvents
import Foundation
import Ledger

/// `routeledger explain REQUEST_ID`: the audit trail of one request.
struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain one request: its events, the decision, the attempts, the cost, and its place in the chain.",
        discussion: """
            Recomputes each of the request's event hashes from its contents and proves it is in the ledger's \
            current tree head (RFC 9162 inclusion proofs; O(log n), not a walk from seq 1 — `verify` does the full \
            walk). Exits 1 when the ledger holds no event of the request, or when a check fails.
            """
    )

    @OptionGroup var location: ProjectedLedgerLocation

    @Argument(help: "The request id (the x-request-id header of the response).")
    var requestID: String

    @Flag(help: "Print the audit as JSON (the GET /v1/requests/{id} answer).")
    var json = false

    func run() async throws {
        let audit = try await location.open(readOnly: true).using { ledger in
            // The projection's saved list names the configurations decisions were made under.
            let configs = try await AppliedConfigSeqs.read(ledger: ledger, projections: try location.projectionStore())
            return try await RequestAuditor(ledger: ledger).audit(requestID) { configs[$0] }
        }
        guard let audit else { throw CommandLineInputError(message: "no request with id \(requestID) in the ledger") }
        if json {
            printJSONValue(audit.json)
        } else {
            print(Self.text(audit))
        }
        if !audit.proof.verified { throw ExitCode(1) }
    }

    static func text(_ audit: RequestAudit) -> String {
        let history = audit.history
        var lines = ["request \(audit.requestID)  \(audit.status)"]
        if let key = audit.key {
            lines += ["key       \(key.keyID): \(key.settingsSummary)", "team      \(key.teamBudgetsSummary)"]
        }
        lines.append("events")
        for event in audit.events {
            lines.append("  seq \(event.seq)  \(RecordTimestamp.format(event.timestamp))  \(event.type.rawValue)")
        }
        if let decided = history.decided {
            let f = decided.features
            let params = decided.strategy.params.keys.sorted().map { "\($0) \(Self.text(decided.strategy.params[$0]!))" }
            lines += [
                "decision  \(decided.strategy.name) v\(decided.strategy.version)" + (params.isEmpty ? "" : " (\(params.joined(separator: ", ")))"),
                "  reason      \(decided.reason)",
                "  features    tokens \(f.tokenCount), complexity \(f.complexityScore), task \(f.taskType.isEmpty ? "-" : f.taskType), "
                    + "tier \(f.tier.isEmpty ? "-" : f.tier), creativity \(f.creativity), reasoning \(f.reasoning), "
                    + "contextual \(f.contextualKnowledge), domain \(f.domainKnowledge), constraints \(f.constraints), "
                    + "few-shots \(f.numberOfFewShots)",
                "  candidates  " + (decided.candidates.isEmpty ? "-" : decided.candidates.map { "\($0.model) \($0.score)" }.joined(separator: ", ")),
                "  chosen      \(decided.chosenModel) (tier \(decided.tier.isEmpty ? "-" : decided.tier)); fallbacks "
                    + (decided.fallbackPlan.isEmpty ? "-" : decided.fallbackPlan.joined(separator: " → ")),
                "  config      \(decided.configHash.isEmpty ? "-" : decided.configHash)"
                    + (audit.config.map { " (config.applied at seq \($0.seq))" } ?? " (no config.applied in the ledger)"),
            ]
        } else {
            lines.append("decision  none recorded")
        }
        lines.append("attempts")
        for failed in history.failedAttempts {
            lines.append("  \(failed.attempt)  \(failed.provider)/\(failed.model)  failed  \(failed.errorClass)"
                + (failed.status.map { " \($0)" } ?? "") + "  \(failed.latencyMilliseconds) ms")
        }
        if let succeeded = history.succeeded {
            lines.append("  \(history.answeringAttempt)  \(succeeded.provider)/\(succeeded.model)  "
                + "succeeded  \(succeeded.latencyMilliseconds) ms")
            let check = !audit.pricesRecorded ? "" : audit.recomputedCost == succeeded.costUSD ? ", matches" : ", DIFFERS"
            lines.append("cost      " + audit.costArithmetic(succeeded) + " (recorded $\(succeeded.costUSD)\(check))")
        }
        if let failed = history.failed {
            lines.append("failure   \(failed.errorType) \(failed.status): \(failed.message)")
        }
        if let last = audit.events.last {
            lines.append("chain     seq \(audit.events.first!.seq)–\(last.seq), hash \(last.hash.hexString)")
        }
        let head = audit.proof.head
        lines.append("head      \(head.size) events, root \(head.rootHash.hexString)")
        lines.append("verified  hashes recomputed, inclusion proofs checked: \(audit.proof.summary)")
        return lines.joined(separator: "\n")
    }

    private static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): text
        case .int(let number): String(number)
        case .double(let number): String(number)
        case .bool(let flag): String(flag)
        default: "…"
        }
    }
}
