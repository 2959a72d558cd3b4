import Analytics
import CommandLineHarness
import Foundation
import Testing
@testable import Benchmarks

/// `routeledger-bench console --json` of the real executables on a small history: every page was
/// read signed in, answered 200 each time, and was asked about the data it names.
@Suite struct ConsoleBenchCommandLineTests {
    private struct Percentiles: Decodable {
        var samples: Int
        var p50: Double
        var p99: Double
    }

    private struct Timing: Decodable {
        var name: String
        var path: String
        var status: Int
        var bytes: Int
        var latency: Percentiles
    }

    private struct Figure: Decodable {
        var name: String
        var measured: Double
        var target: Double
        var met: Bool
    }

    private struct CommandTiming: Decodable {
        var name: String
        var arguments: [String]
        var runs: Int
        var medianSeconds: Double
        var maxSeconds: Double
    }

    private struct Result: Decodable {
        var requests: Int
        var samples: Int
        var ledger: String
        var copySeconds: Double?
        var importedEvents: Int
        var model: String
        var windowSince: Int64
        var middle: Int64
        var auditedRequestID: String
        var pages: [Timing]
        var endpoints: [Timing]
        var commands: [CommandTiming]
        var figures: [Figure]
    }

    /// The command-line reads of the audited request, each run to a zero exit against `ledger`.
    private func expectCommandReads(_ result: Result, ledger: [String], projections: [String] = []) {
        #expect(result.commands.map(\.name) == ["explain (the audit)", "prove --request"])
        #expect(result.commands.map(\.arguments) == [
            ["explain", result.auditedRequestID, "--json"] + ledger + projections,
            ["prove", "--request", result.auditedRequestID, "--json"] + ledger,
        ])
        for command in result.commands {
            #expect(command.runs == 5)
            #expect(command.medianSeconds > 0 && command.maxSeconds >= command.medianSeconds)
        }
    }

    @Test func readsEveryConsolePageSignedInWithStatus200() async throws {
        let records = 300, samples = 10
        let output = try await CommandLineRunner("routeledger-bench").run(
            ["console", "--json", "--requests", "\(records)", "--samples", "\(samples)", "--warm-up", "2"])
        #expect(output.status == 0, "\(output.stderr)")
        let result = try JSONDecoder().decode(Result.self, from: Data(output.stdout.utf8))
        #expect(result.requests == records)
        #expect(result.importedEvents > records)
        #expect(result.ledger == "sqlite" && result.copySeconds == nil)
        #expect(result.commands.first?.arguments.last?.hasSuffix("history.sqlite") == true)
        expectCommandReads(result, ledger: ["--ledger", result.commands.first?.arguments.last ?? ""])

        #expect(result.pages.map(\.name) == [
            "overview, all time", "overview, 30 days by day", "overview, one model", "requests, newest",
            "requests, halfway (cursor)", "requests, model + failed", "request audit, halfway", "providers", "models",
            "what-if (form)", "configuration",
        ])
        #expect(result.pages.map { $0.path.split(separator: "?").first.map(String.init) ?? "" } == [
            "/console/overview", "/console/overview", "/console/overview", "/console/requests", "/console/requests",
            "/console/requests", "/console/requests/\(result.auditedRequestID)", "/console/providers", "/console/models",
            "/console/what-if", "/console/configuration",
        ])
        #expect(result.pages[1].path.hasSuffix("?since=\(result.windowSince)&bucket=1d"))
        #expect(result.pages[2].path.hasSuffix("?model=\(result.model)"))
        #expect(result.pages[4].path.contains("?cursor=") && !result.pages[4].path.hasSuffix("="))
        #expect(result.pages[5].path.hasSuffix("?model=\(result.model)&status=failed"))
        // A page the session did not open would have been a redirect to the sign-in page, not a 200.
        for timing in result.pages + result.endpoints {
            #expect(timing.status == 200, "\(timing.path)")
            #expect(timing.bytes > 0, "\(timing.path)")
            #expect(timing.latency.samples == samples, "\(timing.path)")
            #expect(timing.latency.p50 > 0 && timing.latency.p99 >= timing.latency.p50, "\(timing.path)")
        }
        #expect(result.endpoints.map(\.path).last == "/v1/requests/\(result.auditedRequestID)")

        #expect(result.figures.map(\.name) == result.pages.map { $0.name + " p99" })
        for (figure, page) in zip(result.figures, result.pages) {
            #expect(figure.measured == page.latency.p99 && figure.target == 50)
            #expect(figure.met == (figure.measured <= 50))
        }

        // The same seeded history: the audited request is from its middle, the model is in it, and
        // the 30 days end at its newest record.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("console-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try LLMCompassHistory.write(count: records, to: path)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        let ids = lines.map { LLMCompassRecord.requestID(line: ArraySlice($0.utf8), occurrence: 1) }
        let audited = try #require(ids.firstIndex(of: result.auditedRequestID))
        #expect((records / 3...2 * records / 3).contains(audited))
        #expect(lines.contains { $0.contains(#""model": "\#(result.model)""#) })
        let newest = try #require(
            (try JSONSerialization.jsonObject(with: Data(lines.last!.utf8)) as? [String: Any])?["timestamp"] as? Double)
        #expect(result.windowSince == Int64(newest) - 30 * 86_400)
    }

    /// With `--postgres` (the test cluster of `make test`): the imported ledger is copied into
    /// PostgreSQL and every page, endpoint and command-line read answers from there.
    @Test func readsEveryConsolePageFromAPostgresReplica() async throws {
        let records = 200, samples = 10
        let output = try await CommandLineRunner("routeledger-bench").run(
            ["console", "--postgres", "--json", "--requests", "\(records)", "--samples", "\(samples)", "--warm-up", "1"])
        #expect(output.status == 0, "\(output.stderr)")
        let result = try JSONDecoder().decode(Result.self, from: Data(output.stdout.utf8))
        #expect(result.ledger == "postgres")
        #expect((result.copySeconds ?? 0) > 0)
        #expect(result.pages.count == 11 && result.endpoints.count == 5)
        for timing in result.pages + result.endpoints {
            #expect(timing.status == 200, "\(timing.path)")
            #expect(timing.latency.samples == samples, "\(timing.path)")
        }
        #expect(result.endpoints.map(\.path).last == "/v1/requests/\(result.auditedRequestID)")
        let projections = result.commands.first?.arguments.last ?? ""
        #expect(projections.hasSuffix("postgres-projections.sqlite"))
        expectCommandReads(result, ledger: ["--ledger", "postgres"], projections: ["--projections", projections])
    }
}
