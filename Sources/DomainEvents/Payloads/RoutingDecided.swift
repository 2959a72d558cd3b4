import CanonicalJSON
import Ledger

/// `routing.decided`: the router chose a model, with everything needed to explain and replay it.
public struct RoutingDecided: EventPayload {
    public static let type = EventType.routingDecided
    public static let schema = 1

    public var strategy: StrategyRef
    public var features: PromptFeatures
    /// Every candidate model considered, with its score.
    public var candidates: [CandidateScore]
    public var chosenModel: String
    public var tier: String
    /// The models tried next, in order, if the chosen one fails.
    public var fallbackPlan: [String]
    /// A sentence a person can read, e.g. `complexity_score 0.62 ≥ 0.55 (complex) → qwen-max`.
    public var reason: String
    /// How long routing took; the gateway sets it after deciding (the router leaves 0), so the
    /// decision itself stays deterministic.
    public var routingLatencyMicroseconds: Int
    /// The hash of the catalog and routing configuration in force (see `config.applied`).
    public var configHash: String
    /// The observed latencies (model → p50 ms) a `latency` decision was made from; nil for other strategies.
    public var latencySnapshot: [String: Double]?
    /// Features derived later than the decision (at import) so it can be replayed; nil for the
    /// gateway's own decisions, whose `features` are what the router decided from.
    public var derived: DerivedFeatures?

    public init(
        strategy: StrategyRef, features: PromptFeatures, candidates: [CandidateScore], chosenModel: String,
        tier: String, fallbackPlan: [String], reason: String, routingLatencyMicroseconds: Int = 0, configHash: String,
        latencySnapshot: [String: Double]? = nil, derived: DerivedFeatures? = nil
    ) {
        self.strategy = strategy
        self.features = features
        self.candidates = candidates
        self.chosenModel = chosenModel
        self.tier = tier
        self.fallbackPlan = fallbackPlan
        self.reason = reason
        self.routingLatencyMicroseconds = routingLatencyMicroseconds
        self.configHash = configHash
        self.latencySnapshot = latencySnapshot
        self.derived = derived
    }

    enum CodingKeys: String, CodingKey {
        case strategy, features, candidates, tier, reason, derived
        case chosenModel = "chosen_model"
        case fallbackPlan = "fallback_plan"
        case routingLatencyMicroseconds = "routing_latency_us"
        case configHash = "config_hash"
        case latencySnapshot = "latency_snapshot"
    }
}

/// The strategy that decided: its contract name, implementation version and parameters.
public struct StrategyRef: Codable, Sendable, Equatable {
    /// The name recorded when the client asked for a catalog model or alias by name (SPEC section
    /// 3, "user-specified"): no strategy chose, the request did.
    public static let userSpecified = "user-specified"

    public var name: String
    public var version: Int
    /// Thresholds and other parameters, as numbers or strings.
    public var params: [String: JSONValue]

    public init(name: String, version: Int, params: [String: JSONValue] = [:]) {
        self.name = name
        self.version = version
        self.params = params
    }

    enum CodingKeys: String, CodingKey {
        case name, version, params
    }
}

/// The prompt features a decision was made from (token count and classifier dimensions).
public struct PromptFeatures: Codable, Sendable, Equatable {
    public var tokenCount: Int
    public var complexityScore: Double
    public var taskType: String
    public var tier: String
    public var creativity: Double
    public var reasoning: Double
    public var contextualKnowledge: Double
    public var domainKnowledge: Double
    public var constraints: Double
    public var numberOfFewShots: Int
    /// Which classifier signals fired, so the scores can be explained.
    public var signals: [String]
    /// The prompt's 64-bit fingerprint as 16 lowercase hex digits (the `random` scorer's input; a
    /// JSON number would lose bits past 2^53), so a decision can be replayed when the prompt text
    /// was redacted.
    public var promptFingerprint: String?
    /// The version of the classifier that derived the task type, dimensions and score
    /// (`learned-2.<hash>`); nil in decisions recorded before classifiers were versioned, which
    /// came from the lexical classifier (`lexical-1`).
    public var classifier: String?
    /// Why the configured classifier did not produce these features and ``classifier`` did (an
    /// `http` classifier that timed out, failed or answered something else than its documented
    /// shape); nil when the configured classifier answered.
    public var classifierFallback: String?

    public init(
        tokenCount: Int, complexityScore: Double, taskType: String, tier: String, creativity: Double,
        reasoning: Double, contextualKnowledge: Double, domainKnowledge: Double, constraints: Double,
        numberOfFewShots: Int, signals: [String] = [], promptFingerprint: String? = nil, classifier: String? = nil,
        classifierFallback: String? = nil
    ) {
        self.tokenCount = tokenCount
        self.complexityScore = complexityScore
        self.taskType = taskType
        self.tier = tier
        self.creativity = creativity
        self.reasoning = reasoning
        self.contextualKnowledge = contextualKnowledge
        self.domainKnowledge = domainKnowledge
        self.constraints = constraints
        self.numberOfFewShots = numberOfFewShots
        self.signals = signals
        self.promptFingerprint = promptFingerprint
        self.classifier = classifier
        self.classifierFallback = classifierFallback
    }

    enum CodingKeys: String, CodingKey {
        case tier, creativity, reasoning, constraints, signals, classifier
        case classifierFallback = "classifier_fallback"
        case tokenCount = "token_count"
        case complexityScore = "complexity_score"
        case taskType = "task_type"
        case contextualKnowledge = "contextual_knowledge"
        case domainKnowledge = "domain_knowledge"
        case numberOfFewShots = "number_of_few_shots"
        case promptFingerprint = "prompt_fingerprint"
    }
}

extension PromptFeatures {
    /// `value` as 16 lowercase hex digits (the form of ``promptFingerprint``).
    public static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// The fingerprint read back from its 16 hex digits; nil if `hex` is not 16 hex digits.
    public static func fingerprint(hex: String) -> UInt64? {
        hex.utf8.count == 16 ? UInt64(hex, radix: 16) : nil
    }
}

/// One model a strategy considered and the score it gave it (a complexity score, a token count,
/// a strong-model score or a p50 latency in ms, depending on the strategy).
public struct CandidateScore: Codable, Sendable, Equatable {
    public var model: String
    public var score: Double

    public init(model: String, score: Double) {
        self.model = model
        self.score = score
    }

    enum CodingKeys: String, CodingKey {
        case model, score
    }
}
