import CanonicalJSON

/// A `POST /v1/feedback` body as received and checked: which request it is about, and the score,
/// label and comment the client gave it.
///
/// `{"request_id": "…", "score": 0.8, "label": "good", "comment": "…"}`: `request_id` is required;
/// at least one of `score` (a number in [0, 1]) and `label` (1 to 64 characters); `comment` up to
/// 2,000 characters. A null field counts as absent. Characters are Unicode scalars (code points).
/// Any other key is rejected, so a misspelt field is never silently dropped.
struct FeedbackBody: Sendable, Equatable {
    /// The id of the request the feedback is about (its `x-request-id`).
    var requestID: String
    /// A score in [0, 1], when given.
    var score: Double?
    /// A short label (`good`, `bad`, …), when given.
    var label: String?
    /// Free text, when given.
    var comment: String?

    /// The keys a feedback body may hold.
    static let acceptedKeys = ["request_id", "score", "label", "comment"]
    /// The longest label, in Unicode scalars.
    static let maxLabelLength = 64
    /// The longest comment, in Unicode scalars.
    static let maxCommentLength = 2_000

    /// Parses and checks `bytes`; every problem is a 400 naming the field at fault (none when the
    /// body is not a JSON object at all).
    init(json bytes: [UInt8]) throws(OpenAIError) {
        try self.init(fields: try RequestBodyReading.object(bytes))
    }

    /// Checks an already parsed body object.
    init(fields: [String: JSONValue]) throws(OpenAIError) {
        if let unknown = fields.keys.filter({ !Self.acceptedKeys.contains($0) }).min() {
            throw .invalidRequest(
                "unknown field \"\(unknown)\"; a feedback body has \(Self.acceptedKeys.joined(separator: ", "))",
                param: unknown, code: "unknown_field")
        }
        guard let requestID = try RequestBodyReading.string(fields, "request_id"), !requestID.isEmpty else {
            throw .invalidRequest("request_id is required and must be a non-empty string", param: "request_id")
        }
        self.requestID = requestID
        score = try RequestBodyReading.optional(fields, "score", as: "a number between 0 and 1") { value -> Double? in
            // Integers count (`1` is a fine score); strings, booleans and non-finite values do not.
            guard let number = value.doubleValue, number.isFinite, (0...1).contains(number) else { return nil }
            return number == 0 ? 0 : number  // -0 is recorded as 0
        }
        label = try RequestBodyReading.string(fields, "label")
        if let label, label.isEmpty || label.unicodeScalars.count > Self.maxLabelLength {
            throw .invalidRequest(
                "label must be a non-empty string of at most \(Self.maxLabelLength) characters", param: "label")
        }
        comment = try RequestBodyReading.string(fields, "comment")
        if let comment, comment.unicodeScalars.count > Self.maxCommentLength {
            throw .invalidRequest("comment must be at most \(Self.maxCommentLength) characters", param: "comment")
        }
        guard score != nil || label != nil else {
            throw .invalidRequest("feedback needs a score (a number between 0 and 1), a label, or both", param: "score")
        }
    }
}
