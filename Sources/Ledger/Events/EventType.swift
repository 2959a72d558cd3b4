/// The stable name of an event kind, as written in the `type` column and covered by the hash.
///
/// Names are part of the external contract (SPEC section 2) and never change.
public enum EventType: String, CaseIterable, Sendable, Codable {
    case requestReceived = "request.received"
    case routingDecided = "routing.decided"
    case upstreamFailed = "upstream.failed"
    case completionSucceeded = "completion.succeeded"
    case completionFailed = "completion.failed"
    case feedbackRecorded = "feedback.recorded"
    case configApplied = "config.applied"

    /// The newest payload schema version this build writes and understands for the type.
    public var currentSchema: Int {
        switch self {
        case .requestReceived: RequestReceived.schema
        case .routingDecided: RoutingDecided.schema
        case .upstreamFailed: UpstreamFailed.schema
        case .completionSucceeded: CompletionSucceeded.schema
        case .completionFailed: CompletionFailed.schema
        case .feedbackRecorded: FeedbackRecorded.schema
        case .configApplied: ConfigApplied.schema
        }
    }
}
