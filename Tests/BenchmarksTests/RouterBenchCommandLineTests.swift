import CommandLineHarness
import Foundation
import Testing

/// `routeledger-bench router --json` of the real executable, with small sizes.
@Suite struct RouterBenchCommandLineTests {
    private struct Result: Decodable {
        struct Tokenizer: Decodable {
            var encoding: String
            var tokens: Int
            var mbPerS: Double
            var tiktokenTokens: Int?
            var sameIdsAsTiktoken: Bool?
        }

        struct Strategy: Decodable {
            var strategy: String
            var decisionsPerS: Double
            var usPerDecision: Double
        }

        var textBytes: Int
        var tiktokenVersion: String?
        var tiktokenError: String?
        var tokenizers: [Tokenizer]
        var decisionsPerStrategy: Int
        var strategies: [Strategy]
    }

    @Test func printsPositiveFiguresForBothEncodingsAndEveryStrategy() async throws {
        let output = try await CommandLineRunner("routeledger-bench").run(
            ["router", "--json", "--megabytes", "0.2", "--decisions", "2000", "--runs", "1"])
        #expect(output.status == 0, "\(output.stderr)")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let result = try decoder.decode(Result.self, from: Data(output.stdout.utf8))
        #expect(result.textBytes >= 200_000)
        #expect(result.tokenizers.map(\.encoding) == ["cl100k_base", "o200k_base"])
        for tokenizer in result.tokenizers {
            #expect(tokenizer.tokens > 20_000)
            #expect(tokenizer.mbPerS > 0)
        }
        // o200k_base's larger vocabulary needs fewer tokens for the same text.
        #expect(result.tokenizers[1].tokens < result.tokenizers[0].tokens)
        if result.tiktokenVersion != nil {
            #expect(result.tokenizers.allSatisfy { $0.sameIdsAsTiktoken == true && $0.tiktokenTokens == $0.tokens })
        } else {
            #expect(result.tiktokenError?.isEmpty == false)
            #expect(result.tokenizers.allSatisfy { $0.sameIdsAsTiktoken == nil })
        }
        #expect(result.decisionsPerStrategy == 2_000)
        #expect(result.strategies.map(\.strategy) == ["token-length", "complexity", "threshold", "latency", "fixed"])
        for strategy in result.strategies {
            #expect(strategy.decisionsPerS > 0)
            #expect(strategy.usPerDecision > 0)
        }
    }
}
