import Ledger

/// routeledger's event types. Names are part of the external contract (SPEC section 2) and never change.
extension EventType {
    public static let requestReceived = EventType(rawValue: "request.received")
    public static let routingDecided = EventType(rawValue: "routing.decided")
    public static let upstreamFailed = EventType(rawValue: "upstream.failed")
    public static let completionSucceeded = EventType(rawValue: "completion.succeeded")
    public static let completionFailed = EventType(rawValue: "completion.failed")
    public static let feedbackRecorded = EventType(rawValue: "feedback.recorded")
    public static let configApplied = EventType(rawValue: "config.applied")

    /// Every type routeledger writes.
    public static let allCases: [EventType] = [
        .requestReceived, .routingDecided, .upstreamFailed, .completionSucceeded, .completionFailed,
        .feedbackRecorded, .configApplied,
    ]

    /// The newest payload schema version this build writes and understands for the type; nil for
    /// a type this build does not know.
    public var currentSchema: Int? {
        switch self {
        case .requestReceived: RequestReceived.schema
        case .routingDecided: RoutingDecided.schema
        case .upstreamFailed: UpstreamFailed.schema
        case .completionSucceeded: CompletionSucceeded.schema
        case .completionFailed: CompletionFailed.schema
        case .feedbackRecorded: FeedbackRecorded.schema
        case .configApplied: ConfigApplied.schema
        default: nil
        }
    }
}
