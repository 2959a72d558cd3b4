import Analytics
import ArgumentParser
import Ledger

/// `routeledger head`: the ledger's Merkle tree head — keep it, and later ask `prove
/// --consistency-from` whether the ledger still extends it.
struct HeadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "head",
        abstract: "Print the ledger's tree head: size, root hash and time.",
        discussion: "The head of the first --size events when given (an earlier head, recomputed), else of the whole ledger."
    )

    @OptionGroup var location: LedgerLocation

    @Option(help: "The tree size (number of events) of an earlier head.")
    var size: Int64?

    @Flag(help: "Print the head as JSON.")
    var json = false

    func run() async throws {
        let head = try await location.open(readOnly: true).using { try $0.treeHead(size: size) }
        if json {
            printJSONValue(AuditProof.headJSON(head))
        } else {
            print("tree_size \(head.size)  root \(head.rootHash.hexString)  "
                + (head.size == 0 ? "(empty)" : "at \(RecordTimestamp.format(head.timestamp))"))
        }
    }
}
