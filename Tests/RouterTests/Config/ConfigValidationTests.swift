import Foundation
import Router
import Testing

@Suite struct ConfigValidationTests {
    private static let small = "{name: small, provider: openai, tier: simple, input_price_per_1k: 0.1, output_price_per_1k: 0.2}"
    private static let mid = "{name: mid, provider: openai, tier: medium, input_price_per_1k: 0.3, output_price_per_1k: 0.4}"
    private static let big = "{name: big, provider: openai, tier: complex, input_price_per_1k: 0.5, output_price_per_1k: 0.6}"

    private func error(_ yaml: String) -> ConfigError? {
        do {
            _ = try RouteledgerConfig.parse(yaml: yaml, file: "routeledger.yaml")
            return nil
        } catch {
            return error
        }
    }

    @Test func minimalCatalogIsValid() throws {
        let config = try RouteledgerConfig.parse(yaml: ConfigFixtures.minimal, file: "routeledger.yaml")
        #expect(config.catalog.models.map(\.name) == ["small", "mid", "big"])
        #expect(config.catalog.models[0].upstreamModel == "small")
        #expect(config.catalog.models[0].group == "simple")
        #expect(config.catalog.models[0].contextWindow == 128_000)
        #expect(config.server == ServerSettings())
        #expect(config.routing == RoutingSettings())
    }

    @Test(arguments: [
        (
            ConfigFixtures.withModels([small, mid, "{name: big, provider: openai2, tier: complex, input_price_per_1k: 1, output_price_per_1k: 1}"]),
            ConfigError.Code.unknownProvider, "routeledger.yaml: models[2].provider: unknown provider \"openai2\""
        ),
        (
            ConfigFixtures.withModels([small, small.replacingOccurrences(of: "simple", with: "medium"), mid, big]),
            .duplicateName, "routeledger.yaml: models[1].name: duplicate model \"small\""
        ),
        (
            ConfigFixtures.withModels([small.replacingOccurrences(of: "0.1", with: "-0.1"), mid, big]),
            .negativePrice, "routeledger.yaml: models[0].input_price_per_1k: price must be zero or more, got -0.1"
        ),
        (
            ConfigFixtures.withModels([small, mid, big.replacingOccurrences(of: "0.6", with: "-2")]),
            .negativePrice, "routeledger.yaml: models[2].output_price_per_1k: price must be zero or more, got -2.0"
        ),
        (
            ConfigFixtures.withModels([small, mid]),
            .emptyTier, "routeledger.yaml: models: tier \"complex\" has no model"
        ),
        (
            ConfigFixtures.withModels([small, mid, big.replacingOccurrences(of: "complex", with: "hard")]),
            .badTier, "routeledger.yaml: models[2].tier: unknown tier \"hard\" (expected simple, medium or complex)"
        ),
        (
            ConfigFixtures.withModels([small, mid, big.replacingOccurrences(of: "name: big", with: "name: auto")]),
            .reservedName, "routeledger.yaml: models[2].name: \"auto\" is reserved for the default strategy"
        ),
        (
            ConfigFixtures.withModels([small, mid, big.replacingOccurrences(of: "name: big", with: "name: router-big")]),
            .reservedName,
            "routeledger.yaml: models[2].name: names starting with \"router-\" are reserved for threshold routing"
        ),
        (
            ConfigFixtures.withModels([small.replacingOccurrences(of: "tier:", with: "prise: 1, tier:"), mid, big]),
            .unknownKey,
            "routeledger.yaml: models[0].prise: unknown key \"prise\" (expected one of: name, provider, kind, tier, group, tokenizer, "
                + "upstream_model, input_price_per_1k, output_price_per_1k, context_window, max_output_tokens)"
        ),
        (
            ConfigFixtures.withModels([small.replacingOccurrences(of: "provider: openai, ", with: ""), mid, big]),
            .missingKey, "routeledger.yaml: models[0]: missing required key \"provider\""
        ),
        (
            ConfigFixtures.withModels([small.replacingOccurrences(of: "tier:", with: "kind: image, tier:"), mid, big]),
            .badModelKind, "routeledger.yaml: models[0].kind: unknown model kind \"image\" (expected chat or embedding)"
        ),
        (
            ConfigFixtures.withModels([small, mid, big, "{name: emb, provider: openai, kind: embedding, input_price_per_1k: 0.1}"])
                + "\nrouting: {strategy_params: {fixed: {model: emb}}}",
            .badModelKind, "routeledger.yaml: routing.strategy_params.fixed.model: \"emb\" is an embedding model, not a chat model"
        ),
        (
            ConfigFixtures.withModels([small, mid, "{name: emb, provider: openai, kind: embedding, tier: complex, input_price_per_1k: 0.1}"]),
            .emptyTier, "routeledger.yaml: models: tier \"complex\" has no model"
        ),
        (
            ConfigFixtures.withModels([small, mid, big, "{name: emb, provider: claude, kind: embedding, input_price_per_1k: 0.1}"])
                .replacingOccurrences(of: "models:\n", with: "  - {name: claude, kind: anthropic}\nmodels:\n"),
            .invalidValue, "routeledger.yaml: models[3].kind: Anthropic providers serve no embeddings (claude is kind anthropic)"
        ),
    ])
    func modelMistakesAreReportedWithTheirKeyPath(yaml: String, code: ConfigError.Code, message: String) {
        let found = error(yaml)
        #expect(found?.code == code)
        #expect(found?.description == message)
    }

