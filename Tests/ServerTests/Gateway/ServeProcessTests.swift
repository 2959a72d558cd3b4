import AsyncHTTPClient
import CommandLineHarness
import DomainEvents
import Foundation
import Ledger
import NIOCore
import NIOHTTP1
@testable import Server
import Testing

/// `routeledger serve` as a real child process: SIGTERM lets an in-flight stream finish and
/// flushes the ledger; after `kill -9`, every answered request's events are still there.
@Suite struct ServeProcessTests {
    /// A served gateway: the child process, its base URL and its ledger.
    private struct Served {
        var process: ChildProcess
        var baseURL: String
        var ledgerPath: String
    }

    private func serve(latencyMs: Int, in directory: URL) async throws -> Served {
        let config = directory.appendingPathComponent("routeledger.yaml")
        try Data("""
            providers:
              - {name: sim, kind: simulated, latency_ms: \(latencyMs), ttft_ms: 5}
            models:
              - {name: small, provider: sim, tier: simple, input_price_per_1k: 0.001, output_price_per_1k: 0.002}
              - {name: mid, provider: sim, tier: medium, input_price_per_1k: 0.002, output_price_per_1k: 0.004}
              - {name: big, provider: sim, tier: complex, input_price_per_1k: 0.01, output_price_per_1k: 0.03}
            """.utf8).write(to: config)
        let ledgerPath = directory.appendingPathComponent("ledger.sqlite").path
        let process = try await ChildProcess(
            [try CommandLineRunner().executable.path, "serve", "--config", config.path, "--port", "0", "--ledger", ledgerPath],
            environment: ["LOG_LEVEL": "error"])
        let line = await process.firstLine()
        let address = try #require(line.split(separator: " ").first { $0.hasPrefix("http://") }, "\(line)")
        return Served(process: process, baseURL: String(address), ledgerPath: ledgerPath)
    }

    private func request(_ served: Served, stream: Bool) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: "\(served.baseURL)/v1/chat/completions")
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: #"{"model":"small","messages":[{"role":"user","content":"Hello"}],"stream":\#(stream)}"#))
        return request
    }

    private func events(of requestID: String, in path: String) async throws -> [LedgerEvent] {
        var options = LedgerOptions()
        options.store.createIfMissing = false
        options.autoTrainAfterEvents = 0
        let ledger = try Ledger(path: path, options: options)
        let events = try await ledger.events(requestID: requestID).map { try $0.decoded() }
        if case .intact = try await ledger.verify() {} else { Issue.record("the chain of \(path) is broken") }
        await ledger.close()
        return events
    }

    private func withDirectory<T>(_ body: (URL) async throws -> T) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try await body(directory)
    }

    @Test func sigtermLetsAnInFlightStreamFinishThenFlushesTheLedgerAndExitsZero() async throws {
        try await withDirectory { directory in
            // The simulated answer takes 1.5 s after its first token.
            let served = try await serve(latencyMs: 1_500, in: directory)
            let client = HTTPClient(eventLoopGroupProvider: .singleton)
            let response = try await client.execute(request(served, stream: true), timeout: .seconds(30))
            let requestID = try #require(response.headers.first(name: "x-request-id"))
            var received = ""
            var signalled = false
            for try await buffer in response.body {
                received += String(buffer: buffer)
                if !signalled, received.contains("\n\n") {
                    // The first chunk is here, the rest is not: the request is in flight.
                    kill(served.process.processIdentifier, SIGTERM)
                    signalled = true
                }
            }
            try await client.shutdown()
            #expect(signalled)
            #expect(received.hasSuffix("data: [DONE]\n\n"))
            #expect(try await served.process.waitForExit() == .exited(0))
            let recorded = try await events(of: requestID, in: served.ledgerPath)
            #expect(recorded.map(\.type) == [.requestReceived, .routingDecided, .completionSucceeded])
            if case .completionSucceeded(let completion) = recorded.last { #expect(completion.finishReason == "stop") }
        }
    }

    @Test func everyAnsweredRequestSurvivesKillNine() async throws {
        try await withDirectory { directory in
            let served = try await serve(latencyMs: 0, in: directory)
            let client = HTTPClient(eventLoopGroupProvider: .singleton)
            var requestIDs: [String] = []
            for _ in 0..<20 {
                let response = try await client.execute(request(served, stream: false), timeout: .seconds(30))
                #expect(response.status == .ok)
                _ = try await response.body.collect(upTo: 1 << 20)
                requestIDs.append(try #require(response.headers.first(name: "x-request-id")))
            }
            try await client.shutdown()
            #expect(try await served.process.stop(signal: SIGKILL) == .signaled(SIGKILL))
            for id in requestIDs {
                let recorded = try await events(of: id, in: served.ledgerPath)
                #expect(recorded.map(\.type) == [.requestReceived, .routingDecided, .completionSucceeded], "\(id)")
            }
        }
    }
}
