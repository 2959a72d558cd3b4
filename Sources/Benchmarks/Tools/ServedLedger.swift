import AsyncHTTPClient
import CommandLineHarness
import Foundation
import NIOCore
import NIOHTTP1

/// `routeledger serve` on a ledger, as a child process on a port it picks, and the timed HTTP calls
/// a benchmark makes to it — only through the public HTTP API, so the figures hold whatever the
/// server does inside.
///
/// Sendable by hand: after `init` nothing changes but the child process, which only `stop()` touches.
final class ServedLedger: @unchecked Sendable {
    /// One answer: its status, its body and how long it took from sending to the last byte.
    struct Answer {
        var status: Int
        var body: ByteBuffer
        var duration: Duration

        /// The body as a JSON object.
        func json() throws -> [String: Any] {
            guard let object = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any] else {
                throw BenchError("the answer is not a JSON object: \(String(buffer: body).prefix(200))")
            }
            return object
        }
    }

    /// `http://127.0.0.1:PORT`.
    let address: String
    private let server: ChildProcess
    private let client = HTTPClient.shared

    /// Starts `executable serve` (a routeledger executable) on `ledgerPath` and waits until it listens.
    init(ledgerPath: String, executable: String) throws {
        server = try ChildProcess(
            [executable, "serve", "--port", "0", "--ledger", ledgerPath], environment: ["LOG_LEVEL": "error"])
        let line = server.firstLine()
        guard let address = line.split(separator: " ").first(where: { $0.hasPrefix("http://") }) else {
            server.stop()
            throw BenchError("the server did not start: \(line)")
        }
        self.address = String(address)
    }

    /// Stops the server (SIGTERM: it drains and closes the ledger); its exit status.
    @discardableResult
    func stop() -> Int32 { server.stop() }

    /// `GET path`.
    func get(_ path: String) async throws -> Answer {
        try await send(HTTPClientRequest(url: address + path))
    }

    /// `POST path` with a JSON body.
    func post(_ path: String, json: String) async throws -> Answer {
        var request = HTTPClientRequest(url: address + path)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: json))
        return try await send(request)
    }

    /// `GET path` `times` times one after another, each answer a 200; their latency percentiles.
    func time(_ path: String, times: Int) async throws -> AnalyticsBenchmark.Percentiles {
        var durations: [Duration] = []
        durations.reserveCapacity(times)
        for _ in 0..<times {
            durations.append(try await ok(get(path), path).duration)
        }
        return AnalyticsBenchmark.Percentiles(durations)
    }

    /// `answer`, or an error naming `what` when it is not a 200.
    func ok(_ answer: Answer, _ what: String) throws -> Answer {
        guard answer.status == 200 else {
            throw BenchError("\(what) answered \(answer.status): \(String(buffer: answer.body).prefix(300))")
        }
        return answer
    }

    private func send(_ request: HTTPClientRequest) async throws -> Answer {
        let start = ContinuousClock.now
        let response = try await client.execute(request, timeout: .seconds(600))
        let body = try await response.body.collect(upTo: 256 << 20)
        return Answer(status: Int(response.status.code), body: body, duration: ContinuousClock.now - start)
    }
}
