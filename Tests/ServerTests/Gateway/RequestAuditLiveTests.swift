import CommandLineHarness
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import Testing
@testable import Server

/// `GET /v1/requests/{id}` on the live gateway and `routeledger explain` on the ledger it leaves:
/// a request that failed over once, explained event by event, with its cost arithmetic and the
/// inclusion proofs of its events in the ledger's tree head.
@Suite struct RequestAuditLiveTests {
    @Test func aRequestThatFailedOverOnceShowsBothAttemptsAndItsCostArithmetic() async throws {
        let stub = UpstreamStub()
        stub.queue(.status(500), for: "upstream-a")
        try await stub.run { port in
            let harness = GatewayHarness(config: try GatewayHarness.stubConfig(port: port, retries: 0))
            defer { harness.removeLedger() }
            let (requestID, httpAudit) = try await harness.run { client in
                let response = try await client.chatCompletion(ChatCompletionsLiveTests.simplePrompt)
                #expect(response.status == .ok)
                let requestID = try #require(response.headers[.requestID])
                let answer = try await client.execute(uri: "/v1/requests/\(requestID)", method: .get)
                #expect(answer.status == .ok)
                let audit = try answer.json

                let events = try #require(audit["events"] as? [[String: Any]])
                #expect(events.map { $0["type"] as? String } == [
                    "request.received", "routing.decided", "upstream.failed", "completion.succeeded",
                ])
                let seqs = events.compactMap { $0["seq"] as? Int }
                #expect(seqs == seqs.sorted() && seqs.count == 4)
                #expect(events.allSatisfy { ($0["hash"] as? String)?.count == 64 && $0["payload"] is [String: Any] })

                let decision = try #require(audit["decision"] as? [String: Any])
                #expect(decision["chosen_model"] as? String == "model-a")
                #expect(decision["strategy"] as? String == "complexity")
                #expect((decision["reason"] as? String)?.contains("model-a") == true)
                #expect((decision["features"] as? [String: Any])?["tier"] as? String == "simple")
                let config = try #require(decision["config"] as? [String: Any])
                #expect(config["source"] as? String == "test")
                #expect((config["seq"] as? Int).map { $0 < seqs[0] } == true)
                #expect(config["catalog"] != nil && config["routing"] != nil)

                let attempts = try #require(audit["attempts"] as? [[String: Any]])
                #expect(attempts.count == 2)
                #expect(attempts[0]["attempt"] as? Int == 1 && attempts[0]["outcome"] as? String == "failed")
                #expect(attempts[0]["provider"] as? String == "primary" && attempts[0]["model"] as? String == "model-a")
                #expect(attempts[0]["status"] as? Int == 500)
                #expect(attempts[1]["attempt"] as? Int == 2 && attempts[1]["outcome"] as? String == "succeeded")
                #expect(attempts[1]["provider"] as? String == "backup" && attempts[1]["model"] as? String == "model-b")

                let cost = try #require(audit["cost"] as? [String: Any])
                let expected = Double(UpstreamStub.promptTokens) / 1_000 * 0.0005 + Double(UpstreamStub.completionTokens) / 1_000 * 0.001
                #expect(cost["model"] as? String == "model-b")
                #expect(cost["input_tokens"] as? Int == UpstreamStub.promptTokens)
                #expect(cost["output_tokens"] as? Int == UpstreamStub.completionTokens)
                #expect(cost["input_per_1k"] as? Double == 0.0005 && cost["output_per_1k"] as? Double == 0.001)
                #expect(cost["recomputed_cost_usd"] as? Double == expected)
                #expect(cost["recorded_cost_usd"] as? Double == expected)
                #expect(cost["matches"] as? Bool == true)
                #expect(cost["prices_recorded"] as? Bool == true)

                let chain = try #require(audit["chain"] as? [String: Any])
                #expect(chain["verified"] as? Bool == true)
                #expect(chain["seq"] as? Int == seqs.last)
                #expect(chain["hash"] as? String == events.last?["hash"] as? String)

                // Each event is proved in the current head; the proofs check with the RFC 9162 verifier.
                let proof = try #require(audit["proof"] as? [String: Any])
                #expect(proof["verified"] as? Bool == true)
                let head = try #require(proof["head"] as? [String: Any])
                let treeSize = try #require(head["tree_size"] as? Int)
                #expect(treeSize >= seqs.last!)
                let root = try #require((head["root_hash"] as? String).flatMap(Self.bytes))
                let proved = try #require(proof["events"] as? [[String: Any]])
                #expect(proved.compactMap { $0["seq"] as? Int } == seqs)
                for (event, proofOfEvent) in zip(events, proved) {
                    #expect(proofOfEvent["event_hash"] as? String == event["hash"] as? String)
                    #expect(proofOfEvent["hash_matches_contents"] as? Bool == true && proofOfEvent["included"] as? Bool == true)
                    let path = try #require((proofOfEvent["path"] as? [String])?.compactMap(Self.bytes))
                    let leaf = try #require((proofOfEvent["leaf_hash"] as? String).flatMap(Self.bytes))
                    let seq = try #require(proofOfEvent["seq"] as? Int)
                    #expect(MerkleVerifier.verifyInclusion(
                        leafHash: leaf, index: Int64(seq - 1), size: Int64(treeSize), path: path, root: root))
                    #expect(!MerkleVerifier.verifyInclusion(
                        leafHash: leaf, index: Int64(seq), size: Int64(treeSize), path: path, root: root))
                }

                let unknown = try await client.execute(uri: "/v1/requests/no-such-request", method: .get)
                #expect(unknown.status == .notFound)
                #expect(try unknown.openAIError["param"] as? String == "request_id")
                return (requestID, String(buffer: answer.body))
            }

            // The CLI explains the same request from the ledger the server left, and agrees.
            let cli = try CommandLineRunner()
            let json = try await cli.run(["explain", requestID, "--ledger", harness.ledgerPath, "--json"])
            #expect(json.status == 0, "\(json.stderr)")
            let cliAudit = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            let httpJSON = try #require(JSONSerialization.jsonObject(with: Data(httpAudit.utf8)) as? [String: Any])
            #expect(NSDictionary(dictionary: cliAudit).isEqual(to: httpJSON))

            let text = try await cli.run(["explain", requestID, "--ledger", harness.ledgerPath])
            #expect(text.status == 0)
            #expect(text.stdout.contains("  1  primary/model-a  failed  status 500  "))
            #expect(text.stdout.contains("  2  backup/model-b  succeeded  "))
            #expect(text.stdout.contains("cost      11 input tokens / 1000 × $0.0005 + 5 output tokens / 1000 × $0.001 = "))
            #expect(text.stdout.contains(", matches)"))
            #expect(text.stdout.contains("verified  hashes recomputed, inclusion proofs checked: OK 4 events included in head "))

            let missing = try await cli.run(["explain", "no-such-request", "--ledger", harness.ledgerPath])
            #expect(missing.status == 1)
            #expect(missing.stderr == "routeledger: no request with id no-such-request in the ledger\n")

            // An earlier event of another request altered behind the ledger's back: the audit of this
            // one still holds (its own events and proofs are intact); the full walk finds it.
            try SQLiteEdit.execute(path: harness.ledgerPath, sql: "UPDATE events SET ts = ts + 1 WHERE seq = 1")
            #expect(try await cli.run(["explain", requestID, "--ledger", harness.ledgerPath]).status == 0)
            let walk = try await cli.run(["verify", "--ledger", harness.ledgerPath])
            #expect(walk.status == 1 && walk.stdout.hasPrefix("BROKEN at seq 1:"))

            // One of the request's own events altered: its audit no longer verifies, and says which.
            let decidedSeq = try #require(seqsOfAudit(cliAudit).dropFirst().first)
            try SQLiteEdit.execute(
                path: harness.ledgerPath, sql: "UPDATE events SET ts = ts + 1 WHERE seq = \(decidedSeq)")
            let tampered = try await cli.run(["explain", requestID, "--ledger", harness.ledgerPath])
            #expect(tampered.status == 1)
            #expect(tampered.stdout.contains("NOT VERIFIED: seq \(decidedSeq): hash does not match its contents"))
        }
    }

    /// Bytes from hex.
    static func bytes(_ hex: String) -> [UInt8]? {
        [UInt8](hex: hex)
    }

    private func seqsOfAudit(_ audit: [String: Any]) -> [Int] {
        (audit["events"] as? [[String: Any]] ?? []).compactMap { $0["seq"] as? Int }
    }
}
