import Analytics
import CanonicalJSON
import Hummingbird
import Ledger

/// `GET /v1/ledger/head` and `GET /v1/ledger/proof`: the tree head and the proofs of
/// `routeledger head` / `prove`, for auditors who keep heads (admin key when keys are configured:
/// an inclusion proof carries the event's payload). Reads run on the blocking-read executor.
struct LedgerProofController: Sendable {
    let ledger: Ledger
    /// Signs the heads `/v1/ledger/head` gives, when a key is configured.
    let signer: HeadSigner?

    func addRoutes(to group: RouterGroup<GatewayContext>) {
        group.get("v1/ledger/head") { request, _ in
            let treeSize = try Self.integer(request, "tree_size")
            let signer = signer
            return try await respond(outOfRange: "tree_size") { ledger in
                let head = try await ledger.treeHead(size: treeSize)
                return try signer?.signedJSON(head) ?? AuditProof.headJSON(head)
            }
        }
        group.get("v1/ledger/proof") { request, _ in
            let treeSize = try Self.integer(request, "tree_size")
            let seq = try Self.integer(request, "seq")
            let from = try Self.integer(request, "consistency_from")
            switch (seq, from) {
            case (let seq?, nil):
                return try await respond(outOfRange: "seq") { ledger in
                    try await Self.check(treeSize: treeSize, in: ledger)
                    return try await ProofStatement.inclusion(seq: seq, treeSize: treeSize, in: ledger).document
                }
            case (nil, let from?):
                return try await respond(outOfRange: "consistency_from") { ledger in
                    try await Self.check(treeSize: treeSize, in: ledger)
                    return try await ProofStatement.consistency(from: from, treeSize: treeSize, in: ledger).document
                }
            default:
                throw OpenAIError.invalidRequest("give exactly one of seq and consistency_from", param: "seq")
            }
        }
    }

    /// A non-negative integer query parameter, or a 400 naming it.
    private static func integer(_ request: Request, _ name: String) throws -> Int64? {
        guard let text = request.uri.queryParameters[name[...]] else { return nil }
        guard let value = Int64(text), value >= 0 else {
            throw OpenAIError.invalidRequest("\(name) must be a non-negative integer", param: name)
        }
        return value
    }

    /// A 400 naming `tree_size` when the ledger holds fewer events than it.
    private static func check(treeSize: Int64?, in ledger: Ledger) async throws {
        guard let treeSize else { return }
        let size = try await ledger.head()?.seq ?? 0
        if treeSize > size {
            throw OpenAIError.invalidRequest(
                "the ledger holds \(size) events; there is no tree of \(treeSize)", param: "tree_size", code: "out_of_range")
        }
    }

    /// Runs `make` on the blocking pool and answers its JSON; a seq or size the ledger does not
    /// have is a 400 naming `parameter`.
    private func respond(
        outOfRange parameter: String, _ make: @escaping @Sendable (Ledger) async throws -> JSONValue
    ) async throws -> JSONValue {
        let ledger = ledger
        do {
            return try await withTaskExecutorPreference(BlockingReadExecutor.shared) { try await make(ledger) }
        } catch let error as LedgerError where error.code == .outOfRange {
            throw OpenAIError.invalidRequest(error.message, param: parameter, code: "out_of_range")
        }
    }
}
