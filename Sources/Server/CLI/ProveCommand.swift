import Analytics
import ArgumentParser
import CanonicalJSON
import Ledger

/// `routeledger prove`: a Merkle proof an auditor can check on their own (README, "Checking a
/// proof by hand"): that an event is in a head, or that an earlier head is a prefix of a later one.
struct ProveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove",
        abstract: "Prove that an event is in the ledger's tree head, or that an earlier head is a prefix of a later one.",
        discussion: """
            --seq N: the inclusion proof of event N (in the head of --tree-size events, default the current head), with \
            the event's envelope and payload so its hash can be recomputed. --request ID: the inclusion proofs of every \
            event of a request. --consistency-from N: the consistency proof from the head of N events to the head of \
            --tree-size events (default the current head). Exits 1 when a proof does not verify.
            """
    )

    @OptionGroup var location: LedgerLocation

    @Option(help: "The seq of the event to prove.")
    var seq: Int64?

    @Option(help: "The request whose events to prove.")
    var request: String?

    @Option(name: .customLong("consistency-from"), help: "The size of the earlier head.")
    var consistencyFrom: Int64?

    @Option(name: .customLong("tree-size"), help: "The size of the head to prove in (default: the current head).")
    var treeSize: Int64?

    @Flag(help: "Print the proof as JSON (the form README's checking steps read).")
    var json = false

    func run() async throws {
        let chosen = [seq != nil, request != nil, consistencyFrom != nil].filter { $0 }.count
        guard chosen == 1 else {
            throw CommandLineInputError(message: "give exactly one of --seq, --request or --consistency-from")
        }
        let proofs = try await location.open(readOnly: true).using { ledger -> [ProofStatement] in
            if let seq { return [try await .inclusion(seq: seq, treeSize: treeSize, in: ledger)] }
            if let consistencyFrom { return [try await .consistency(from: consistencyFrom, treeSize: treeSize, in: ledger)] }
            let events = try await ledger.events(requestID: request ?? "")
            guard !events.isEmpty else {
                throw CommandLineInputError(message: "no request with id \(request ?? "") in the ledger")
            }
            var size = treeSize ?? 0
            if treeSize == nil { size = try await ledger.treeHead().size }
            var proofs: [ProofStatement] = []
            for event in events { proofs.append(try await .inclusion(seq: event.seq, treeSize: size, in: ledger)) }
            return proofs
        }
        if json {
            printJSONValue(request == nil ? proofs[0].document : .array(proofs.map(\.document)))
        } else {
            for proof in proofs {
                print("\(proof.claim): \(proof.verified ? "verified" : "DOES NOT VERIFY"), \(proof.pathLength) hashes")
            }
        }
        if proofs.contains(where: { !$0.verified }) { throw ExitCode(1) }
    }
}
