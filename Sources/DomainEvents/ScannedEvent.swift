import Ledger

/// An event read by ``Ledger/scan(after:pageSize:skippingOpenEndedValues:body:)``: its envelope
/// and its typed payload.
public struct ScannedEvent: Sendable {
    public let stored: StoredEvent
    public let event: LedgerEvent

    /// An event and its decoded payload (projections are folded from these).
    public init(stored: StoredEvent, event: LedgerEvent) {
        self.stored = stored
        self.event = event
    }
}

extension Ledger {
    /// Reads every event after `seq` in order, decoding pages on all cores, and hands each page to
    /// `body` in seq order. With `skippingOpenEndedValues`, payloads are decoded without their
    /// open-ended values (messages, parameters, …), for folds that never read them.
    public func scan(
        after seq: Int64 = 0, pageSize: Int = 4_096, skippingOpenEndedValues skip: Bool = false,
        body: ([ScannedEvent]) throws -> Void
    ) async throws {
        try await scan(
            after: seq, pageSize: pageSize,
            decode: { ScannedEvent(stored: $0, event: try $0.decoded(skippingOpenEndedValues: skip)) }, body: body)
    }
}
