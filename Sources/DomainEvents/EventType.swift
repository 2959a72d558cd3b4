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
    public static let providerBreakerChanged = EventType(rawValue: "provider.breaker_changed")
    public static let upstreamSkipped = EventType(rawValue: "upstream.skipped")
    public static let keyCreated = EventType(rawValue: "key.created")
    public static let keyUpdated = EventType(rawValue: "key.updated")
    public static let keyRevoked = EventType(rawValue: "key.revoked")
    public static let teamUpdated = EventType(rawValue: "team.updated")

    /// Every type routeledger writes, with the schema version this build writes for it.
    private static let currentSchemas: KeyValuePairs<EventType, Int> = [
        .requestReceived: RequestReceived.schema, .routingDecided: RoutingDecided.schema,
        .upstreamFailed: UpstreamFailed.schema, .completionSucceeded: CompletionSucceeded.schema,
        .completionFailed: CompletionFailed.schema, .feedbackRecorded: FeedbackRecorded.schema,
        .configApplied: ConfigApplied.schema, .providerBreakerChanged: ProviderBreakerChanged.schema,
        .upstreamSkipped: UpstreamSkipped.schema, .keyCreated: KeyCreated.schema, .keyUpdated: KeyUpdated.schema,
        .keyRevoked: KeyRevoked.schema, .teamUpdated: TeamUpdated.schema,
    ]

    /// Every type routeledger writes.
    public static let allCases: [EventType] = currentSchemas.map(\.key)

    /// The newest payload schema version this build writes and understands for the type; nil for
    /// a type this build does not know.
    public var currentSchema: Int? {
        Self.currentSchemas.first { $0.key == self }?.value
    }
}
