import Foundation
import Router
import Testing

@Suite struct ConfigHashTests {
    private static let original = """
        providers:
          - {name: openai, kind: openai, base_url: 'https://api.openai.com/v1', api_key_env: OPENAI_API_KEY}
        models:
          - {name: small, provider: openai, tier: simple, input_price_per_1k: 0.1, output_price_per_1k: 0.2}
          - {name: mid, provider: openai, tier: medium, input_price_per_1k: 0.3, output_price_per_1k: 0.4}
          - {name: big, provider: openai, tier: complex, input_price_per_1k: 0.5, output_price_per_1k: 0.6}
        aliases: {fast: small, smart: big}
        routing:
          default_strategy: complexity
          strategy_params: {complexity: {medium_threshold: 0.3, complex_threshold: 0.6}}
        """

    private static let reordered = """
        routing:
          strategy_params: {complexity: {complex_threshold: 0.6, medium_threshold: 0.3}}
          default_strategy: complexity
        aliases: {smart: big, fast: small}
        models:
          - {provider: openai, name: small, output_price_per_1k: 0.2, tier: simple, input_price_per_1k: 0.1}
          - {tier: medium, name: mid, provider: openai, input_price_per_1k: 0.3, output_price_per_1k: 0.4}
          - {output_price_per_1k: 0.6, input_price_per_1k: 0.5, tier: complex, provider: openai, name: big}
        providers:
          - {api_key_env: OPENAI_API_KEY, base_url: 'https://api.openai.com/v1', kind: openai, name: openai}
        """

    private func hash(_ yaml: String) throws -> String {
        try RouteledgerConfig.parse(yaml: yaml).configHash
    }

    @Test func hashIsSixtyFourLowercaseHexDigits() throws {
        let value = try hash(Self.original)
        #expect(value.count == 64)
        #expect(value.allSatisfy { "0123456789abcdef".contains($0) })
    }

    @Test func hashIsStableUnderKeyReordering() throws {
        #expect(try hash(Self.original) == hash(Self.reordered))
        #expect(try hash(Self.original) == hash(Self.original))
    }

    @Test func spelledOutDefaultsHashLikeOmittedOnes() throws {
        let explicit = Self.original + "\n  breaker: {failure_threshold: 5, cooldown_ms: 30000}\n"
        #expect(try hash(Self.original) == hash(explicit))
    }

    @Test func priceChangeChangesTheHash() throws {
        let changed = Self.original.replacingOccurrences(of: "output_price_per_1k: 0.6", with: "output_price_per_1k: 0.61")
        #expect(try hash(Self.original) != hash(changed))
    }

    @Test func thresholdChangeChangesTheHash() throws {
        let changed = Self.original.replacingOccurrences(of: "complex_threshold: 0.6", with: "complex_threshold: 0.7")
        #expect(try hash(Self.original) != hash(changed))
    }

    @Test func serverSettingsAreNotPartOfTheHash() throws {
        #expect(try hash(Self.original) == hash(Self.original + "\nserver: {port: 9999}\nredaction: {prompts: true}\n"))
    }

    @Test func canonicalJSONHoldsEnvVarNamesOnly() throws {
        let config = try RouteledgerConfig.parse(yaml: Self.original)
        let json = String(decoding: config.canonicalRoutingJSON, as: UTF8.self)
        #expect(json.contains("\"api_key_env\":\"OPENAI_API_KEY\""))
        #expect(json.hasPrefix("{\"catalog\":{\"aliases\":{\"fast\":\"small\",\"smart\":\"big\"}"))
    }
}

@Suite struct CanonicalJSONRoundTripTests {
    @Test func catalogAndRoutingDecodeBackFromTheirCanonicalJSON() throws {
        let config = try RouteledgerConfig.load(path: DefaultsAndExampleTests.exampleFile)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let catalog = try JSONDecoder().decode(ModelCatalog.self, from: encoder.encode(config.catalog))
        let routing = try JSONDecoder().decode(RoutingSettings.self, from: encoder.encode(config.routing))
        #expect(catalog == config.catalog)
        #expect(routing == config.routing)
    }
}
