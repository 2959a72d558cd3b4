import Foundation
import Subprocess

/// One run of the `wrk` HTTP load generator and the figures read from its report.
///
/// wrk is driven as a program because no Swift package generates load from a separate process;
/// its `--latency` report gives the percentiles.
struct WrkRun: Sendable {
    /// What wrk measured.
    struct Figures: Sendable, Codable {
        var requests: Int
        var requestsPerSecond: Double
        var p50Milliseconds: Double
        var p90Milliseconds: Double
        var p99Milliseconds: Double
        /// Responses with a status other than 2xx/3xx, plus socket errors.
        var errors: Int
    }

    var url: String
    var connections: Int
    var threads: Int
    var seconds: Int
    /// A Lua script setting the method, headers and body.
    var script: URL

    /// Runs wrk and reads its report; throws with wrk's output when it fails or prints no figures.
    func run() async throws -> Figures {
        let result = try await Subprocess.run(
            .name("wrk"),
            arguments: ["-t\(threads)", "-c\(connections)", "-d\(seconds)s", "--latency", "-s", script.path, url],
            output: .string(limit: .max), error: .combinedWithOutput)
        let report = result.standardOutput
        guard result.terminationStatus == .exited(0), let figures = Self.parse(report) else {
            throw BenchError("wrk failed (\(result.terminationStatus)): \(report.prefix(500))")
        }
        return figures
    }

    /// Polls `url` with one short wrk run until it answers without errors (at most about 5 s).
    static func waitUntilServing(_ url: String, script: URL) async throws {
        for _ in 0..<50 {
            if let figures = try? await WrkRun(url: url, connections: 1, threads: 1, seconds: 1, script: script).run(),
                figures.requests > 0, figures.errors == 0
            {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw BenchError("nothing answered on \(url)")
    }

    /// The figures of a wrk `--latency` report.
    static func parse(_ report: String) -> Figures? {
        var percentiles: [String: Double] = [:]
        var requests: Int?
        var perSecond: Double?
        var errors = 0
        for line in report.split(separator: "\n") {
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            if words.count == 2, words[0].hasSuffix("%"), let value = milliseconds(words[1]) {
                percentiles[String(words[0])] = value
            } else if words.first == "Requests/sec:", words.count == 2 {
                perSecond = Double(words[1])
            } else if words.count >= 2, words[1] == "requests", words[2...].first == "in" {
                requests = Int(words[0])
            } else if line.contains("Non-2xx or 3xx responses:"), let count = words.last.flatMap({ Int($0) }) {
                errors += count
            } else if words.first == "Socket", words.count >= 3 {
                // Socket errors: connect 0, read 0, write 0, timeout 0
                errors += words.compactMap { Int($0.trimmingCharacters(in: .punctuationCharacters)) }.reduce(0, +)
            }
        }
        guard let requests, let perSecond, let p50 = percentiles["50%"], let p90 = percentiles["90%"],
            let p99 = percentiles["99%"]
        else { return nil }
        return Figures(
            requests: requests, requestsPerSecond: perSecond, p50Milliseconds: p50, p90Milliseconds: p90,
            p99Milliseconds: p99, errors: errors)
    }

    /// `112.00us`, `1.25ms` or `2.00s` in milliseconds.
    private static func milliseconds(_ text: Substring) -> Double? {
        for (unit, scale) in [("us", 0.001), ("ms", 1.0), ("s", 1_000.0), ("m", 60_000.0)] where text.hasSuffix(unit) {
            return Double(text.dropLast(unit.count)).map { $0 * scale }
        }
        return nil
    }
}

/// A benchmark that cannot run, with the reason.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
