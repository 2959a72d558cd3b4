/// Checks a decoded configuration for mistakes decoding cannot see: names that refer to nothing,
/// duplicates, negative prices, alias loops, empty tiers, out-of-range numbers.
///
/// Reports the first problem, checking sections in a fixed order (server, auth, providers, models,
/// aliases, fallbacks, routing), located by key path.
struct ConfigValidator {
    let config: RouteledgerConfig
    let file: String

    private var catalog: ModelCatalog { config.catalog }

    func validate() throws(ConfigError) {
        try validateServer()
        try validateEnvironmentVariableName(config.ledger.urlEnv, at: "ledger.url_env")
        try validateAuth()
        try validateProviders()
        try validateModels()
        try validateAliases()
        try validateFallbacks()
        try validateRouting()
    }

    private func fail(_ code: ConfigError.Code, _ keyPath: String, _ reason: String) -> ConfigError {
        ConfigError(code, file: file, keyPath: keyPath, reason: reason)
    }

    private func validateServer() throws(ConfigError) {
        guard (0...65_535).contains(config.server.port) else {
            throw fail(.invalidValue, "server.port", "must be between 0 and 65535, got \(config.server.port)")
        }
        guard config.server.maxBodyBytes > 0 else {
            throw fail(.invalidValue, "server.max_body_bytes", "must be positive, got \(config.server.maxBodyBytes)")
        }
    }

    private func validateAuth() throws(ConfigError) {
        for (index, name) in config.auth.clientKeyEnvs.enumerated() {
            try validateEnvironmentVariableName(name, at: "auth.client_key_envs[\(index)]")
        }
        if let name = config.auth.adminKeyEnv {
            try validateEnvironmentVariableName(name, at: "auth.admin_key_env")
        }
    }

    /// Refuses anything but a variable name, so a key pasted by mistake is never hashed, logged or
    /// recorded (and the message does not repeat it).
    private func validateEnvironmentVariableName(_ name: String, at path: String) throws(ConfigError) {
        guard EnvironmentVariableName.isValid(name) else {
            throw fail(
                .invalidValue, path,
                "must be the NAME of an environment variable (letters, digits, underscores), not the key itself"
            )
        }
    }

    private func validateProviders() throws(ConfigError) {
        var seen: Set<String> = []
        for (index, provider) in catalog.providers.enumerated() {
            let path = "providers[\(index)]"
            guard !provider.name.isEmpty else { throw fail(.invalidValue, "\(path).name", "must not be empty") }
            guard seen.insert(provider.name).inserted else {
                throw fail(.duplicateName, "\(path).name", "duplicate provider \"\(provider.name)\"")
            }
            guard provider.timeoutMs > 0 else {
                throw fail(.invalidValue, "\(path).timeout_ms", "must be positive, got \(provider.timeoutMs)")
            }
            if let variable = provider.apiKeyEnv {
                try validateEnvironmentVariableName(variable, at: "\(path).api_key_env")
            }
            switch provider.kind {
            case .openai, .anthropic: try validateNetworkProvider(provider, path: path)
            case .simulated: try validateSimulatedProvider(provider, path: path)
            }
            if provider.kind != .anthropic {
                let anthropicOnly: [(String, Bool)] = [
                    ("anthropic_version", provider.anthropicVersion != nil),
                    ("default_max_tokens", provider.defaultMaxTokens != nil),
                ]
                if let (key, _) = anthropicOnly.first(where: { $0.1 }) {
                    throw fail(.invalidValue, "\(path).\(key)", "only allowed for kind anthropic")
                }
            }
            if let check = provider.healthCheck { try validateHealthCheck(check, of: provider, path: "\(path).health_check") }
        }
    }

    /// An `openai` provider needs its `base_url`; an `anthropic` one defaults to Anthropic's API.
    private func validateNetworkProvider(_ provider: ProviderDefinition, path: String) throws(ConfigError) {
        if provider.kind == .openai, provider.baseURL == nil {
            throw fail(.missingKey, path, "missing required key \"base_url\" for kind openai")
        }
        if let baseURL = provider.baseURL, !(baseURL.hasPrefix("http://") || baseURL.hasPrefix("https://")) {
            throw fail(.invalidValue, "\(path).base_url", "must start with http:// or https://, got \"\(baseURL)\"")
        }
        let simulatedOnly: [(String, Bool)] = [
            ("latency_ms", provider.latencyMs != nil), ("ttft_ms", provider.ttftMs != nil),
            ("failure_rate", provider.failureRate != nil),
        ]
        if let (key, _) = simulatedOnly.first(where: { $0.1 }) {
            throw fail(.invalidValue, "\(path).\(key)", "only allowed for kind simulated")
        }
        if let maxTokens = provider.defaultMaxTokens, maxTokens <= 0 {
            throw fail(.invalidValue, "\(path).default_max_tokens", "must be positive, got \(maxTokens)")
        }
        if let version = provider.anthropicVersion, version.isEmpty {
            throw fail(.invalidValue, "\(path).anthropic_version", "must not be empty")
        }
    }

