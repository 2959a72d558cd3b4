/// Whether prompt and response texts are left out of ledger events (`redaction` section).
public struct RedactionSettings: Codable, Equatable, Sendable {
    /// Leave request messages out of `request.received`.
    public var prompts: Bool
    /// Leave response text out of `completion.succeeded`.
    public var responses: Bool

    /// Settings; by default both texts are recorded.
    public init(prompts: Bool = false, responses: Bool = false) {
        self.prompts = prompts
        self.responses = responses
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case prompts, responses
    }

    /// Decodes the section; absent keys keep their defaults, unknown keys are errors.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(besides: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        prompts = try container.value(.prompts, or: false)
        responses = try container.value(.responses, or: false)
    }
}
