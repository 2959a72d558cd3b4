import CanonicalJSON
import DomainEvents
import Foundation
import Router
import Testing

@Suite struct RouterTests {
    private let router = RequestRouter(config: .builtIn)
    private let messages = [
        ChatMessage(role: "system", content: "You are a helpful assistant."),
        ChatMessage(role: "user", content: "Write a short poem about the sea."),
    ]

    private func json(_ decision: RoutingDecided) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(decision)
    }

    @Test func sameRequestTwiceGivesByteIdenticalDecisionJSON() throws {
        for model in [nil, "auto", "router-random-0.5", "router-token-length-0.1", "smart"] {
            let first = try json(router.route(messages: messages, requestedModel: model))
            let second = try json(RequestRouter(config: .builtIn).route(messages: messages, requestedModel: model))
            #expect(first == second)
        }
    }

    @Test(arguments: [("smart", "gpt-4o", Tier.complex), ("fast", "gpt-4o-mini", .simple), ("qwen-plus", "qwen-plus", .medium)])
    func explicitModelsAndAliasesAreHonoured(row: (requested: String, model: String, tier: Tier)) throws {
        let (requested, model, tier) = row
        let decision = try router.route(messages: messages, requestedModel: requested)
        #expect(decision.chosenModel == model)
        #expect(decision.tier == tier.rawValue)
        #expect(decision.reason == "requested model \(requested) → \(model)")
        #expect(decision.strategy.name == "user-specified")
    }

    @Test func defaultStrategyIsTheConfiguredOne() throws {
        var config = RouteledgerConfig.builtIn
        config.routing.defaultStrategy = "token-length"
        let decision = try RequestRouter(config: config).route(messages: messages, requestedModel: "auto")
        #expect(decision.strategy.name == "token-length")
        #expect(decision.chosenModel == "gpt-4o-mini")
        #expect(decision.reason.hasPrefix("token_count \(decision.features.tokenCount) < 500"))
    }

    @Test func routerModelStringSelectsTheThresholdStrategy() throws {
        let decision = try router.route(messages: messages, requestedModel: "router-complexity-0")
        #expect(decision.strategy.name == "threshold")
        #expect(decision.strategy.params["scorer"] == .string("complexity"))
        #expect(decision.strategy.params["threshold"] == .int(0))
        #expect(decision.chosenModel == "gpt-4o")
    }

    @Test(arguments: ["router-magic-0.5", "router-complexity-1.5", "no-such-model"])
    func badModelStringsThrow(model: String) {
        #expect(throws: ModelRequestError.self) {
            try router.route(messages: messages, requestedModel: model)
        }
    }

    @Test func decisionCarriesFallbackPlanConfigHashAndFeatures() throws {
        let decision = try router.route(messages: messages, requestedModel: "smart")
        #expect(decision.fallbackPlan == ["qwen-max", "claude-3-5-haiku", "qwen-plus"])
        #expect(decision.configHash == RouteledgerConfig.builtIn.configHash)
        #expect(decision.features.tokenCount == Tokenizer.shared(.cl100kBase).count(messages: messages))
        #expect(decision.features.tier == "complex")
        #expect(decision.routingLatencyMicroseconds == 0)
    }

    @Test func decisionRecordsThePromptFingerprintAsSixteenHexDigitsThatReadBack() throws {
        let decision = try router.route(messages: messages, requestedModel: nil)
        let fingerprint = RoutingFeatures.fingerprint(of: messages)
        let recorded = try #require(decision.features.promptFingerprint)
        #expect(recorded.count == 16)
        #expect(PromptFeatures.fingerprint(hex: recorded) == fingerprint)
        #expect(PromptFeatures.hex(0x00ab) == "00000000000000ab")
        #expect(PromptFeatures.hex(.max) == "ffffffffffffffff")
        #expect(PromptFeatures.fingerprint(hex: "ab") == nil)
        #expect(PromptFeatures.fingerprint(hex: "zzzzzzzzzzzzzzzz") == nil)
    }

    @Test func latencyStrategyRecordsTheSnapshotItUsed() throws {
        var config = RouteledgerConfig.builtIn
        config.routing.defaultStrategy = "latency"
        let snapshot: [String: Double] = [
            "gpt-4o-mini": 120, "qwen-turbo": 80, "claude-3-5-haiku": 300, "qwen-plus": 90, "gpt-4o": 100,
            "qwen-max": 500, "other": 1,
        ]
        let decision = try RequestRouter(config: config).route(messages: messages, requestedModel: nil, latencySnapshot: snapshot)
        let fastest: [Tier: String] = [.simple: "qwen-turbo", .medium: "qwen-plus", .complex: "gpt-4o"]
        let tier = try #require(Tier(rawValue: decision.tier))
        let tierModels = StrategyFixtures.catalog.models(in: tier).map(\.name)
        #expect(decision.chosenModel == fastest[tier])
        #expect(decision.latencySnapshot == snapshot.filter { tierModels.contains($0.key) })
    }

    @Test func decisionJSONUsesTheLedgerKeys() throws {
        let object = try JSONSerialization.jsonObject(with: json(router.route(messages: messages, requestedModel: nil)))
        let keys = Set((object as? [String: Any])?.keys.map { $0 } ?? [])
        #expect(keys == [
            "strategy", "features", "candidates", "chosen_model", "tier", "fallback_plan", "reason", "config_hash",
            "routing_latency_us",
        ])
    }
}