    private func validateHealthCheck(
        _ check: HealthCheckSettings, of provider: ProviderDefinition, path: String
    ) throws(ConfigError) {
        guard check.intervalMs >= HealthCheckSettings.minimumIntervalMs else {
            throw fail(
                .invalidValue, "\(path).interval_ms",
                "must be at least \(HealthCheckSettings.minimumIntervalMs), got \(check.intervalMs)")
        }
        guard check.timeoutMs > 0 else {
            throw fail(.invalidValue, "\(path).timeout_ms", "must be positive, got \(check.timeoutMs)")
        }
        guard let name = check.model else {
            if check.kind == .completion,
                catalog.firstChatModel(servedBy: provider.name) == nil
            {
                throw fail(.missingKey, path, "a completion probe needs \"model\": \(provider.name) serves no chat model")
            }
            return
        }
        guard check.kind == .completion else {
            throw fail(.invalidValue, "\(path).model", "only used by kind completion")
        }
        guard let model = catalog.model(named: name), model.provider == provider.name, model.kind == .chat else {
            throw fail(.unknownModel, "\(path).model", "\"\(name)\" is not a chat model served by \(provider.name)")
        }
    }

    private func validateSimulatedProvider(_ provider: ProviderDefinition, path: String) throws(ConfigError) {
        if provider.baseURL != nil {
            throw fail(.invalidValue, "\(path).base_url", "not used by kind simulated")
        }
        if let latency = provider.latencyMs, latency < 0 {
            throw fail(.invalidValue, "\(path).latency_ms", "must not be negative, got \(latency)")
        }
        if let ttft = provider.ttftMs, ttft < 0 {
            throw fail(.invalidValue, "\(path).ttft_ms", "must not be negative, got \(ttft)")
        }
        if let rate = provider.failureRate, !(0...1).contains(rate) {
            throw fail(.invalidValue, "\(path).failure_rate", "must be between 0 and 1, got \(rate)")
        }
    }

    private func validateModels() throws(ConfigError) {
        var seen: Set<String> = []
        for (index, model) in catalog.models.enumerated() {
            let path = "models[\(index)]"
            guard !model.name.isEmpty else { throw fail(.invalidValue, "\(path).name", "must not be empty") }
            if let reason = ModelNameRules.reservedReason(model.name) {
                throw fail(.reservedName, "\(path).name", reason)
            }
            guard seen.insert(model.name).inserted else {
                throw fail(.duplicateName, "\(path).name", "duplicate model \"\(model.name)\"")
            }
            guard let provider = catalog.provider(named: model.provider) else {
                throw fail(.unknownProvider, "\(path).provider", "unknown provider \"\(model.provider)\"")
            }
            if model.kind == .embedding, provider.kind == .anthropic {
                throw fail(.invalidValue, "\(path).kind", "Anthropic providers serve no embeddings (\(provider.name) is kind anthropic)")
            }
            for (key, price) in [("input_price_per_1k", model.inputPricePer1K), ("output_price_per_1k", model.outputPricePer1K)]
            where price < 0 || !price.isFinite {
                throw fail(.negativePrice, "\(path).\(key)", "price must be zero or more, got \(price)")
            }
            guard model.contextWindow > 0 else {
                throw fail(.invalidValue, "\(path).context_window", "must be positive, got \(model.contextWindow)")
            }
        }
        for tier in Tier.allCases where catalog.models(in: tier).isEmpty {
            throw fail(.emptyTier, "models", "tier \"\(tier.rawValue)\" has no model")
        }
    }

    private func validateAliases() throws(ConfigError) {
        let modelNames = Set(catalog.models.map(\.name))
        for alias in catalog.aliases.keys.sorted() {
            let path = "aliases.\(alias)"
            if let reason = ModelNameRules.reservedReason(alias) { throw fail(.reservedName, path, reason) }
            guard !modelNames.contains(alias) else {
                throw fail(.duplicateName, path, "alias \"\(alias)\" has the name of a model")
            }
            var chain = [alias]
            var current = alias
            while let target = catalog.aliases[current] {
                if chain.contains(target) {
                    throw fail(.aliasLoop, path, "alias loop \((chain + [target]).joined(separator: " → "))")
                }
                chain.append(target)
                current = target
            }
            guard modelNames.contains(current) else {
                throw fail(.unknownModel, path, "alias to unknown model \"\(current)\"")
            }
        }
    }

