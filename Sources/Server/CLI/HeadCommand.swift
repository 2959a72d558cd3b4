import Analytics
import ArgumentParser
import Foundation
import Ledger

/// `routeledger head`: the ledger's Merkle tree head — keep it, and later ask `prove
/// --consistency-from` whether the ledger still extends it.
struct HeadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "head",
        abstract: "Print the ledger's tree head: size, root hash and time.",
        discussion: """
            The head of the first --size events when given (an earlier head, recomputed), else of the whole ledger. \
            With ROUTELEDGER_HEAD_SIGNING_KEY set (an Ed25519 private key, 32 bytes as base64 or hex), the head is \
            signed: the JSON adds signature and public_key.
            """
    )

    @OptionGroup var location: LedgerLocation

    @Option(help: "The tree size (number of events) of an earlier head.")
    var size: Int64?

    @Flag(help: "Print the head as JSON.")
    var json = false

    func run() async throws {
        let signer: HeadSigner?
        do {
            signer = try HeadSigner(environment: ProcessInfo.processInfo.environment)
        } catch let error as HeadSigningError {
            throw CommandLineInputError(message: error.message)
        }
        let head = try await location.open(readOnly: true).using { try await $0.treeHead(size: size) }
        if json {
            printJSONValue(try signer?.signedJSON(head) ?? AuditProof.headJSON(head))
        } else {
            print("tree_size \(head.size)  root \(head.rootHash.hexString)  "
                + (head.size == 0 ? "(empty)" : "at \(RecordTimestamp.format(head.timestamp))"))
            if let signer {
                print("signature \(try signer.signature(of: head).hexString)  public_key \(signer.publicKey.hexString)")
            }
        }
    }
}
