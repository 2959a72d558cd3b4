extension RouteledgerConfig {
    /// The configuration used when no file is given: one `simulated` provider (no key, no network)
    /// and two chat models per tier plus an embedding model, named and priced like the real models
    /// they stand for.
    public static let builtIn = RouteledgerConfig(
        catalog: ModelCatalog(
            providers: [
                ProviderDefinition(
                    name: "simulated", kind: .simulated, priority: 0, timeoutMs: 30_000,
                    latencyMs: 600, ttftMs: 150, failureRate: 0
                )
            ],
            models: [
                ModelDefinition(
                    name: "gpt-4o-mini", provider: "simulated", tier: .simple,
                    inputPricePer1K: 0.00015, outputPricePer1K: 0.0006, contextWindow: 128_000
                ),
                ModelDefinition(
                    name: "qwen-turbo", provider: "simulated", tier: .simple,
                    inputPricePer1K: 0.00005, outputPricePer1K: 0.0002, contextWindow: 131_072
                ),
                ModelDefinition(
                    name: "claude-3-5-haiku", provider: "simulated", tier: .medium,
                    inputPricePer1K: 0.0008, outputPricePer1K: 0.004, contextWindow: 200_000
                ),
                ModelDefinition(
                    name: "qwen-plus", provider: "simulated", tier: .medium,
                    inputPricePer1K: 0.0004, outputPricePer1K: 0.0012, contextWindow: 131_072
                ),
                ModelDefinition(
                    name: "gpt-4o", provider: "simulated", tier: .complex,
                    inputPricePer1K: 0.0025, outputPricePer1K: 0.01, contextWindow: 128_000
                ),
                ModelDefinition(
                    name: "qwen-max", provider: "simulated", tier: .complex,
                    inputPricePer1K: 0.0016, outputPricePer1K: 0.0064, contextWindow: 32_768
                ),
                ModelDefinition(
                    name: "text-embedding-3-small", provider: "simulated", kind: .embedding, tier: .simple,
                    inputPricePer1K: 0.00002, outputPricePer1K: 0, contextWindow: 8_192
                ),
            ],
            aliases: ["fast": "gpt-4o-mini", "smart": "gpt-4o"],
            fallbacks: ["complex": ["medium"], "medium": ["simple"]]
        )
    )
}
