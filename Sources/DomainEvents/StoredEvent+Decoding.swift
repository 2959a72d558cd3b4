import Ledger

extension StoredEvent {
    /// The typed payload; an unknown type or a too new schema names the event's seq.
    public func decoded(skippingOpenEndedValues: Bool = false) throws -> LedgerEvent {
        do {
            return try LedgerEvent.decode(
                type: type, schema: schema, payload: payload, skippingOpenEndedValues: skippingOpenEndedValues)
        } catch let error as LedgerError where error.code == .unknownEventType {
            throw LedgerError(.unknownEventType, "event seq \(seq) has type \(type.rawValue), unknown to this build; upgrade routeledger")
        }
    }
}
