import DomainEvents
import Router

/// The replay projection: per ended request, the inputs of its routing decision and its outcome,
/// in columns (one array per field, strings as ``SymbolTable`` codes) — about 120 bytes a request,
/// and a replay reads only the columns it needs, in order.
///
/// Rows are in the order requests ended (completion seq), the order the projection store keeps.
public struct ReplayTable: Sendable {
    /// No code: a request without a key, a decision or an answering model.
    public static let none: Int32 = -1

    public private(set) var symbols = SymbolTable()
    public private(set) var count = 0

    // Identity and selection.
    public private(set) var completionSeq: [Int64] = []
    public private(set) var receivedAt: [Int64] = []
    public private(set) var succeeded: [Bool] = []
    public private(set) var apiKey: [Int32] = []
    public private(set) var team: [Int32] = []
    public private(set) var user: [Int32] = []
    /// Row r's tags are `tagCodes[tagOffsets[r]..<tagOffsets[r + 1]]`.
    public private(set) var tagOffsets: [Int32] = [0]
    public private(set) var tagCodes: [Int32] = []
    /// The model that answered; ``none`` for a failed request.
    public private(set) var servedModel: [Int32] = []

    // The decision as recorded (``none`` strategy: no decision).
    public private(set) var strategy: [Int32] = []
    public private(set) var chosenModel: [Int32] = []
    public private(set) var tier: [Int32] = []
    public private(set) var configHash: [Int32] = []

    // The recorded features.
    public private(set) var tokenCount: [Int32] = []
    public private(set) var complexityScore: [Double] = []
    /// creativity, reasoning, contextual knowledge, domain knowledge, constraints (4-decimal values,
    /// which a `Float` holds closely enough to round back to exactly) and the few-shot count.
    public private(set) var dimensions: [SIMD8<Float>] = []
    public private(set) var taskType: [TaskType] = []
    public private(set) var fingerprint: [UInt64] = []
    /// ``StrategyInputs`` the request's decision did not record.
    public private(set) var unrecorded: [StrategyInputs] = []
    /// Latency snapshots of the requests that recorded one, by row.
    public private(set) var latencySnapshots: [Int: [String: Double]] = [:]

    // The outcome.
    public private(set) var inputTokens: [Int32] = []
    public private(set) var outputTokens: [Int32] = []
    public private(set) var cost: [Double] = []
    /// End-to-end latency in ms; NaN when the request failed.
    public private(set) var latency: [Double] = []

    public init() {}

    /// The completion seq of the last row (0 when empty): rows after it are what is missing.
    public var lastCompletionSeq: Int64 { completionSeq.last ?? 0 }

    /// Adds a request that ended after the last row.
    public mutating func append(_ request: CompletedRequest) {
        count += 1
        completionSeq.append(request.completionSeq)
        receivedAt.append(request.receivedAt)
        succeeded.append(request.status == .succeeded)
        apiKey.append(request.apiKeyID.map { symbols.code($0) } ?? Self.none)
        team.append(request.team.map { symbols.code($0) } ?? Self.none)
        user.append(request.user.map { symbols.code($0) } ?? Self.none)
        for tag in request.tags { tagCodes.append(symbols.code(tag)) }
        tagOffsets.append(Int32(tagCodes.count))
        servedModel.append(request.status == .succeeded ? request.model.map { symbols.code($0) } ?? Self.none : Self.none)
        inputTokens.append(Int32(clamping: request.inputTokens))
        outputTokens.append(Int32(clamping: request.outputTokens))
        cost.append(request.costUSD)
        latency.append(request.status == .succeeded ? request.latencyMilliseconds ?? .nan : .nan)
        guard let decision = request.decision else {
            // An import whose source routed nothing because the client named its model (llm-compass
            // logs such calls without a routing section): the gateway never routes a named model,
            // so a replay keeps it, as it keeps live user-specified decisions.
            let named = request.namedModel
            strategy.append(named == nil ? Self.none : symbols.code(StrategyRef.userSpecified))
            chosenModel.append(named.map { symbols.code(request.model ?? $0) } ?? Self.none)
            tier.append(Self.none)
            configHash.append(Self.none)
            tokenCount.append(0)
            complexityScore.append(0)
            dimensions.append(SIMD8())
            taskType.append(.other)
            fingerprint.append(0)
            unrecorded.append([.tokenCount, .complexityScore, .promptFingerprint])
            return
        }
        strategy.append(symbols.code(decision.strategy))
        chosenModel.append(symbols.code(decision.chosenModel))
        tier.append(symbols.code(decision.tier))
        configHash.append(symbols.code(decision.configHash))
        tokenCount.append(Int32(clamping: decision.tokenCount))
        complexityScore.append(decision.complexityScore)
        dimensions.append(SIMD8(
            Float(decision.creativity), Float(decision.reasoning), Float(decision.contextualKnowledge),
            Float(decision.domainKnowledge), Float(decision.constraints),
            Float(min(decision.numberOfFewShots, 1 << 20)), 0, 0))
        taskType.append(TaskType(rawValue: decision.taskType) ?? TaskType(name: decision.taskType) ?? .other)
        let hex = decision.promptFingerprint.flatMap(PromptFeatures.fingerprint(hex:))
        fingerprint.append(hex ?? 0)
        var missing = StrategyInputs(recordedNames: decision.unrecorded)
        if hex == nil { missing.insert(.promptFingerprint) }
        unrecorded.append(missing)
        if let snapshot = decision.latencySnapshot { latencySnapshots[count - 1] = snapshot }
    }

    /// Whether row `row` has a routing decision.
    public func hasDecision(_ row: Int) -> Bool {
        strategy[row] != Self.none
    }

    /// The features of row `row` as the router takes them: the recorded dimensions and few-shot
    /// count, with the recorded complexity score kept as it was (for an import, the one derived at
    /// import; an import without derived features, its source's own).
    public func features(_ row: Int) -> RoutingFeatures {
        let dimensions = dimensions[row]
        var classification = PromptClassification(
            taskType: taskType[row], creativity: Double(dimensions[0]), reasoning: Double(dimensions[1]),
            contextualKnowledge: Double(dimensions[2]), domainKnowledge: Double(dimensions[3]),
            constraints: Double(dimensions[4]), numberOfFewShots: Int(dimensions[5]))
        classification.complexityScore = complexityScore[row]
        return RoutingFeatures(
            tokenCount: Int(tokenCount[row]), classification: classification, promptFingerprint: fingerprint[row])
    }
}
