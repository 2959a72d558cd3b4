import CanonicalJSON
import Ledger

/// One of routeledger's event payloads, whichever its type: what the gateway, imports and
/// feedback append, and what projections, audits and replays read back.
public enum LedgerEvent: EventBody, Equatable {
    case requestReceived(RequestReceived)
    case routingDecided(RoutingDecided)
    case upstreamFailed(UpstreamFailed)
    case completionSucceeded(CompletionSucceeded)
    case completionFailed(CompletionFailed)
    case feedbackRecorded(FeedbackRecorded)
    case configApplied(ConfigApplied)
    case providerBreakerChanged(ProviderBreakerChanged)
    case upstreamSkipped(UpstreamSkipped)
    case keyCreated(KeyCreated)
    case keyUpdated(KeyUpdated)
    case keyRevoked(KeyRevoked)
    case teamUpdated(TeamUpdated)

    /// The event's stable type name.
    public var type: EventType {
        switch self {
        case .requestReceived: .requestReceived
        case .routingDecided: .routingDecided
        case .upstreamFailed: .upstreamFailed
        case .completionSucceeded: .completionSucceeded
        case .completionFailed: .completionFailed
        case .feedbackRecorded: .feedbackRecorded
        case .configApplied: .configApplied
        case .providerBreakerChanged: .providerBreakerChanged
        case .upstreamSkipped: .upstreamSkipped
        case .keyCreated: .keyCreated
        case .keyUpdated: .keyUpdated
        case .keyRevoked: .keyRevoked
        case .teamUpdated: .teamUpdated
        }
    }

    /// The schema version this build writes for the payload's type.
    public var schema: Int {
        switch self {
        case .requestReceived: RequestReceived.schema
        case .routingDecided: RoutingDecided.schema
        case .upstreamFailed: UpstreamFailed.schema
        case .completionSucceeded: CompletionSucceeded.schema
        case .completionFailed: CompletionFailed.schema
        case .feedbackRecorded: FeedbackRecorded.schema
        case .configApplied: ConfigApplied.schema
        case .providerBreakerChanged: ProviderBreakerChanged.schema
        case .upstreamSkipped: UpstreamSkipped.schema
        case .keyCreated: KeyCreated.schema
        case .keyUpdated: KeyUpdated.schema
        case .keyRevoked: KeyRevoked.schema
        case .teamUpdated: TeamUpdated.schema
        }
    }

    /// The canonical JSON bytes of the payload (what is hashed and compressed); a payload holding
    /// a number JSON cannot represent is an `invalid_event`.
    public func canonicalPayload() throws -> [UInt8] {
        do {
            switch self {
            case .requestReceived(let payload): return try payload.canonicalJSON()
            case .routingDecided(let payload): return try payload.canonicalJSON()
            case .upstreamFailed(let payload): return try payload.canonicalJSON()
            case .completionSucceeded(let payload): return try payload.canonicalJSON()
            case .completionFailed(let payload): return try payload.canonicalJSON()
            case .feedbackRecorded(let payload): return try payload.canonicalJSON()
            case .configApplied(let payload): return try payload.canonicalJSON()
            case .providerBreakerChanged(let payload): return try payload.canonicalJSON()
            case .upstreamSkipped(let payload): return try payload.canonicalJSON()
            case .keyCreated(let payload): return try payload.canonicalJSON()
            case .keyUpdated(let payload): return try payload.canonicalJSON()
            case .keyRevoked(let payload): return try payload.canonicalJSON()
            case .teamUpdated(let payload): return try payload.canonicalJSON()
            }
        } catch let error as JSONError {
            throw LedgerError(.invalidEvent, error.message)
        }
    }

    /// Decodes a stored payload, refusing types this build does not know and schema versions newer
    /// than it knows. With `skippingOpenEndedValues`, messages, parameters and other open-ended
    /// values are left empty (for projections, which never read them). Malformed JSON is a
    /// `corrupt_payload`.
    public static func decode(
        type: EventType, schema: Int, payload: [UInt8], skippingOpenEndedValues skip: Bool = false
    ) throws -> LedgerEvent {
        guard let currentSchema = type.currentSchema else {
            throw LedgerError(.unknownEventType, "type \(type.rawValue) is unknown to this build; upgrade routeledger")
        }
        guard schema <= currentSchema else {
            throw LedgerError(
                .schemaTooNew,
                "\(type.rawValue) schema \(schema) is newer than this build understands (\(currentSchema)); upgrade routeledger"
            )
        }
        do {
            switch type {
            case .requestReceived: return .requestReceived(try RequestReceived(canonicalJSON: payload, skippingOpenEndedValues: skip))
            case .routingDecided: return .routingDecided(try RoutingDecided(canonicalJSON: payload, skippingOpenEndedValues: skip))
            case .upstreamFailed: return .upstreamFailed(try UpstreamFailed(canonicalJSON: payload, skippingOpenEndedValues: skip))
            case .completionSucceeded:
                return .completionSucceeded(try CompletionSucceeded(canonicalJSON: payload, skippingOpenEndedValues: skip))
            case .completionFailed: return .completionFailed(try CompletionFailed(canonicalJSON: payload, skippingOpenEndedValues: skip))
            case .feedbackRecorded: return .feedbackRecorded(try FeedbackRecorded(canonicalJSON: payload, skippingOpenEndedValues: skip))
            case .providerBreakerChanged:
                return .providerBreakerChanged(try ProviderBreakerChanged(canonicalJSON: payload, skippingOpenEndedValues: skip))
            case .upstreamSkipped: return .upstreamSkipped(try UpstreamSkipped(canonicalJSON: payload, skippingOpenEndedValues: skip))
            case .keyCreated: return .keyCreated(try KeyCreated(canonicalJSON: payload, skippingOpenEndedValues: skip))
            case .keyUpdated: return .keyUpdated(try KeyUpdated(canonicalJSON: payload, skippingOpenEndedValues: skip))
            case .keyRevoked: return .keyRevoked(try KeyRevoked(canonicalJSON: payload, skippingOpenEndedValues: skip))
            case .teamUpdated: return .teamUpdated(try TeamUpdated(canonicalJSON: payload, skippingOpenEndedValues: skip))
            // The guard above leaves config.applied as the only other known type.
            default: return .configApplied(try ConfigApplied(canonicalJSON: payload, skippingOpenEndedValues: skip))
            }
        } catch let error as JSONError {
            throw LedgerError(.corruptPayload, error.message)
        }
    }
}
