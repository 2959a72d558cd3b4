/// One typed event payload, whichever its type.
public enum LedgerEvent: Sendable, Equatable {
    case requestReceived(RequestReceived)
    case routingDecided(RoutingDecided)
    case upstreamFailed(UpstreamFailed)
    case completionSucceeded(CompletionSucceeded)
    case completionFailed(CompletionFailed)
    case feedbackRecorded(FeedbackRecorded)
    case configApplied(ConfigApplied)

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
        }
    }

    /// The canonical JSON bytes of the payload (what is hashed and compressed).
    public func canonicalPayload() throws -> [UInt8] {
        switch self {
        case .requestReceived(let payload): try CanonicalJSON.encode(payload)
        case .routingDecided(let payload): try CanonicalJSON.encode(payload)
        case .upstreamFailed(let payload): try CanonicalJSON.encode(payload)
        case .completionSucceeded(let payload): try CanonicalJSON.encode(payload)
        case .completionFailed(let payload): try CanonicalJSON.encode(payload)
        case .feedbackRecorded(let payload): try CanonicalJSON.encode(payload)
        case .configApplied(let payload): try CanonicalJSON.encode(payload)
        }
    }

    /// Decodes a stored payload, refusing schema versions newer than this build knows.
    public static func decode(type: EventType, schema: Int, payload: [UInt8]) throws -> LedgerEvent {
        guard schema <= type.currentSchema else {
            throw LedgerError(
                .schemaTooNew,
                "\(type.rawValue) schema \(schema) is newer than this build understands (\(type.currentSchema)); upgrade routeledger"
            )
        }
        switch type {
        case .requestReceived: return .requestReceived(try CanonicalJSON.decode(RequestReceived.self, from: payload))
        case .routingDecided: return .routingDecided(try CanonicalJSON.decode(RoutingDecided.self, from: payload))
        case .upstreamFailed: return .upstreamFailed(try CanonicalJSON.decode(UpstreamFailed.self, from: payload))
        case .completionSucceeded:
            return .completionSucceeded(try CanonicalJSON.decode(CompletionSucceeded.self, from: payload))
        case .completionFailed: return .completionFailed(try CanonicalJSON.decode(CompletionFailed.self, from: payload))
        case .feedbackRecorded: return .feedbackRecorded(try CanonicalJSON.decode(FeedbackRecorded.self, from: payload))
        case .configApplied: return .configApplied(try CanonicalJSON.decode(ConfigApplied.self, from: payload))
        }
    }
}