    @Test func aModelsTokenizerIsConfiguredOrFollowsItsFamily() throws {
        func encoding(_ name: String, upstream: String? = nil, tokenizer: EncodingName? = nil) -> EncodingName {
            ModelDefinition(
                name: name, provider: "p", upstreamModel: upstream, tier: .simple, inputPricePer1K: 0, outputPricePer1K: 0,
                contextWindow: 1, tokenizer: tokenizer
            ).encoding
        }
        #expect(encoding("gpt-4o") == .o200kBase)
        #expect(encoding("gpt-4.1-mini") == .o200kBase)
        #expect(encoding("o3-mini") == .o200kBase)
        #expect(encoding("fast", upstream: "gpt-4o-mini") == .o200kBase)
        #expect(encoding("gpt-4") == .cl100kBase)
        #expect(encoding("gpt-3.5-turbo") == .cl100kBase)
        #expect(encoding("qwen-max") == .cl100kBase)
        #expect(encoding("octopus") == .cl100kBase)
        #expect(encoding("qwen-max", tokenizer: .o200kBase) == .o200kBase)
        #expect(encoding("gpt-4o", tokenizer: .cl100kBase) == .cl100kBase)
        let found = error(ConfigFixtures.withModels([
            "{name: small, provider: openai, tier: simple, tokenizer: p50k_base, input_price_per_1k: 0.1, output_price_per_1k: 0.2}",
        ]))
        #expect(found?.description == "routeledger.yaml: models[0].tokenizer: unknown tokenizer \"p50k_base\" (expected cl100k_base or o200k_base)")
    }

    @Test func anAnthropicProviderNeedsNoBaseURLAndItsHealthCheckKeepsDefaults() throws {
        let yaml = ConfigFixtures.minimal.replacingOccurrences(
            of: "models:\n",
            with: "  - {name: claude, kind: anthropic, api_key_env: ANTHROPIC_API_KEY, health_check: {kind: completion, model: sonnet}}\n"
                + "models:\n  - {name: sonnet, provider: claude, tier: complex, input_price_per_1k: 3, output_price_per_1k: 15}\n")
        let config = try RouteledgerConfig.parse(yaml: yaml, file: "routeledger.yaml")
        let claude = try #require(config.catalog.provider(named: "claude"))
        #expect(claude.kind == .anthropic)
        #expect(claude.baseURL == nil)
        #expect(claude.healthCheck == HealthCheckSettings(intervalMs: 30_000, timeoutMs: 5_000, kind: .completion, model: "sonnet"))
        #expect(config.catalog.provider(named: "openai")?.healthCheck == nil)
    }

