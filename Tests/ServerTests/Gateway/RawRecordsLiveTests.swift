import Analytics
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Server

/// `GET /stats/raw` on the live gateway: the requests it just served as records, newest first,
/// continued by cursor, and 400s for bad parameters.
@Suite struct RawRecordsLiveTests {
    @Test func listsWhatTheGatewayServedNewestFirstAndContinuesByCursor() async throws {
        let stub = UpstreamStub()
        stub.queue(.status(500), .status(500), for: "upstream-c")
        try await stub.run { port in
            let harness = GatewayHarness(config: try GatewayHarness.stubConfig(port: port))
            defer { harness.removeLedger() }
            try await harness.run { client in
                let first = try await client.chatCompletion(#"{"messages":[{"role":"user","content":"Hi there"}],"temperature":0.3}"#)
                #expect(first.status == .ok)
                #expect(try await client.chatCompletion(#"{"model":"model-b","messages":[{"role":"user","content":"x"}]}"#).status == .ok)
                let failed = try await client.chatCompletion(#"{"model":"model-c","messages":[{"role":"user","content":"y"}]}"#)
                #expect(failed.status == .badGateway)

                let page = try await client.execute(uri: "/stats/raw?limit=2", method: .get)
                #expect(page.status == .ok)
                let body = try page.json
                #expect(body["total"] as? Int == 3)
                #expect(body["limit"] as? Int == 2)
                #expect(body["offset"] as? Int == 0)
                let records = try #require(body["records"] as? [[String: Any]])
                #expect(records.count == 2)
                #expect(records.first?["request_id"] as? String == failed.headers[.requestID])
                #expect(records.first?["status"] as? String == "failed")
                #expect((records.first?["failure"] as? [String: Any])?["status"] as? Int == 502)
                #expect((records.last?["llm"] as? [String: Any])?["model"] as? String == "model-b")

                let cursor = try #require(body["next_cursor"] as? String)
                let rest = try await client.execute(uri: "/stats/raw?limit=2&cursor=\(cursor)", method: .get).json
                #expect(rest["next_cursor"] is NSNull)
                let last = try #require((rest["records"] as? [[String: Any]])?.first)
                #expect(last["request_id"] as? String == first.headers[.requestID])
                let seconds = try #require(last["timestamp"] as? NSNumber, "epoch seconds, a number").doubleValue
                #expect(abs(seconds - Date().timeIntervalSince1970) < 60)
                #expect(RecordTimestamp.format(Int64((seconds * 1_000).rounded())) == last["time"] as? String)
                let request = try #require(last["request"] as? [String: Any])
                #expect(request["temperature"] as? Double == 0.3)
                #expect(request["stream"] as? Bool == false)
                #expect((request["messages"] as? [[String: Any]])?.first?["content"] as? String == "Hi there")
                let routing = try #require(last["routing"] as? [String: Any])
                #expect(routing["query"] as? String == "Hi there")
                #expect(routing["tier"] as? String == "simple")
                let llm = try #require(last["llm"] as? [String: Any])
                #expect(llm["model"] as? String == "model-a")
                #expect(llm["input_tokens"] as? Int == UpstreamStub.promptTokens)
            }
        }
    }

    @Test(arguments: [
        ("limit=-1", "limit"), ("limit=many", "limit"), ("offset=-5", "offset"), ("offset=1e3", "offset"),
        ("cursor=not-a-cursor", "cursor"), ("cursor=", "cursor"),
    ])
    func badParametersAreA400NamingThem(query: String, parameter: String) async throws {
        let harness = GatewayHarness(config: try GatewayHarness.stubConfig(port: 9))
        defer { harness.removeLedger() }
        try await harness.run { client in
            let response = try await client.execute(uri: "/stats/raw?\(query)", method: .get)
            #expect(response.status == .badRequest)
            #expect(try response.openAIError["param"] as? String == parameter)
            #expect(try response.openAIError["type"] as? String == "invalid_request_error")
        }
    }
}
