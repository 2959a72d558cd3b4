import CanonicalJSON
import Ledger

/// A payload of one event type: an immutable, versioned, Codable value.
///
/// A change to a payload's fields adds a schema version (and an upcaster when decoding
/// older versions); stored events are never rewritten.
public protocol EventPayload: Codable, Sendable, Equatable, CanonicalJSONCodable {
    /// The event type this payload belongs to.
    static var type: EventType { get }
    /// The schema version this build writes.
    static var schema: Int { get }
}
