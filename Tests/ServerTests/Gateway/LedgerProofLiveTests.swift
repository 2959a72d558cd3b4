import Analytics
import CommandLineHarness
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import Router
import Testing
@testable import Server

/// `GET /v1/ledger/head` and `GET /v1/ledger/proof` on the live gateway: the head and proofs of
/// `routeledger head` / `prove`, checked with the RFC 9162 verifier; bad parameters are 400s.
@Suite struct LedgerProofLiveTests {
    @Test func headAndProofsOfTheServedTrafficVerifyAndBadParametersAreA400() async throws {
        let harness = GatewayHarness(config: .builtIn)
        defer { harness.removeLedger() }
        try await harness.run { client in
            for index in 0..<22 {
                let response = try await client.chatCompletion(
                    #"{"messages":[{"role":"user","content":"question \#(index) about proofs"}]}"#)
                #expect(response.status == .ok)
            }
            let head = try await client.execute(uri: "/v1/ledger/head", method: .get).json
            let size = try #require(head["tree_size"] as? Int)
            // config.applied, then three events per request (received, decided, succeeded).
            #expect(size == 1 + 22 * 3)
            let root = try #require((head["root_hash"] as? String).flatMap(RequestAuditLiveTests.bytes))

            for seq in [1, 2, 64, 65, size] {
                let proof = try await client.execute(uri: "/v1/ledger/proof?seq=\(seq)", method: .get).json
                #expect(proof["verified"] as? Bool == true)
                #expect(proof["tree_size"] as? Int == size)
                let leaf = try #require((proof["leaf_hash"] as? String).flatMap(RequestAuditLiveTests.bytes))
                let path = try #require((proof["path"] as? [String])?.compactMap(RequestAuditLiveTests.bytes))
                #expect(MerkleVerifier.verifyInclusion(
                    leafHash: leaf, index: Int64(seq - 1), size: Int64(size), path: path, root: root))
            }

            let earlier = try await client.execute(uri: "/v1/ledger/head?tree_size=50", method: .get).json
            let earlierRoot = try #require((earlier["root_hash"] as? String).flatMap(RequestAuditLiveTests.bytes))
            let consistency = try await client.execute(uri: "/v1/ledger/proof?consistency_from=50", method: .get).json
            #expect(consistency["verified"] as? Bool == true)
            let path = try #require((consistency["path"] as? [String])?.compactMap(RequestAuditLiveTests.bytes))
            #expect(MerkleVerifier.verifyConsistency(
                firstSize: 50, firstRoot: earlierRoot, secondSize: Int64(size), secondRoot: root, path: path))

            let bad: [(String, String)] = [
                ("/v1/ledger/proof", "seq"), ("/v1/ledger/proof?seq=1&consistency_from=1", "seq"),
                ("/v1/ledger/proof?seq=x", "seq"), ("/v1/ledger/proof?seq=-3", "seq"),
                ("/v1/ledger/proof?seq=\(size + 1)", "seq"), ("/v1/ledger/proof?seq=0", "seq"),
                ("/v1/ledger/proof?seq=3&tree_size=2", "seq"), ("/v1/ledger/proof?seq=1&tree_size=\(size + 1)", "tree_size"),
                ("/v1/ledger/proof?consistency_from=\(size + 5)", "consistency_from"),
                ("/v1/ledger/proof?consistency_from=0", "consistency_from"),
                ("/v1/ledger/head?tree_size=\(size + 1)", "tree_size"), ("/v1/ledger/head?tree_size=1e3", "tree_size"),
            ]
            for (uri, param) in bad {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .badRequest, "\(uri)")
                #expect(try response.openAIError["param"] as? String == param, "\(uri)")
            }
        }
    }

    @Test func proofsNeedTheAdminKeyWhenKeysAreConfigured() async throws {
        let config = try GatewayHarness.stubConfig(port: 9, extra: "auth: {client_key_envs: [CLIENT_KEY], admin_key_env: ADMIN_KEY}")
        let harness = GatewayHarness(config: config, environment: ["CLIENT_KEY": "client-secret", "ADMIN_KEY": "admin-secret"])
        defer { harness.removeLedger() }
        try await harness.run { client in
            for uri in ["/v1/ledger/head", "/v1/ledger/proof?seq=1"] {
                let anonymous = try await client.execute(uri: uri, method: .get)
                let asClient = try await client.execute(uri: uri, method: .get, headers: [.authorization: "Bearer client-secret"])
                let asAdmin = try await client.execute(uri: uri, method: .get, headers: [.authorization: "Bearer admin-secret"])
                #expect(anonymous.status == .unauthorized)
                #expect(asClient.status == .forbidden)
                #expect(asAdmin.status == .ok)
            }
        }
    }

    @Test func headsAreSignedWithTheEd25519KeyFromTheEnvironmentWhichNeverAppears() async throws {
        let key = Curve25519.Signing.PrivateKey()
        let secret = key.rawRepresentation.base64EncodedString()
        let environment = [HeadSigner.environmentVariable: secret]
        let harness = GatewayHarness(config: .builtIn, environment: environment)
        defer { harness.removeLedger() }
        let served = try await harness.run { client in
            #expect(try await client.chatCompletion(#"{"messages":[{"role":"user","content":"sign me"}]}"#).status == .ok)
            return String(buffer: try await client.execute(uri: "/v1/ledger/head", method: .get).body)
        }
        let cli = try CommandLineRunner()
        let printed = try await cli.run(["head", "--json", "--ledger", harness.ledgerPath], environment: environment)
        #expect(printed.status == 0, "\(printed.stderr)")
        let head = try #require(JSONSerialization.jsonObject(with: Data(printed.stdout.utf8)) as? [String: Any])
        let servedHead = try #require(JSONSerialization.jsonObject(with: Data(served.utf8)) as? [String: Any])
        for head in [servedHead, head] {
            let size = try #require(head["tree_size"] as? Int)
            #expect(size == 4)
            #expect(head["public_key"] as? String == Array(key.publicKey.rawRepresentation).hexString)
            let message = "routeledger-tree-head:v1:\(size):\(head["root_hash"] as? String ?? ""):\(head["timestamp"] as? Int ?? -1)"
            let signature = try #require((head["signature"] as? String).flatMap(RequestAuditLiveTests.bytes))
            #expect(key.publicKey.isValidSignature(signature, for: Data(message.utf8)))
            #expect(!key.publicKey.isValidSignature(signature, for: Data((message + "0").utf8)))
        }
        #expect(!printed.stdout.contains(secret))

        let bad = try await cli.run(
            ["head", "--ledger", harness.ledgerPath], environment: [HeadSigner.environmentVariable: "not-a-key-\(secret)"])
        #expect(bad.status == 1)
        #expect(bad.stderr == "routeledger: ROUTELEDGER_HEAD_SIGNING_KEY must hold a 32-byte Ed25519 private key as base64 or hex\n")
    }
}
