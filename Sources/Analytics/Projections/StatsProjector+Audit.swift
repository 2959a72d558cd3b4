extension StatsProjector {
    /// The seqs of the `config.applied` events the projection has folded, by config hash (a
    /// handful: one per configuration the gateway ran under).
    public func configSeqs() -> [String: Int64] {
        projection.configs
    }

    /// The audit trail of `requestID`; nil when the ledger holds no event of it. The projector
    /// is only asked for the configurations it knows; the audit's reads and proofs run outside
    /// the actor (``RequestAuditor``), so they never hold up `/stats` or the follower.
    public nonisolated func audit(_ requestID: String) async throws -> RequestAudit? {
        let configs = await configSeqs()
        return try await RequestAuditor(ledger: ledger).audit(requestID) { configs[$0] }
    }
}
