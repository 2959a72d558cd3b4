import DomainEvents
import Ledger

/// Every event of one request, sorted by kind: what a raw record and an audit are built from.
public struct RequestHistory: Sendable {
    public var requestID: String
    /// `request.received`'s timestamp (Unix ms), else the first event's.
    public var receivedAt: Int64
    public var received: RequestReceived?
    public var decided: RoutingDecided?
    /// Failed upstream attempts, in order.
    public var failedAttempts: [UpstreamFailed] = []
    public var succeeded: CompletionSucceeded?
    public var failed: CompletionFailed?
    /// The seq and timestamp of the event that ended the request; nil while it is open.
    public var endSeq: Int64?
    public var endedAt: Int64?
    /// Feedback recorded about the request.
    public var feedback: [FeedbackRecorded] = []
    /// Models of the plan skipped because their provider's breaker was open, in order.
    public var skipped: [UpstreamSkipped] = []
    /// Breaker moves this request's attempts caused.
    public var breakerChanges: [ProviderBreakerChanged] = []

    public init(requestID: String, receivedAt: Int64) {
        self.requestID = requestID
        self.receivedAt = receivedAt
    }

    /// The history of the request whose events (in ledger order) these are; nil for no events.
    public init?(_ events: [ScannedEvent]) {
        guard let first = events.first else { return nil }
        self.init(requestID: first.stored.requestID, receivedAt: first.stored.timestamp)
        for event in events { add(event.event, seq: event.stored.seq, timestamp: event.stored.timestamp) }
    }

    /// The number of the attempt that answered: one past the last failed attempt.
    public var answeringAttempt: Int { (failedAttempts.map(\.attempt).max() ?? 0) + 1 }

    /// The history of `requestID` read from the ledger; nil when the ledger holds no event of it.
    public static func load(_ requestID: String, from ledger: Ledger) async throws -> RequestHistory? {
        RequestHistory(try await ledger.events(requestID: requestID).map { ScannedEvent(stored: $0, event: try $0.decoded()) })
    }

    /// Adds one event of the request.
    public mutating func add(_ event: LedgerEvent, seq: Int64, timestamp: Int64) {
        switch event {
        case .requestReceived(let payload):
            received = payload
            receivedAt = timestamp
        case .routingDecided(let payload): decided = payload
        case .upstreamFailed(let payload): failedAttempts.append(payload)
        case .completionSucceeded(let payload):
            succeeded = payload
            (endSeq, endedAt) = (seq, timestamp)
        case .completionFailed(let payload):
            failed = payload
            (endSeq, endedAt) = (seq, timestamp)
        case .feedbackRecorded(let payload): feedback.append(payload)
        case .upstreamSkipped(let payload): skipped.append(payload)
        case .providerBreakerChanged(let payload): breakerChanges.append(payload)
        case .configApplied, .keyCreated, .keyUpdated, .keyRevoked, .teamUpdated: break
        }
    }
}
