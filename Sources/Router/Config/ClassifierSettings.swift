/// Which classifier derives a prompt's task type and complexity (`routing.classifier`): the
/// built-in one, the original lexical one, or a classifier service over HTTP — such as NVIDIA's
/// prompt-task-and-complexity-classifier behind a small server — with a built-in one deciding
/// when the service is slow, down or answers something else.
public struct ClassifierSettings: Codable, Equatable, Sendable {
    /// A classifier the gateway runs itself, or a service.
    public enum Kind: String, Codable, CaseIterable, Sendable {
        /// The learned classifier bundled with routeledger (the default).
        case builtin
        /// The first, rule-based classifier.
        case lexical
        /// A classifier service: `POST {url}` (documented in README, "Classifier service").
        case http
    }

    public var kind: Kind
    /// The service's endpoint (`http` only).
    public var url: String?
    /// How long the service may take before the fallback decides (`http` only).
    public var timeoutMs: Int
    /// The classifier that decides when the service does not (`builtin` or `lexical`).
    public var fallback: Kind

    /// Settings; by default the built-in classifier, and for `http` a 200 ms budget.
    public init(kind: Kind = .builtin, url: String? = nil, timeoutMs: Int = 200, fallback: Kind = .builtin) {
        self.kind = kind
        self.url = url
        self.timeoutMs = timeoutMs
        self.fallback = fallback
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case kind, url, fallback
        case timeoutMs = "timeout_ms"
    }

    /// Decodes the section; absent keys keep their defaults, unknown keys are errors.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(besides: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = ClassifierSettings()
        func kind(_ key: CodingKeys, _ fallback: Kind) throws -> Kind {
            let name = try container.value(key, or: fallback.rawValue)
            guard let kind = Kind(rawValue: name) else {
                throw ConfigDecodingProblem(
                    code: .invalidValue, codingPath: container.codingPath + [key],
                    reason: "unknown classifier \"\(name)\" (expected builtin, lexical or http)")
            }
            return kind
        }
        self.kind = try kind(.kind, defaults.kind)
        url = try container.decodeIfPresent(String.self, forKey: .url)
        timeoutMs = try container.value(.timeoutMs, or: defaults.timeoutMs)
        fallback = try kind(.fallback, defaults.fallback)
    }
}
