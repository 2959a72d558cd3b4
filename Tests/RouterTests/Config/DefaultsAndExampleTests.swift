import Foundation
import Router
import Testing

@Suite struct DefaultsAndExampleTests {
    static let exampleFile = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("routeledger.example.yaml").path

    @Test func builtInConfigValidatesWithTwoSimulatedModelsPerTier() throws {
        let config = try RouteledgerConfig.builtIn.validated()
        #expect(config.server.host == "127.0.0.1")
        #expect(config.catalog.providers.map(\.kind) == [.simulated])
        for tier in Tier.allCases {
            #expect(config.catalog.models(in: tier).count == 2)
        }
        #expect(config.catalog.model(named: "smart")?.name == "gpt-4o")
        #expect(config.catalog.models.filter { $0.kind == .embedding }.map(\.name) == ["text-embedding-3-small"])
        #expect(config.routing.defaultStrategy == "complexity")
    }

    @Test func emptyDocumentIsTheBuiltInConfig() throws {
        #expect(try RouteledgerConfig.parse(yaml: "") == .builtIn)
        #expect(try RouteledgerConfig.parse(yaml: "# nothing configured\n") == .builtIn)
    }

    @Test func fileWithoutCatalogKeepsTheBuiltInCatalog() throws {
        let config = try RouteledgerConfig.parse(yaml: "server:\n  port: 9000\nredaction: {prompts: true}\n")
        #expect(config.server.port == 9000)
        #expect(config.server.host == "127.0.0.1")
        #expect(config.redaction == RedactionSettings(prompts: true, responses: false))
        #expect(config.catalog == RouteledgerConfig.builtIn.catalog)
    }

    @Test func exampleFileLoadsWithEverySection() throws {
        let config = try RouteledgerConfig.load(path: Self.exampleFile)
        #expect(config.server == ServerSettings(host: "127.0.0.1", port: 8080, maxBodyBytes: 4_194_304))
        #expect(config.ledger == LedgerSettings(path: "./routeledger.sqlite", durability: .normal))
        #expect(config.auth == AuthSettings(clientKeyEnvs: ["ROUTELEDGER_CLIENT_KEY"], adminKeyEnv: "ROUTELEDGER_ADMIN_KEY"))
        #expect(config.catalog.models[0].maxOutputTokens == 16_384 && config.catalog.models[0].outputCap == 16_384)
        #expect(config.catalog.models[1].maxOutputTokens == nil && config.catalog.models[1].outputCap == 4_096)
        #expect(config.catalog.providers.map(\.name) == ["openai", "anthropic", "ollama", "dashscope", "simulated"])
        #expect(config.catalog.providers[0].apiKeyEnv == "OPENAI_API_KEY")
        let anthropic = config.catalog.providers[1]
        #expect(anthropic.kind == .anthropic && anthropic.apiKeyEnv == "ANTHROPIC_API_KEY" && anthropic.defaultMaxTokens == 4_096)
        #expect(anthropic.healthCheck == HealthCheckSettings(intervalMs: 30_000, timeoutMs: 5_000, kind: .models))
        // Ollama is an OpenAI-kind provider with a local URL and no key.
        let ollama = config.catalog.providers[2]
        #expect(ollama.kind == .openai && ollama.apiKeyEnv == nil && ollama.baseURL == "http://localhost:11434/v1")
        #expect(ollama.healthCheck == HealthCheckSettings(intervalMs: 10_000, timeoutMs: 2_000, kind: .completion, model: "llama3.2"))
        #expect(config.catalog.providers[4].failureRate == 0)
        #expect(config.catalog.models.count == 10)
        #expect(config.catalog.model(named: "claude-sonnet-4")?.group == "quality")
        let embedding = try #require(config.catalog.model(named: "text-embedding-3-small"))
        #expect(embedding.kind == .embedding && embedding.group == "embedding" && embedding.outputPricePer1K == 0)
        #expect(config.catalog.model(named: "best")?.name == "gpt-4o")
        #expect(config.catalog.model(named: "qwen-max")?.group == "quality")
        #expect(config.catalog.fallbacks == ["quality": ["medium"], "medium": ["simple"], "fast": ["simple"]])
        #expect(config.routing.params(for: "complexity")["complex_threshold"] == .number(0.7))
        #expect(config.routing.params(for: "threshold")["scorer"] == .text("complexity"))
        #expect(config.routing.breaker == BreakerSettings(failureThreshold: 5, cooldownMs: 30_000))
        #expect(config.routing.retries == RetryPolicy(count: 1, backoffMs: 250, maxBackoffMs: 10_000))
    }
}
