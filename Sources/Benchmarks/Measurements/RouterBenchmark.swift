import DomainEvents
import Foundation
import Router
import TrafficFixtures

/// `routeledger-bench router`: tokenizer throughput (ours and pip tiktoken's on the same text) and
/// routing decisions per second per strategy, single-threaded.
struct RouterBenchmark {
    /// Size of the mixed text encoded, in MB (10^6 bytes).
    var megabytes: Double
    /// How many decisions are timed per strategy.
    var decisions: Int
    /// Timed runs per encoding; the best is reported.
    var runs: Int
    /// Where the text and rank files for tiktoken are written.
    var directory: URL

    /// The issue's targets: at least tiktoken's speed, and at least 50,000 decisions/s.
    static let decisionsPerSecondTarget = 50_000.0

    /// The requests each strategy is timed with: the model asked for (nil = the default strategy).
    static let strategies: [(name: String, defaultStrategy: String, requestedModel: String?)] = [
        ("token-length", "token-length", nil),
        ("complexity", "complexity", nil),
        ("threshold", "complexity", "router-complexity-0.5"),
        ("latency", "latency", nil),
        ("fixed", "fixed", nil),
    ]

    /// p50 latencies (ms) handed to the `latency` strategy.
    static let latencySnapshot: [String: Double] = [
        "gpt-4o-mini": 420, "qwen-turbo": 380, "claude-3-5-haiku": 650, "qwen-plus": 700, "gpt-4o": 900, "qwen-max": 1_100,
    ]

    struct Result: Encodable {
        var textBytes: Int
        var runs: Int
        var tiktokenVersion: String?
        /// Why tiktoken's figures are missing, if they are.
        var tiktokenError: String?
        var tokenizers: [TokenizerFigures]
        var promptBytes: Int
        var decisionsPerStrategy: Int
        var decisionsPerSecondTarget: Double
        var strategies: [StrategyFigures]

        enum CodingKeys: String, CodingKey {
            case runs, tokenizers, strategies
            case textBytes = "text_bytes"
            case tiktokenVersion = "tiktoken_version"
            case tiktokenError = "tiktoken_error"
            case promptBytes = "prompt_bytes"
            case decisionsPerStrategy = "decisions_per_strategy"
            case decisionsPerSecondTarget = "decisions_per_s_target"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(textBytes, forKey: .textBytes)
            try container.encode(runs, forKey: .runs)
            try container.encode(tiktokenVersion, forKey: .tiktokenVersion)
            try container.encode(tiktokenError, forKey: .tiktokenError)
            try container.encode(tokenizers, forKey: .tokenizers)
            try container.encode(promptBytes, forKey: .promptBytes)
            try container.encode(decisionsPerStrategy, forKey: .decisionsPerStrategy)
            try container.encode(decisionsPerSecondTarget, forKey: .decisionsPerSecondTarget)
            try container.encode(strategies, forKey: .strategies)
        }
    }

    /// One encoding's figures; the tiktoken ones are `null` when tiktoken could not run.
    struct TokenizerFigures: Encodable {
        var encoding: String
        var tokens: Int
        var megabytesPerSecond: Double
        var idsHash: String
        var tiktokenTokens: Int?
        var tiktokenMegabytesPerSecond: Double?
        var tiktokenIdsHash: String?
        /// Whether tiktoken gave the same ids (count and hash); `null` without tiktoken.
        var sameIDsAsTiktoken: Bool?
        /// Whether ours is at least as fast as tiktoken; `null` without tiktoken.
        var meetsTarget: Bool?

        enum CodingKeys: String, CodingKey {
            case encoding, tokens
            case megabytesPerSecond = "mb_per_s"
            case idsHash = "ids_hash"
            case tiktokenTokens = "tiktoken_tokens"
            case tiktokenMegabytesPerSecond = "tiktoken_mb_per_s"
            case tiktokenIdsHash = "tiktoken_ids_hash"
            case sameIDsAsTiktoken = "same_ids_as_tiktoken"
            case meetsTarget = "meets_target"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(encoding, forKey: .encoding)
            try container.encode(tokens, forKey: .tokens)
            try container.encode(megabytesPerSecond, forKey: .megabytesPerSecond)
            try container.encode(idsHash, forKey: .idsHash)
            try container.encode(tiktokenTokens, forKey: .tiktokenTokens)
            try container.encode(tiktokenMegabytesPerSecond, forKey: .tiktokenMegabytesPerSecond)
            try container.encode(tiktokenIdsHash, forKey: .tiktokenIdsHash)
            try container.encode(sameIDsAsTiktoken, forKey: .sameIDsAsTiktoken)
            try container.encode(meetsTarget, forKey: .meetsTarget)
        }
    }

    /// One strategy's decision rate.
    struct StrategyFigures: Encodable {
        var strategy: String
        var requestedModel: String?
        var decisionsPerSecond: Double
        var microsecondsPerDecision: Double
        var meetsTarget: Bool

