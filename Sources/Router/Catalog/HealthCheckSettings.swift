/// A provider's active health check (`providers[].health_check`): the gateway probes the provider
/// in the background every `interval_ms`, and the probe's result feeds the provider's circuit
/// breaker. Probes are not traffic: no request is recorded for them and they cost nothing in the
/// stats.
public struct HealthCheckSettings: Codable, Equatable, Sendable {
    /// What a probe sends.
    public enum Kind: String, Codable, CaseIterable, Sendable {
        /// `GET {base_url}/models`: free, and proves the address and the key.
        case models
        /// A one-token completion on `model`: proves the model answers, for a fraction of a cent.
        case completion
    }

    /// The shortest interval allowed, so a typo cannot turn probes into a flood.
    public static let minimumIntervalMs = 100

    /// Time between the end of one probe and the start of the next.
    public var intervalMs: Int
    /// How long one probe may take before it counts as failed.
    public var timeoutMs: Int
    public var kind: Kind
    /// The catalog model a `completion` probe asks (default: the provider's first chat model).
    public var model: String?

    /// Settings; by default a model-list probe every 30 s with a 5 s timeout.
    public init(intervalMs: Int = 30_000, timeoutMs: Int = 5_000, kind: Kind = .models, model: String? = nil) {
        self.intervalMs = intervalMs
        self.timeoutMs = timeoutMs
        self.kind = kind
        self.model = model
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case kind, model
        case intervalMs = "interval_ms"
        case timeoutMs = "timeout_ms"
    }

    /// Decodes the section; absent keys keep their defaults, unknown keys are errors.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(besides: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = HealthCheckSettings()
        intervalMs = try container.value(.intervalMs, or: defaults.intervalMs)
        timeoutMs = try container.value(.timeoutMs, or: defaults.timeoutMs)
        let kindName = try container.value(.kind, or: defaults.kind.rawValue)
        guard let kind = Kind(rawValue: kindName) else {
            throw ConfigDecodingProblem(
                code: .invalidValue, codingPath: container.codingPath + [CodingKeys.kind],
                reason: "unknown health check kind \"\(kindName)\" (expected models or completion)")
        }
        self.kind = kind
        model = try container.decodeIfPresent(String.self, forKey: .model)
    }
}
