import DomainEvents
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import Router
import Testing

@testable import Server

/// `POST /v1/feedback` on the live gateway: feedback about a request it served is recorded as
/// `feedback.recorded` under that request's id and answered with the event's seq; bad feedback is a
/// 400 naming the field and records nothing; client keys are needed when keys are configured.
@Suite struct FeedbackLiveTests {
    @Test func feedbackAboutAServedRequestIsRecordedUnderItsIDAndAnsweredWithItsSeq() async throws {
        let stub = UpstreamStub()
        try await stub.run { port in
            let harness = GatewayHarness(config: try GatewayHarness.stubConfig(port: port))
            defer { harness.removeLedger() }
            try await harness.run { client in
                let completion = try await client.chatCompletion(ChatCompletionsLiveTests.simplePrompt)
                #expect(completion.status == .ok)
                let requestID = try #require(completion.headers[.requestID])
                let comment = "Clear and short — 短くて良い"

                let response = try await client.feedback(
                    #"{"request_id":"\#(requestID)","score":0.8,"label":"good","comment":"\#(comment)"}"#)
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                let answer = try response.json
                #expect(answer["object"] as? String == "feedback")
                #expect(answer["request_id"] as? String == requestID)
                #expect(answer["score"] as? Double == 0.8)
                #expect(answer["label"] as? String == "good")
                #expect(answer["comment"] as? String == comment)
                let seq = try #require(answer["seq"] as? Int)
                #expect(Int64(seq) == (try await harness.headSeq()))

                // The request's events, read back from the ledger: the feedback comes after its completion.
                let events = try await harness.events(of: requestID)
                #expect(events.map(\.type) == [
                    .requestReceived, .routingDecided, .completionSucceeded, .feedbackRecorded,
                ])
                #expect(events.last == .feedbackRecorded(FeedbackRecorded(
                    requestID: requestID, score: 0.8, label: "good", comment: comment)))

                // The boundaries are accepted: a label alone of 64 characters; an integer score of 1
                // with a comment of 2,000 characters (each two bytes in UTF-8); absent fields are null.
                let longestLabel = String(repeating: "l", count: FeedbackBody.maxLabelLength)
                let labelOnly = try await client.feedback(#"{"request_id":"\#(requestID)","label":"\#(longestLabel)"}"#)
                #expect(labelOnly.status == .ok)
                let labelAnswer = try labelOnly.json
                #expect(labelAnswer["score"] is NSNull && labelAnswer["comment"] is NSNull)
                #expect(labelAnswer["label"] as? String == longestLabel)
                #expect(labelAnswer["seq"] as? Int == seq + 1)

                let longestComment = String(repeating: "é", count: FeedbackBody.maxCommentLength)
                let scoreOnly = try await client.feedback(
                    #"{"request_id":"\#(requestID)","score":1,"label":null,"comment":"\#(longestComment)"}"#)
                #expect(scoreOnly.status == .ok)
                let scoreAnswer = try scoreOnly.json
                #expect(scoreAnswer["score"] as? Double == 1)
                #expect(scoreAnswer["label"] is NSNull)
                #expect(scoreAnswer["seq"] as? Int == seq + 2)

                let feedback = try await harness.events(of: requestID).suffix(2)
                #expect(Array(feedback) == [
                    .feedbackRecorded(FeedbackRecorded(requestID: requestID, score: nil, label: longestLabel, comment: nil)),
                    .feedbackRecorded(FeedbackRecorded(requestID: requestID, score: 1, label: nil, comment: longestComment)),
                ])
            }
        }
    }

    /// Bodies that are rejected with a 400, and the `param` the envelope names (none when the
    /// body is not a JSON object).
    static func badBodies(requestID id: String) -> [(name: String, body: String, param: String?)] {
        [
            ("unknown request id", #"{"request_id":"no-such-request","score":0.5}"#, "request_id"),
            ("score above 1", #"{"request_id":"\#(id)","score":1.5}"#, "score"),
            ("score below 0", #"{"request_id":"\#(id)","score":-0.1}"#, "score"),
            ("score as a string", #"{"request_id":"\#(id)","score":"high"}"#, "score"),
            ("score as a boolean", #"{"request_id":"\#(id)","score":true}"#, "score"),
            ("score beyond a double", #"{"request_id":"\#(id)","score":1e400}"#, "score"),
            ("neither score nor label", #"{"request_id":"\#(id)","comment":"hmm"}"#, "score"),
            ("score and label null", #"{"request_id":"\#(id)","score":null,"label":null}"#, "score"),
            ("empty label", #"{"request_id":"\#(id)","label":""}"#, "label"),
            ("label too long", #"{"request_id":"\#(id)","label":"\#(String(repeating: "l", count: 65))"}"#, "label"),
            ("label not a string", #"{"request_id":"\#(id)","label":5}"#, "label"),
            ("comment too long", #"{"request_id":"\#(id)","score":0.5,"comment":"\#(String(repeating: "c", count: 2_001))"}"#, "comment"),
            ("comment not a string", #"{"request_id":"\#(id)","score":0.5,"comment":["c"]}"#, "comment"),
            ("unknown key", #"{"request_id":"\#(id)","score":0.5,"rating":5}"#, "rating"),
            ("request_id missing", #"{"score":0.5}"#, "request_id"),
            ("request_id not a string", #"{"request_id":7,"score":0.5}"#, "request_id"),
            ("request_id empty", #"{"request_id":"","score":0.5}"#, "request_id"),
            ("malformed JSON", #"{"request_id":"\#(id)","score":"#, nil),
            ("not an object", "[0.5]", nil),
            ("empty body", "", nil),
        ]
    }

    @Test func badFeedbackIsA400NamingTheFieldAndRecordsNothing() async throws {
        let stub = UpstreamStub()
        try await stub.run { port in
            var config = try GatewayHarness.stubConfig(port: port)
            config.server.maxBodyBytes = 8_192
            let harness = GatewayHarness(config: config)
            defer { harness.removeLedger() }
            try await harness.run { client in
                let completion = try await client.chatCompletion(ChatCompletionsLiveTests.simplePrompt)
                #expect(completion.status == .ok)
                let requestID = try #require(completion.headers[.requestID])
                let head = try await harness.headSeq()
                let events = try await harness.events(of: requestID)

                for row in Self.badBodies(requestID: requestID) {
                    let response = try await client.feedback(row.body)
                    #expect(response.status == .badRequest, "\(row.name)")
                    let error = try response.openAIError
                    #expect(error["type"] as? String == "invalid_request_error", "\(row.name)")
                    #expect(error["param"] as? String == row.param, "\(row.name)")
                    #expect((error["message"] as? String)?.isEmpty == false, "\(row.name)")
                }
                let unknown = try await client.feedback(#"{"request_id":"no-such-request","label":"bad"}"#)
                #expect(try unknown.openAIError["code"] as? String == "request_not_found")

                // A body over server.max_body_bytes is turned away as the chat endpoint does it.
                let huge = try await client.feedback(
                    #"{"request_id":"\#(requestID)","score":0.5,"comment":"\#(String(repeating: "c", count: 10_000))"}"#)
                #expect(huge.status.code == 413)
                #expect(try huge.openAIError["code"] as? String == "request_too_large")

                #expect(try await harness.headSeq() == head)
                #expect(try await harness.events(of: requestID) == events)
            }
        }
    }

    @Test func needsAClientKeyWhenKeysAreConfigured() async throws {
        let stub = UpstreamStub()
        try await stub.run { port in
            let config = try GatewayHarness.stubConfig(
                port: port, extra: "auth: {client_key_envs: [CLIENT_KEY], admin_key_env: ADMIN_KEY}")
            let harness = GatewayHarness(config: config, environment: ["CLIENT_KEY": "client-secret", "ADMIN_KEY": "admin-secret"])
            defer { harness.removeLedger() }
            try await harness.run { client in
                let clientKey: HTTPFields = [.contentType: "application/json", .authorization: "Bearer client-secret"]
                let completion = try await client.execute(
                    uri: "/v1/chat/completions", method: .post, headers: clientKey,
                    body: ByteBuffer(string: ChatCompletionsLiveTests.simplePrompt))
                #expect(completion.status == .ok)
                let requestID = try #require(completion.headers[.requestID])
                let body = #"{"request_id":"\#(requestID)","score":0.25}"#
                let head = try await harness.headSeq()

                let missing = try await client.feedback(body)
                #expect(missing.status == .unauthorized)
                #expect(try missing.openAIError["code"] as? String == "invalid_api_key")
                let wrong = try await client.feedback(
                    body, headers: [.contentType: "application/json", .authorization: "Bearer not-a-key"])
                #expect(wrong.status == .unauthorized)
                #expect(try await harness.headSeq() == head)

                let accepted = try await client.feedback(body, headers: clientKey)
                #expect(accepted.status == .ok)
                #expect(try accepted.json["score"] as? Double == 0.25)
                #expect(try await harness.events(of: requestID).last == .feedbackRecorded(FeedbackRecorded(
                    requestID: requestID, score: 0.25, label: nil, comment: nil)))
            }
        }
    }
}

extension TestClientProtocol {
    /// POSTs `body` to `/v1/feedback`.
    func feedback(_ body: String, headers: HTTPFields = [.contentType: "application/json"]) async throws -> TestResponse {
        try await execute(uri: "/v1/feedback", method: .post, headers: headers, body: ByteBuffer(string: body))
    }
}