        enum CodingKeys: String, CodingKey {
            case strategy
            case requestedModel = "requested_model"
            case decisionsPerSecond = "decisions_per_s"
            case microsecondsPerDecision = "us_per_decision"
            case meetsTarget = "meets_target"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(strategy, forKey: .strategy)
            try container.encode(requestedModel, forKey: .requestedModel)
            try container.encode(decisionsPerSecond, forKey: .decisionsPerSecond)
            try container.encode(microsecondsPerDecision, forKey: .microsecondsPerDecision)
            try container.encode(meetsTarget, forKey: .meetsTarget)
        }
    }

    func run(log: (String) -> Void) async throws -> Result {
        let text = BenchmarkText.mixed(bytes: Int(megabytes * 1_000_000), seed: 42)
        let bytes = text.utf8.count
        log("generated \(bytes) bytes of mixed text")
        let tiktoken = await TiktokenRunner(directory: directory, runs: runs).run(text: text)
        log(tiktoken.error.map { "tiktoken: \($0)" } ?? "tiktoken \(tiktoken.version ?? "?") timed")
        let tokenizers = EncodingName.allCases.map { name in
            let figures = tokenizerFigures(name, text: text, tiktoken: tiktoken.encodings?[name.rawValue])
            log(String(format: "%@: %.1f MB/s", name.rawValue, figures.megabytesPerSecond))
            return figures
        }

        let prompts = BenchmarkText.prompts(count: 500, seed: 7)
        let promptBytes = prompts.reduce(0) { $0 + $1.reduce(0) { $0 + $1.content.utf8.count } } / prompts.count
        var strategies: [StrategyFigures] = []
        for strategy in Self.strategies {
            let figures = try strategyFigures(strategy, prompts: prompts)
            log(String(format: "%@: %.0f decisions/s", strategy.name, figures.decisionsPerSecond))
            strategies.append(figures)
        }
        return Result(
            textBytes: bytes, runs: runs, tiktokenVersion: tiktoken.version, tiktokenError: tiktoken.error,
            tokenizers: tokenizers, promptBytes: promptBytes, decisionsPerStrategy: decisions,
            decisionsPerSecondTarget: Self.decisionsPerSecondTarget, strategies: strategies)
    }

    /// Encodes `text` once to warm up, then `runs` times; the best run gives MB/s.
    private func tokenizerFigures(
        _ name: EncodingName, text: String, tiktoken: TiktokenRunner.Measurement?
    ) -> TokenizerFigures {
        let tokenizer = Tokenizer.shared(name)
        var ids = tokenizer.encode(text)
        var best = Double.infinity
        for _ in 0..<runs {
            let start = ContinuousClock.now
            ids = tokenizer.encode(text)
            best = min(best, (ContinuousClock.now - start).seconds)
        }
        let megabytes = Double(text.utf8.count) / 1e6
        let rate = megabytes / best
        let hash = TiktokenRunner.idsHash(ids)
        let tiktokenRate = tiktoken.map { (megabytes / $0.seconds).rounded(to: 2) }
        return TokenizerFigures(
            encoding: name.rawValue, tokens: ids.count, megabytesPerSecond: rate.rounded(to: 2), idsHash: hash,
            tiktokenTokens: tiktoken?.tokens, tiktokenMegabytesPerSecond: tiktokenRate, tiktokenIdsHash: tiktoken?.idsHash,
            sameIDsAsTiktoken: tiktoken.map { $0.tokens == ids.count && $0.idsHash == hash },
            meetsTarget: tiktokenRate.map { rate.rounded(to: 2) >= $0 })
    }

    /// Routes every prompt once to warm up, then times `decisions` routes cycling through the prompts.
    private func strategyFigures(
        _ strategy: (name: String, defaultStrategy: String, requestedModel: String?), prompts: [[ChatMessage]]
    ) throws -> StrategyFigures {
        var config = RouteledgerConfig.builtIn
        config.routing.defaultStrategy = strategy.defaultStrategy
        let router = RequestRouter(config: config)
        var chosen = 0
        for messages in prompts {
            chosen &+= try router.route(
                messages: messages, requestedModel: strategy.requestedModel, latencySnapshot: Self.latencySnapshot
            ).chosenModel.utf8.count
        }
        let start = ContinuousClock.now
        for index in 0..<decisions {
            chosen &+= try router.route(
                messages: prompts[index % prompts.count], requestedModel: strategy.requestedModel,
                latencySnapshot: Self.latencySnapshot
            ).chosenModel.utf8.count
        }
        let seconds = (ContinuousClock.now - start).seconds
        precondition(chosen > 0, "every decision names a model")
        let rate = Double(decisions) / seconds
        return StrategyFigures(
            strategy: strategy.name, requestedModel: strategy.requestedModel, decisionsPerSecond: rate.rounded(),
            microsecondsPerDecision: (seconds * 1e6 / Double(decisions)).rounded(to: 2),
            meetsTarget: rate >= Self.decisionsPerSecondTarget)
    }
}
