import DomainEvents
import Ledger

/// One `feedback.recorded` event as the projection store keeps it: which request, and the score
/// or label given.
public struct FeedbackEntry: Sendable, Equatable {
    /// The seq of the `feedback.recorded` event.
    public var seq: Int64
    public var requestID: String
    /// In [0, 1], when a score was given.
    public var score: Double?
    public var label: String?

    public init(seq: Int64, requestID: String, score: Double?, label: String?) {
        self.seq = seq
        self.requestID = requestID
        self.score = score
        self.label = label
    }

    /// The entry of `event` when it records feedback.
    init?(_ event: ScannedEvent) {
        guard case .feedbackRecorded(let feedback) = event.event else { return nil }
        self.init(seq: event.stored.seq, requestID: feedback.requestID, score: feedback.score, label: feedback.label)
    }
}
