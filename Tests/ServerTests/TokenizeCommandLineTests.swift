import CommandLineHarness
import Foundation
import Testing

/// `routeledger tokenize` of the real executable: JSON output and the unknown-encoding error.
@Suite struct TokenizeCommandLineTests {
    private struct Output: Decodable, Equatable {
        var count: Int
        var encoding: String
        var ids: [Int]
    }

    @Test func printsCountEncodingAndIdsOfStandardInput() async throws {
        let output = try await CommandLineRunner().run(["tokenize", "--encoding", "o200k_base"], input: Data("Hello world".utf8))
        #expect(output.status == 0)
        #expect(output.stdout == #"{"count":2,"encoding":"o200k_base","ids":[13225,2375]}"# + "\n")
    }

    @Test func defaultsToCl100kBase() async throws {
        let output = try await CommandLineRunner().run(["tokenize"], input: Data("Hello world".utf8))
        #expect(output.status == 0)
        let decoded = try JSONDecoder().decode(Output.self, from: Data(output.stdout.utf8))
        #expect(decoded == Output(count: 2, encoding: "cl100k_base", ids: [9906, 1917]))
    }

    @Test func largeInputIsReadToTheEnd() async throws {
        let text = String(repeating: "Hello world ", count: 50_000)
        let output = try await CommandLineRunner().run(["tokenize"], input: Data(text.utf8))
        #expect(output.status == 0)
        let decoded = try JSONDecoder().decode(Output.self, from: Data(output.stdout.utf8))
        #expect(decoded.count == 100_001)
        #expect(decoded.ids.count == decoded.count)
    }

    @Test func unknownEncodingIsAnErrorWithNonZeroExit() async throws {
        let output = try await CommandLineRunner().run(["tokenize", "--encoding", "p50k_base"], input: Data("x".utf8))
        #expect(output.status != 0)
        #expect(output.stdout.isEmpty)
        #expect(output.stderr.contains("unknown encoding 'p50k_base'"))
    }
}
