import DomainEvents
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Router
import ServiceLifecycle
import Synchronization
import Testing

@testable import Server

/// A local classifier service standing in for NVIDIA's prompt-task-and-complexity classifier
/// behind a server: answers in the model's batch output shape, or slowly, or with an error, or
/// with something else.
final class FakeClassifier: Sendable {
    enum Behaviour: Sendable {
        case answer
        case slow(milliseconds: Int)
        case status(Int)
        case missingReasoning
        case notJSON
        case unknownTaskType
    }

    static let score = 0.83
    private let behaviour = Mutex<Behaviour>(.answer)
    private let log = Mutex<[Data]>([])

    func set(_ next: Behaviour) { behaviour.withLock { $0 = next } }
    /// The bodies received, as JSON objects.
    var received: [[String: Any]] {
        log.withLock { $0 }.compactMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
    }

    func run<T: Sendable>(_ body: @Sendable (Int) async throws -> T) async throws -> T {
        let router = Router()
        router.post("classify") { request, _ in
            let bytes = try await request.body.collect(upTo: 1 << 20)
            let data = Data(bytes.readableBytesView)
            self.log.withLock { $0.append(data) }
            let answer = #"""
                {"task_type_1":["Code Generation"],"task_type_2":["Other"],"task_type_prob":[0.91],"creativity_scope":[0.12],
                 "reasoning":[0.74],"contextual_knowledge":[0.3],"number_of_few_shots":[2],"domain_knowledge":[0.66],
                 "no_label_reason":[0.0],"constraint_ct":[0.41],"prompt_complexity_score":[\#(Self.score)],"classifier":"fake-nvidia"}
                """#
            let text: String
            switch self.behaviour.withLock({ $0 }) {
            case .answer: text = answer
            case .slow(let milliseconds):
                try await Task.sleep(for: .milliseconds(milliseconds))
                text = answer
            case .status(let code):
                return Response(status: .init(code: code), body: .init(byteBuffer: ByteBuffer(string: "overloaded")))
            case .missingReasoning: text = answer.replacingOccurrences(of: #""reasoning":[0.74],"#, with: "")
            case .notJSON: text = "<html>oops</html>"
            case .unknownTaskType: text = answer.replacingOccurrences(of: "Code Generation", with: "Poetry")
            }
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        return try await LocalServer.run(router, label: "fake-classifier", body)
    }
}

/// `routing.classifier.kind: http` on the live gateway: the service's outputs become the recorded
/// features; a slow, failing or off-shape service falls back to the built-in classifier with the
/// reason recorded; replay reads the recorded features whichever classifier produced them.
@Suite struct ClassifierServiceLiveTests {
    private func config(classifierPort: Int) throws -> RouteledgerConfig {
        try RouteledgerConfig.parse(yaml: """
            providers:
              - {name: sim, kind: simulated}
            models:
              - {name: small, provider: sim, tier: simple, input_price_per_1k: 0.0001, output_price_per_1k: 0.0002}
              - {name: mid, provider: sim, tier: medium, input_price_per_1k: 0.001, output_price_per_1k: 0.002}
              - {name: big, provider: sim, tier: complex, input_price_per_1k: 0.01, output_price_per_1k: 0.02}
            routing:
              default_strategy: complexity
              strategy_params: {complexity: {medium_threshold: 0.3, complex_threshold: 0.7}}
              classifier: {kind: http, url: "http://127.0.0.1:\(classifierPort)/classify", timeout_ms: 1500, fallback: builtin}
            """, file: "classifier.yaml")
    }

    private func decision(_ harness: GatewayHarness, _ response: TestResponse) async throws -> RoutingDecided {
        let events = try await harness.events(of: try #require(response.headers[.requestID]))
        for event in events { if case .routingDecided(let decided) = event { return decided } }
        throw CancellationError()
    }

    private static let prompt = #"{"messages":[{"role":"system","content":"Be exact."},{"role":"user","content":"Hi there"}]}"#

    @Test func theServicesOutputsAreTheRecordedFeaturesAndReplayStaysExact() async throws {
        let classifier = FakeClassifier()
        try await classifier.run { port in
            let harness = GatewayHarness(config: try config(classifierPort: port))
            defer { harness.removeLedger() }
            let replayText = try await harness.run { client in
                let response = try await client.chatCompletion(Self.prompt)
                #expect(response.status == .ok)
                let decided = try await decision(harness, response)
                #expect(decided.features.classifier == "http:fake-nvidia")
                #expect(decided.features.classifierFallback == nil)
                #expect(decided.features.complexityScore == FakeClassifier.score)
                #expect(decided.features.taskType == "Code Generation")
                #expect(decided.features.reasoning == 0.74 && decided.features.numberOfFewShots == 2)
                #expect(decided.chosenModel == "big")
                let sent = try #require(classifier.received.last)
                #expect(sent["prompt"] as? String == "Hi there")
                #expect((sent["messages"] as? [[String: Any]])?.count == 2)

                // Replay under a threshold the recorded score clears: the service's score, not a
                // fresh classification of "Hi there", decides.
                let body = #"{"model":"router-complexity-0.8","examples":5}"#
                let report = try await client.execute(
                    uri: "/v1/replay", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body))
                return String(buffer: report.body)
            }
            let report = try #require(try JSONSerialization.jsonObject(with: Data(replayText.utf8)) as? [String: Any])
            let replay = report
            let examples = (replay["examples"] as? [[String: Any]]) ?? []
            #expect((replay["changed"] as? [String: Any])?["count"] as? Int == 0)
            #expect(examples.isEmpty)
        }
    }

    @Test(arguments: [
        (FakeClassifier.Behaviour.slow(milliseconds: 4_000), "http classifier: timed out after 1500 ms"),
        (.status(503), "http classifier: status 503"),
        (.missingReasoning, "http classifier: reasoning is missing or not a number in [0, 1]"),
        (.notJSON, "http classifier: the answer is not a JSON object"),
        (.unknownTaskType, "http classifier: task_type_1 is missing or not one of the eleven task types"),
    ])
    func aSlowFailingOrOffShapeServiceFallsBackAndTheDecisionSaysWhy(
        behaviour: FakeClassifier.Behaviour, reason: String
    ) async throws {
        let classifier = FakeClassifier()
        classifier.set(behaviour)
        try await classifier.run { port in
            let harness = GatewayHarness(config: try config(classifierPort: port))
            defer { harness.removeLedger() }
            try await harness.run { client in
                let response = try await client.chatCompletion(Self.prompt)
                #expect(response.status == .ok)
                let decided = try await decision(harness, response)
                #expect(decided.features.classifierFallback?.hasPrefix(reason) == true, "\(decided.features.classifierFallback ?? "nil")")
                #expect(decided.features.classifier == LearnedPromptClassifier().version)
                let builtIn = LearnedPromptClassifier().classify(
                    PromptInput(messages: [ChatMessage(role: "system", content: "Be exact."), ChatMessage(role: "user", content: "Hi there")]))
                #expect(decided.features.complexityScore == builtIn.complexityScore)
            }
        }
    }
}
