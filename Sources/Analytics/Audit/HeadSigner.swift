import CanonicalJSON
import Crypto
import Foundation
import Ledger

/// Signs tree heads with an Ed25519 key from the environment, so a head kept by an auditor can be
/// shown to come from this ledger's operator (in the manner of a Certificate Transparency log's
/// signed tree head). The key never leaves the process: errors and output name only the variable.
public struct HeadSigner: Sendable {
    /// The environment variable holding the private key (32 bytes, as base64 or hex).
    public static let environmentVariable = "ROUTELEDGER_HEAD_SIGNING_KEY"

    private let key: Curve25519.Signing.PrivateKey

    /// The signer the environment configures; nil when the variable is unset or empty.
    public init?(environment: [String: String]) throws {
        guard let text = environment[Self.environmentVariable]?.trimmingCharacters(in: .whitespaces), !text.isEmpty
        else { return nil }
        let raw = (text.utf8.count == 64 ? [UInt8](hex: text) : nil) ?? Data(base64Encoded: text).map(Array.init)
        guard let raw, raw.count == 32, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw) else {
            throw HeadSigningError(
                message: "\(Self.environmentVariable) must hold a 32-byte Ed25519 private key as base64 or hex")
        }
        self.key = key
    }

    /// The public key an auditor verifies signatures with (32 bytes).
    public var publicKey: [UInt8] { Array(key.publicKey.rawRepresentation) }

    /// The Ed25519 signature of ``message(for:)``.
    public func signature(of head: TreeHead) throws -> [UInt8] {
        Array(try key.signature(for: Self.message(for: head)))
    }

    /// The signed bytes: `routeledger-tree-head:v1:<tree_size>:<root_hash hex>:<timestamp>` in UTF-8.
    public static func message(for head: TreeHead) -> [UInt8] {
        Array("routeledger-tree-head:v1:\(head.size):\(head.rootHash.hexString):\(head.timestamp)".utf8)
    }

    /// The head as JSON with its signature and public key (hex).
    public func signedJSON(_ head: TreeHead) throws -> JSONValue {
        guard case .object(var fields) = AuditProof.headJSON(head) else { return AuditProof.headJSON(head) }
        fields["signature"] = .string(try signature(of: head).hexString)
        fields["public_key"] = .string(publicKey.hexString)
        return .object(fields)
    }
}

/// The head-signing key in the environment cannot be used.
public struct HeadSigningError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
