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
        case .requestReceived(let payload): try payload.canonicalJSON()
        case .routingDecided(let payload): try payload.canonicalJSON()
        case .upstreamFailed(let payload): try payload.canonicalJSON()
        case .completionSucceeded(let payload): try payload.canonicalJSON()
        case .completionFailed(let payload): try payload.canonicalJSON()
        case .feedbackRecorded(let payload): try payload.canonicalJSON()
        case .configApplied(let payload): try payload.canonicalJSON()
        }
    }

    /// Decodes a stored payload, refusing schema versions newer than this build knows. With
    /// `skippingOpenEndedValues`, messages, parameters and other open-ended values are left empty
    /// (for projections, which never read them).
    public static func decode(
        type: EventType, schema: Int, payload: [UInt8], skippingOpenEndedValues skip: Bool = false
    ) throws -> LedgerEvent {
        guard schema <= type.currentSchema else {
            throw LedgerError(
                .schemaTooNew,
                "\(type.rawValue) schema \(schema) is newer than this build understands (\(type.currentSchema)); upgrade routeledger"
            )
        }
        switch type {
        case .requestReceived: return .requestReceived(try RequestReceived(canonicalJSON: payload, skippingOpenEndedValues: skip))
        case .routingDecided: return .routingDecided(try RoutingDecided(canonicalJSON: payload, skippingOpenEndedValues: skip))
        case .upstreamFailed: return .upstreamFailed(try UpstreamFailed(canonicalJSON: payload, skippingOpenEndedValues: skip))
        case .completionSucceeded:
            return .completionSucceeded(try CompletionSucceeded(canonicalJSON: payload, skippingOpenEndedValues: skip))
        case .completionFailed: return .completionFailed(try CompletionFailed(canonicalJSON: payload, skippingOpenEndedValues: skip))
        case .feedbackRecorded: return .feedbackRecorded(try FeedbackRecorded(canonicalJSON: payload, skippingOpenEndedValues: skip))
        case .configApplied: return .configApplied(try ConfigApplied(canonicalJSON: payload, skippingOpenEndedValues: skip))
        }
    }
}