    @Test(arguments: [
        ("aliases: {a: b, b: a}", ConfigError.Code.aliasLoop, "routeledger.yaml: aliases.a: alias loop a → b → a"),
        ("aliases: {fast: gpt-5}", .unknownModel, "routeledger.yaml: aliases.fast: alias to unknown model \"gpt-5\""),
        ("aliases: {fast: quick, quick: gpt-5}", .unknownModel, "routeledger.yaml: aliases.fast: alias to unknown model \"gpt-5\""),
        ("aliases: {big: small}", .duplicateName, "routeledger.yaml: aliases.big: alias \"big\" has the name of a model"),
        ("fallbacks: {quality: [simple]}", .unknownGroup, "routeledger.yaml: fallbacks.quality: unknown group \"quality\""),
        ("fallbacks: {complex: [medium, fast]}", .unknownGroup, "routeledger.yaml: fallbacks.complex[1]: unknown group \"fast\""),
        ("fallbacks: {complex: [complex]}", .invalidValue, "routeledger.yaml: fallbacks.complex[0]: group \"complex\" falls back to itself"),
        (
            "routing: {default_strategy: cheapest}", .unknownStrategy,
            "routeledger.yaml: routing.default_strategy: unknown strategy \"cheapest\" "
                + "(expected one of: token-length, complexity, threshold, latency, fixed)"
        ),
        (
            "routing: {strategy_params: {threshold: {threshold: 1.5}}}", .invalidValue,
            "routeledger.yaml: routing.strategy_params.threshold.threshold: must be a number between 0 and 1"
        ),
        (
            "routing: {strategy_params: {fixed: {model: gpt-5}}}", .unknownModel,
            "routeledger.yaml: routing.strategy_params.fixed.model: unknown model \"gpt-5\""
        ),
        (
            "routing: {default_strategy: fixed}", .missingKey,
            "routeledger.yaml: routing.strategy_params.fixed: missing required key \"model\" for strategy fixed"
        ),
        (
            "routing: {breaker: {failure_threshold: 0}}", .invalidValue,
            "routeledger.yaml: routing.breaker.failure_threshold: must be at least 1, got 0"
        ),
        (
            "routing: {retries: {count: -1}}", .invalidValue,
            "routeledger.yaml: routing.retries.count: must be between 0 and 10, got -1"
        ),
        (
            "routing: {classifier: {kind: http}}", .missingKey,
            "routeledger.yaml: routing.classifier: missing required key \"url\" for kind http"
        ),
        (
            "routing: {classifier: {kind: http, url: 'localhost:9000'}}", .invalidValue,
            "routeledger.yaml: routing.classifier.url: must start with http:// or https://, got \"localhost:9000\""
        ),
        (
            "routing: {classifier: {kind: lexical, url: 'http://x'}}", .invalidValue,
            "routeledger.yaml: routing.classifier.url: only used by kind http"
        ),
        (
            "routing: {classifier: {kind: http, url: 'http://x', fallback: http}}", .invalidValue,
            "routeledger.yaml: routing.classifier.fallback: must be builtin or lexical: the fallback runs in the gateway"
        ),
        (
            "routing: {classifier: {kind: deberta}}", .invalidValue,
            "routeledger.yaml: routing.classifier.kind: unknown classifier \"deberta\" (expected builtin, lexical or http)"
        ),
        (
            "routing: {classifier: {kind: http, url: 'http://x', timeout_ms: 0}}", .invalidValue,
            "routeledger.yaml: routing.classifier.timeout_ms: must be positive, got 0"
        ),
        (
            "routing: {retries: {cout: 2}}", .unknownKey,
            "routeledger.yaml: routing.retries.cout: unknown key \"cout\" (expected one of: count, backoff_ms, max_backoff_ms)"
        ),
        (
            "server: {port: abc}", .invalidValue, "routeledger.yaml: server.port: expected an integer"
        ),
        (
            "server: {port: 70000}", .invalidValue, "routeledger.yaml: server.port: must be between 0 and 65535, got 70000"
        ),
        (
            "ledger: {durability: sometimes}", .invalidValue,
            "routeledger.yaml: ledger.durability: unknown durability \"sometimes\" (expected normal or full)"
        ),
        (
            "auth: {client_key_envs: CLIENT_KEY}", .invalidValue, "routeledger.yaml: auth.client_key_envs: expected a list"
        ),
        (
            "auth: {client_key_envs: [CLIENT_KEY, sk-live-123]}", .invalidValue,
            "routeledger.yaml: auth.client_key_envs[1]: must be the NAME of an environment variable "
                + "(letters, digits, underscores), not the key itself"
        ),
        (
            "modles: []", .unknownKey,
            "routeledger.yaml: modles: unknown key \"modles\" (expected one of: server, ledger, auth, providers, "
                + "models, aliases, fallbacks, routing, redaction)"
        ),
    ])
    func sectionMistakesAreReportedWithTheirKeyPath(extra: String, code: ConfigError.Code, message: String) {
        let found = error(ConfigFixtures.minimal + extra + "\n")
        #expect(found?.code == code)
        #expect(found?.description == message)
    }