    private func validateFallbacks() throws(ConfigError) {
        let groups = catalog.groups
        for group in catalog.fallbacks.keys.sorted() {
            let path = "fallbacks.\(group)"
            guard groups.contains(group) else { throw fail(.unknownGroup, path, "unknown group \"\(group)\"") }
            for (index, target) in (catalog.fallbacks[group] ?? []).enumerated() {
                guard groups.contains(target) else {
                    throw fail(.unknownGroup, "\(path)[\(index)]", "unknown group \"\(target)\"")
                }
                guard target != group else {
                    throw fail(.invalidValue, "\(path)[\(index)]", "group \"\(group)\" falls back to itself")
                }
            }
        }
    }

    private func validateClassifier(_ classifier: ClassifierSettings) throws(ConfigError) {
        let path = "routing.classifier"
        if classifier.kind == .http {
            guard let url = classifier.url else { throw fail(.missingKey, path, "missing required key \"url\" for kind http") }
            guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
                throw fail(.invalidValue, "\(path).url", "must start with http:// or https://, got \"\(url)\"")
            }
            guard classifier.timeoutMs > 0 else {
                throw fail(.invalidValue, "\(path).timeout_ms", "must be positive, got \(classifier.timeoutMs)")
            }
        } else if classifier.url != nil {
            throw fail(.invalidValue, "\(path).url", "only used by kind http")
        }
        guard classifier.fallback != .http else {
            throw fail(.invalidValue, "\(path).fallback", "must be builtin or lexical: the fallback runs in the gateway")
        }
    }

    private func validateRouting() throws(ConfigError) {
        if let classifier = config.routing.classifier {
            try validateClassifier(classifier)
        }
        let routing = config.routing
        let known = RoutingSettings.strategyNames
        guard known.contains(routing.defaultStrategy) else {
            throw fail(
                .unknownStrategy, "routing.default_strategy",
                "unknown strategy \"\(routing.defaultStrategy)\" (expected one of: \(known.joined(separator: ", ")))"
            )
        }
        for strategy in routing.strategyParams.keys.sorted() {
            guard known.contains(strategy) else {
                throw fail(
                    .unknownStrategy, "routing.strategy_params.\(strategy)",
                    "unknown strategy \"\(strategy)\" (expected one of: \(known.joined(separator: ", ")))"
                )
            }
        }
        try validateThresholdParams(routing.params(for: "threshold"))
        try validateFixedParams(routing.params(for: "fixed"), isDefault: routing.defaultStrategy == "fixed")
        try validateBreakerAndRetries(routing)
    }

    private func validateThresholdParams(_ params: [String: StrategyParameter]) throws(ConfigError) {
        let path = "routing.strategy_params.threshold"
        if let value = params["threshold"] {
            guard let threshold = value.number, (0...1).contains(threshold) else {
                throw fail(.invalidValue, "\(path).threshold", "must be a number between 0 and 1")
            }
        }
        if let value = params["scorer"] {
            guard let name = value.text, ThresholdScorer(rawValue: name) != nil else {
                let scorers = ThresholdScorer.allCases.map(\.rawValue).joined(separator: ", ")
                throw fail(.invalidValue, "\(path).scorer", "unknown scorer (expected one of: \(scorers))")
            }
        }
    }

    private func validateFixedParams(_ params: [String: StrategyParameter], isDefault: Bool) throws(ConfigError) {
        let path = "routing.strategy_params.fixed"
        guard let value = params["model"] else {
            if isDefault { throw fail(.missingKey, path, "missing required key \"model\" for strategy fixed") }
            return
        }
        guard let name = value.text, let model = catalog.model(named: name) else {
            throw fail(.unknownModel, "\(path).model", "unknown model \"\(value.text ?? "")\"")
        }
        guard model.kind == .chat else {
            throw fail(.badModelKind, "\(path).model", "\"\(name)\" is an embedding model, not a chat model")
        }
    }

    private func validateBreakerAndRetries(_ routing: RoutingSettings) throws(ConfigError) {
        guard routing.breaker.failureThreshold >= 1 else {
            throw fail(.invalidValue, "routing.breaker.failure_threshold", "must be at least 1, got \(routing.breaker.failureThreshold)")
        }
        guard routing.breaker.cooldownMs >= 0 else {
            throw fail(.invalidValue, "routing.breaker.cooldown_ms", "must not be negative, got \(routing.breaker.cooldownMs)")
        }
        guard (0...RetryPolicy.maxCount).contains(routing.retries.count) else {
            throw fail(
                .invalidValue, "routing.retries.count",
                "must be between 0 and \(RetryPolicy.maxCount), got \(routing.retries.count)"
            )
        }
        guard routing.retries.backoffMs >= 0 else {
            throw fail(.invalidValue, "routing.retries.backoff_ms", "must not be negative, got \(routing.retries.backoffMs)")
        }
        guard routing.retries.maxBackoffMs >= routing.retries.backoffMs else {
            throw fail(.invalidValue, "routing.retries.max_backoff_ms", "must be at least backoff_ms (\(routing.retries.backoffMs))")
        }
    }
}
