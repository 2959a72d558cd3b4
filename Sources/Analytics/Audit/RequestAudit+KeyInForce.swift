import DomainEvents

extension RequestAudit.KeyInForce {
    /// The key's settings in force, for people: `team research; budgets 10/day; rpm 60; expires
    /// never — set at seq 12 (time) by env:ADMIN_KEY`, and `revoked later at …` when it was.
    public var settingsSummary: String {
        let settings = change.settings
        var parts = ["team \(settings.team)"]
        parts.append(Self.budgets(settings.limits.budgets))
        if let rpm = settings.limits.requestsPerMinute { parts.append("rpm \(rpm)") }
        if let tpm = settings.limits.tokensPerMinute { parts.append("tpm \(tpm)") }
        parts.append("expires " + (settings.expiresAt.map(RecordTimestamp.format) ?? "never"))
        var text = parts.joined(separator: "; ") + " — " + Self.setBy(seq: change.seq, at: change.timestamp, actor: change.actor)
        if let revokedAt { text += "; revoked later at \(RecordTimestamp.format(revokedAt))" }
        return text
    }

    /// The team's budgets in force, for people: `budgets 100/month — set at seq 15 (time) by
    /// cli:ops`, or `no team budget`.
    public var teamBudgetsSummary: String {
        guard let teamBudgets, !teamBudgets.budgets.isEmpty else { return "no team budget" }
        return Self.budgets(teamBudgets.budgets) + " — "
            + Self.setBy(seq: teamBudgets.seq, at: teamBudgets.timestamp, actor: teamBudgets.actor)
    }

    private static func budgets(_ budgets: [Budget]) -> String {
        budgets.isEmpty ? "no budget" : "budgets " + budgets.map(LimitNotation.text).joined(separator: ", ")
    }

    private static func setBy(seq: Int64, at timestamp: Int64, actor: String) -> String {
        "set at seq \(seq) (\(RecordTimestamp.format(timestamp))) by \(actor)"
    }
}
