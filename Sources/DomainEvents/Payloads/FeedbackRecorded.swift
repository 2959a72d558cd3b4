import CanonicalJSON
import Ledger

/// `feedback.recorded`: a client rated a response.
public struct FeedbackRecorded: EventPayload {
    public static let type = EventType.feedbackRecorded
    public static let schema = 1

    public var requestID: String
    /// A score in [0, 1], when given.
    public var score: Double?
    /// A label (`good`, `bad`, …), when given.
    public var label: String?
    public var comment: String?

    public init(requestID: String, score: Double?, label: String?, comment: String?) {
        self.requestID = requestID
        self.score = score
        self.label = label
        self.comment = comment
    }

    enum CodingKeys: String, CodingKey {
        case score, label, comment
        case requestID = "request_id"
    }
}
