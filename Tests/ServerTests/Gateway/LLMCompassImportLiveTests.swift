import CommandLineHarness
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Server

/// An llm-compass `data/call_history.jsonl`, written by hand, imported with `routeledger import`
/// and served: `/stats` gives exactly llm-compass's `/stats` for the file, and `/stats/raw` gives
/// back its records, newest first, sliced as llm-compass sliced them.
@Suite struct LLMCompassImportLiveTests {
    /// A dozen records: a missing tier, a missing task type, a missing routing latency, a fallback
    /// record with keys of its own, a user-specified model, unicode, Python timestamps.
    static let callHistory = #"""
{"timestamp": "2025-03-01T09:15:00.123456", "request": {"messages": [{"role": "user", "content": "What is 2+2?"}], "temperature": 0.7, "max_tokens": 256, "stream": false, "user_specified_model": null}, "routing": {"method": "complexity", "query": "What is 2+2?", "routing_latency_ms": 0.42, "tier": "simple", "complexity_score": 0.08, "task_type": "Closed QA", "domain_knowledge": 0.0, "reasoning": 0.1, "creativity": 0.0}, "llm": {"model": "qwen-turbo", "response_id": "chatcmpl-001", "response_content": "4", "input_tokens": 12, "output_tokens": 1, "total_tokens": 13, "cost_usd": 4.2e-06, "llm_latency_ms": 312.5}}
{"timestamp": "2025-03-01T09:16:10.5", "request": {"messages": [{"role": "system", "content": "You are terse."}, {"role": "user", "content": "写一首关于春天的短诗 🌸"}], "temperature": 0.9, "max_tokens": 512, "stream": false, "user_specified_model": null}, "routing": {"method": "complexity", "query": "写一首关于春天的短诗 🌸", "routing_latency_ms": 1.87, "tier": "medium", "complexity_score": 0.41, "task_type": "Text Generation", "domain_knowledge": 0.1, "reasoning": 0.2, "creativity": 0.9}, "llm": {"model": "qwen-plus", "response_id": "chatcmpl-002", "response_content": "春风拂面，花开满园。🌸", "input_tokens": 31, "output_tokens": 18, "total_tokens": 49, "cost_usd": 6.08e-05, "llm_latency_ms": 1204.25}}
{"timestamp": "2025-03-01T09:20:00", "request": {"messages": [{"role": "user", "content": "Refactor this function to be async: def f(): return g()"}], "temperature": 0.2, "max_tokens": 1024, "stream": true, "user_specified_model": null}, "routing": {"method": "complexity", "query": "Refactor this function to be async: def f(): return g()", "routing_latency_ms": 2.5, "tier": "complex", "complexity_score": 0.71, "task_type": "Code Generation", "domain_knowledge": 0.6, "reasoning": 0.7, "creativity": 0.2}, "llm": {"model": "qwen-max", "response_id": "chatcmpl-003", "response_content": "async def f():\n    return await g()", "input_tokens": 22, "output_tokens": 15, "total_tokens": 37, "cost_usd": 0.0001968, "llm_latency_ms": 2210.0}}
{"timestamp": "2025-03-01T10:00:00.000001", "request": {"messages": [{"role": "user", "content": "Summarize: the quick brown fox jumps over the lazy dog."}], "temperature": null, "max_tokens": null, "stream": false, "user_specified_model": null}, "routing": {"method": "token_length", "query": "Summarize: the quick brown fox jumps over the lazy dog.", "routing_latency_ms": 0.05, "complexity_score": 0.2, "task_type": "Summarization", "domain_knowledge": 0.0, "reasoning": 0.1, "creativity": 0.1}, "llm": {"model": "qwen-turbo", "response_id": "chatcmpl-004", "response_content": "A fox jumps over a dog.", "input_tokens": 19, "output_tokens": 7, "total_tokens": 26, "cost_usd": 9.9e-06, "llm_latency_ms": 401.75}}
{"timestamp": "2025-03-01T10:05:00.25", "request": {"messages": [{"role": "user", "content": "Explain quantum entanglement to a physicist."}], "temperature": 0.5, "max_tokens": 2048, "stream": false, "user_specified_model": "qwen-max"}, "routing": {"method": "user_specified", "query": "Explain quantum entanglement to a physicist.", "routing_latency_ms": 0.01, "tier": "complex", "complexity_score": 0.88, "task_type": "Open QA", "domain_knowledge": 0.95, "reasoning": 0.8, "creativity": 0.1}, "llm": {"model": "qwen-max", "response_id": "chatcmpl-005", "response_content": "Entanglement is a correlation…", "input_tokens": 14, "output_tokens": 420, "total_tokens": 434, "cost_usd": 0.0040656, "llm_latency_ms": 8123.5}}
{"timestamp": "2025-03-01T10:06:30.5", "request": {"messages": [{"role": "user", "content": "Translate to French: good morning"}], "temperature": 0.3, "max_tokens": 64, "stream": false, "user_specified_model": null}, "routing": {"method": "fallback", "query": "Translate to French: good morning", "routing_latency_ms": 0.9, "tier": "simple", "complexity_score": 0.12, "task_type": "Rewrite", "domain_knowledge": 0.0, "reasoning": 0.0, "creativity": 0.1, "fallback_from": "qwen-turbo", "fallback_reason": "qwen-turbo returned 503"}, "llm": {"model": "qwen-plus", "response_id": "chatcmpl-006", "response_content": "Bonjour", "input_tokens": 11, "output_tokens": 3, "total_tokens": 14, "cost_usd": 1.48e-05, "llm_latency_ms": 950.0}}
{"timestamp": "2025-03-01T11:00:00", "request": {"messages": [{"role": "user", "content": "List three prime numbers."}], "temperature": 0.0, "max_tokens": 32, "stream": false, "user_specified_model": null}, "routing": {"method": "complexity", "query": "List three prime numbers.", "routing_latency_ms": 0.33, "tier": "simple", "complexity_score": 0.05, "task_type": "Closed QA", "domain_knowledge": 0.1, "reasoning": 0.2, "creativity": 0.0}, "llm": {"model": "qwen-turbo", "response_id": "chatcmpl-007", "response_content": "2, 3, 5", "input_tokens": 9, "output_tokens": 5, "total_tokens": 14, "cost_usd": 5.7e-06, "llm_latency_ms": 280.0}}
{"timestamp": "2025-03-01T11:30:00.75", "request": {"messages": [{"role": "user", "content": "Brainstorm names for a café ☕ in Zürich"}], "temperature": 1.0, "max_tokens": 300, "stream": true, "user_specified_model": null}, "routing": {"method": "complexity", "query": "Brainstorm names for a café ☕ in Zürich", "routing_latency_ms": 1.1, "tier": "medium", "complexity_score": 0.38, "task_type": "Brainstorming", "domain_knowledge": 0.1, "reasoning": 0.1, "creativity": 0.95}, "llm": {"model": "qwen-plus", "response_id": "chatcmpl-008", "response_content": "Bohnenglück, Zürikaffi, Limmat Roast", "input_tokens": 16, "output_tokens": 12, "total_tokens": 28, "cost_usd": 3.68e-05, "llm_latency_ms": 1500.5}}
{"timestamp": "2025-03-01T12:00:00", "request": {"messages": [{"role": "user", "content": "hi"}], "temperature": 0.7, "max_tokens": null, "stream": false, "user_specified_model": null}, "routing": {"method": "complexity", "query": "hi", "tier": "simple", "complexity_score": 0.0, "domain_knowledge": 0.0, "reasoning": 0.0, "creativity": 0.0}, "llm": {"model": "qwen-turbo", "response_id": "chatcmpl-009", "response_content": "Hello! How can I help?", "input_tokens": 8, "output_tokens": 7, "total_tokens": 15, "cost_usd": 6.6e-06, "llm_latency_ms": 199.99}}
{"timestamp": "2025-03-01T12:30:00.125", "request": {"messages": [{"role": "user", "content": "Prove that sqrt(2) is irrational."}], "temperature": 0.2, "max_tokens": 1500, "stream": false, "user_specified_model": null}, "routing": {"method": "complexity", "query": "Prove that sqrt(2) is irrational.", "routing_latency_ms": 2.75, "tier": "complex", "complexity_score": 0.83, "task_type": "Open QA", "domain_knowledge": 0.7, "reasoning": 0.95, "creativity": 0.1}, "llm": {"model": "qwen-max", "response_id": "chatcmpl-010", "response_content": "Assume sqrt(2)=p/q in lowest terms…", "input_tokens": 13, "output_tokens": 260, "total_tokens": 273, "cost_usd": 0.0025272, "llm_latency_ms": 6044.0}}
{"timestamp": "2025-03-01T13:00:00", "request": {"messages": [{"role": "user", "content": "Classify the sentiment: I love it!"}], "temperature": 0.0, "max_tokens": 8, "stream": false, "user_specified_model": null}, "routing": {"method": "complexity", "query": "Classify the sentiment: I love it!", "routing_latency_ms": 0.61, "tier": "simple", "complexity_score": 0.1, "task_type": "Classification", "domain_knowledge": 0.0, "reasoning": 0.1, "creativity": 0.0}, "llm": {"model": "qwen-turbo", "response_id": "chatcmpl-011", "response_content": "positive", "input_tokens": 14, "output_tokens": 1, "total_tokens": 15, "cost_usd": 4.8e-06, "llm_latency_ms": 250.25}}
{"timestamp": "2025-03-01T13:45:10.999999", "request": {"messages": [{"role": "user", "content": "Extract the emails: ana@example.com, bo@example.org"}], "temperature": 0.0, "max_tokens": 100, "stream": false, "user_specified_model": null}, "routing": {"method": "complexity", "query": "Extract the emails: ana@example.com, bo@example.org", "routing_latency_ms": 0.77, "tier": "simple", "complexity_score": 0.15, "task_type": "Extraction", "domain_knowledge": 0.0, "reasoning": 0.1, "creativity": 0.0}, "llm": {"model": "qwen-turbo", "response_id": "chatcmpl-012", "response_content": "ana@example.com\nbo@example.org", "input_tokens": 20, "output_tokens": 10, "total_tokens": 30, "cost_usd": 9.6e-06, "llm_latency_ms": 330.5}}
"""#

    /// llm-compass's `/stats` of ``callHistory``, computed with llm-compass's code (Python's
    /// `sum`, `len` and `round`) outside this test.
    static var expectedStats: [String: Any] {
        [
        "total_calls": 12,
        "total_cost_usd": 0.006943,
        "avg_latency_ms": 1817.27,
        "avg_routing_ms": 0.94,
        "model_distribution": ["qwen-max": 3, "qwen-plus": 3, "qwen-turbo": 6],
        "tier_distribution": ["complex": 3, "medium": 2, "simple": 6],
        "task_type_distribution": [
            "Brainstorming": 1, "Classification": 1, "Closed QA": 2, "Code Generation": 1, "Extraction": 1,
            "Open QA": 2, "Rewrite": 1, "Summarization": 1, "Text Generation": 1,
        ],
        ]
    }

    /// The epoch seconds of ``callHistory``'s timestamps to the millisecond, computed with Python's
    /// `datetime.fromisoformat(…).timestamp()` outside this test: `/stats/raw` lists them as numbers.
    static let epochSeconds: [Double] = [
        1740820500.123, 1740820570.5, 1740820800.0, 1740823200.0, 1740823500.25, 1740823590.5, 1740826800.0,
        1740828600.75, 1740830400.0, 1740832200.125, 1740834000.0, 1740836711.0,
    ]

    /// A JSON value as text with sorted keys, to compare values parsed from different sources.
    static func canonical(_ value: Any?) throws -> String {
        guard let value else { return "absent" }
        let data = try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
        return String(decoding: data, as: UTF8.self)
    }

    @Test func theImportedFileGivesLLMCompassesStatsAndRawRecords() async throws {
        let stub = UpstreamStub()
        try await stub.run { port in try await importThenServe(port: port) }
    }

    /// Imports ``callHistory`` into a new ledger, then serves it with the stub upstream at `port`.
    private func importThenServe(port: Int) async throws {
        let harness = GatewayHarness(config: try GatewayHarness.stubConfig(port: port))
        defer { harness.removeLedger() }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("call_history-\(UUID().uuidString).jsonl")
        try Data(Self.callHistory.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let imported = try await CommandLineRunner().run(["import", "--format", "llm-compass", file.path, "--ledger", harness.ledgerPath])
        #expect(imported.status == 0, "\(imported.stderr)")

        try await harness.run { client in
            let originals = try Self.callHistory.split(separator: "\n").map { line in
                try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            }
            let newestFirst = Array(originals.reversed())
            let secondsNewestFirst = Array(Self.epochSeconds.reversed())
            let stats = try await client.execute(uri: "/stats", method: .get).json
            for (key, value) in Self.expectedStats {
                #expect(try Self.canonical(stats[key]) == Self.canonical(value), "\(key)")
            }

            for (offset, limit) in [(0, 50), (3, 5), (10, 5), (12, 5)] {
                let page = try await client.execute(uri: "/stats/raw?limit=\(limit)&offset=\(offset)", method: .get).json
                #expect(page["total"] as? Int == 12)
                #expect(page["limit"] as? Int == limit && page["offset"] as? Int == offset)
                let records = try #require(page["records"] as? [[String: Any]])
                let expected = Array(newestFirst.dropFirst(offset).prefix(limit))
                #expect(records.count == expected.count)
                for (index, (record, original)) in zip(records, expected).enumerated() {
                    for key in ["request", "routing", "llm"] {
                        #expect(try Self.canonical(record[key]) == Self.canonical(original[key]), "\(key)")
                    }
                    #expect((record["timestamp"] as? NSNumber)?.doubleValue == secondsNewestFirst[offset + index])
                    #expect(record["status"] as? String == "succeeded")
                }
            }

            // A request served now is listed beside the imported ones, its timestamp a number too.
            let before = Date().timeIntervalSince1970
            let served = try await client.chatCompletion(#"{"messages":[{"role":"user","content":"Hi there"}]}"#)
            #expect(served.status == .ok)
            let after = Date().timeIntervalSince1970
            let page = try await client.execute(uri: "/stats/raw?limit=2", method: .get).json
            let records = try #require(page["records"] as? [[String: Any]])
            #expect(records.map { $0["request_id"] as? String }.first == served.headers[.requestID])
            let live = try #require(records.first?["timestamp"] as? NSNumber).doubleValue
            #expect(live >= (before * 1_000).rounded(.down) / 1_000 && live <= after)
            let time = try #require(records.first?["time"] as? String)
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            #expect(abs(try #require(formatter.date(from: time)).timeIntervalSince1970 - live) < 0.000_5, "the same instant")
            #expect((records.last?["timestamp"] as? NSNumber)?.doubleValue == 1740836711.0)
            #expect(records.last?["time"] as? String == "2025-03-01T13:45:11.000Z")
        }
    }
}
