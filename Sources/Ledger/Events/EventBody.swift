/// What the ledger appends: the payload of one named, versioned event type, as canonical bytes.
///
/// The ledger knows no event types of its own; the application's events conform (routeledger's
/// are `LedgerEvent` in `DomainEvents`). The bytes are what is hashed, so the same payload must
/// always encode to the same bytes.
public protocol EventBody: Sendable {
    /// The event's type name.
    var type: EventType { get }
    /// The schema version of the payload as encoded.
    var schema: Int { get }
    /// The canonical payload bytes; throws a ``LedgerError`` (`invalid_event`) when the payload
    /// cannot be encoded.
    func canonicalPayload() throws -> [UInt8]
}