    @Test(arguments: [
        (
            "  - {name: openai, kind: openai, base_url: 'http://x'}", ConfigError.Code.duplicateName,
            "routeledger.yaml: providers[1].name: duplicate provider \"openai\""
        ),
        (
            "  - {name: local, kind: openai}", .missingKey,
            "routeledger.yaml: providers[1]: missing required key \"base_url\" for kind openai"
        ),
        (
            "  - {name: local, kind: openai, base_url: 'localhost:8000'}", .invalidValue,
            "routeledger.yaml: providers[1].base_url: must start with http:// or https://, got \"localhost:8000\""
        ),
        (
            "  - {name: local, kind: openai, base_url: 'http://x', api_key_env: 'sk-proj-abc123'}", .invalidValue,
            "routeledger.yaml: providers[1].api_key_env: must be the NAME of an environment variable "
                + "(letters, digits, underscores), not the key itself"
        ),
        (
            "  - {name: local, kind: openai, base_url: 'http://x', latency_ms: 5}", .invalidValue,
            "routeledger.yaml: providers[1].latency_ms: only allowed for kind simulated"
        ),
        (
            "  - {name: sim, kind: simulated, failure_rate: 1.5}", .invalidValue,
            "routeledger.yaml: providers[1].failure_rate: must be between 0 and 1, got 1.5"
        ),
        (
            "  - {name: sim, kind: fake}", .invalidValue,
            "routeledger.yaml: providers[1].kind: unknown provider kind \"fake\" (expected openai, anthropic or simulated)"
        ),
        (
            "  - {name: local, kind: openai, base_url: 'http://x', default_max_tokens: 100}", .invalidValue,
            "routeledger.yaml: providers[1].default_max_tokens: only allowed for kind anthropic"
        ),
        (
            "  - {name: claude, kind: anthropic, default_max_tokens: 0}", .invalidValue,
            "routeledger.yaml: providers[1].default_max_tokens: must be positive, got 0"
        ),
        (
            "  - {name: claude, kind: anthropic, base_url: 'api.anthropic.com'}", .invalidValue,
            "routeledger.yaml: providers[1].base_url: must start with http:// or https://, got \"api.anthropic.com\""
        ),
        (
            "  - {name: claude, kind: anthropic, health_check: {interval_ms: 10}}", .invalidValue,
            "routeledger.yaml: providers[1].health_check.interval_ms: must be at least 100, got 10"
        ),
        (
            "  - {name: claude, kind: anthropic, health_check: {kind: ping}}", .invalidValue,
            "routeledger.yaml: providers[1].health_check.kind: unknown health check kind \"ping\" (expected models or completion)"
        ),
        (
            "  - {name: claude, kind: anthropic, health_check: {kind: completion}}", .missingKey,
            "routeledger.yaml: providers[1].health_check: a completion probe needs \"model\": claude serves no chat model"
        ),
        (
            "  - {name: claude, kind: anthropic, health_check: {kind: completion, model: small}}", .unknownModel,
            "routeledger.yaml: providers[1].health_check.model: \"small\" is not a chat model served by claude"
        ),
        (
            "  - {name: claude, kind: anthropic, health_check: {model: small}}", .invalidValue,
            "routeledger.yaml: providers[1].health_check.model: only used by kind completion"
        ),
        (
            "  - {name: claude, kind: anthropic, health_check: {timeout_ms: 0}}", .invalidValue,
            "routeledger.yaml: providers[1].health_check.timeout_ms: must be positive, got 0"
        ),
    ])
    func providerMistakesAreReportedWithTheirKeyPath(provider: String, code: ConfigError.Code, message: String) {
        let yaml = ConfigFixtures.minimal.replacingOccurrences(of: "models:\n", with: provider + "\nmodels:\n")
        let found = error(yaml)
        #expect(found?.code == code)
        #expect(found?.description == message)
    }

    @Test(arguments: [
        ("models:\n  - {name: mini, provider: openai2, tier: simple, input_price_per_1k: 1, output_price_per_1k: 1}\n", "models[0].provider", 2, 18),
        ("aliases:\n  gpt-4.1: gpt-5\n", "aliases.gpt-4.1", 11, 3),
        ("routing:\n  retries:\n    cout: 2\n", "routing.retries.cout", 12, 5),
        ("server:\n  port: abc\n", "server.port", 11, 3),
    ])
    func errorsCarryTheLineOfTheKeyAtFault(extra: String, keyPath: String, line: Int, column: Int) {
        let yaml = keyPath.hasPrefix("models") ? extra : ConfigFixtures.minimal + extra
        let found = error(yaml)
        #expect(found?.keyPath == keyPath)
        #expect(found?.line == line)
        #expect(found?.column == column)
    }

    @Test func malformedYAMLNamesTheLine() {
        let found = error("server:\n  port: 8080\n  host: [127.0.0.1\n")
        #expect(found?.code == .malformedYAML)
        #expect(found?.line == 4)
        #expect(found?.column == 1)
        #expect(found?.description == "routeledger.yaml:4:1: malformed YAML: did not find expected ',' or ']'")
    }

    @Test func duplicateYAMLKeysAreMalformed() {
        let found = error("server:\n  port: 8080\n  port: 9090\n")
        #expect(found?.code == .malformedYAML)
        #expect(found?.description == "routeledger.yaml:2:3: malformed YAML: duplicate key \"port\"")
    }

    @Test func missingFileIsUnreadable() {
        #expect(throws: ConfigError.self) { try RouteledgerConfig.load(path: "/nonexistent/routeledger.yaml") }
        do {
            _ = try RouteledgerConfig.load(path: "/nonexistent/routeledger.yaml")
        } catch {
            #expect(error.code == .unreadableFile)
            #expect(error.file == "/nonexistent/routeledger.yaml")
        }
    }
}
