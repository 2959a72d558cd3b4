import Ledger

extension StatsProjector {
    /// The audit trail of `requestID`; nil when the ledger holds no event of it. Verifies the chain
    /// from seq 1 through the request's last event (a walk whose cost grows with that seq).
    public func audit(_ requestID: String) throws -> RequestAudit? {
        let events = try ledger.events(requestID: requestID)
        guard let last = events.last,
            let history = RequestHistory(try events.map { ScannedEvent(stored: $0, event: try $0.decoded()) })
        else { return nil }
        try catchUp(saveAtEnd: false)
        let config = try history.decided.flatMap { decided in projection.configs[decided.configHash] }
            .flatMap { seq in try ledger.events(after: seq - 1, limit: 1).first }
        return RequestAudit(
            events: events, history: history, config: config, verification: try ledger.verify(through: last.seq))
    }
}
