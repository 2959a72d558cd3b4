import ArgumentParser
import Foundation
import Ledger

/// `routeledger verify`: walks the hash chain and reports the first bad event.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify the ledger's hash chain.",
        discussion: "Prints 'OK <count> events, head <seq> <hash>' and exits 0, or the first bad seq and why, exiting 1."
    )

    @OptionGroup var location: LedgerLocation

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() async throws {
        let result = try await location.open(readOnly: true).using { ledger in
            let bar = ProgressBar(label: "verify", total: try await ledger.head()?.seq ?? 0)
            defer { bar.finish() }
            return try await ledger.verify { bar.update($0) }
        }
        if json {
            try printJSON(VerificationReport(result))
        } else {
            print(result.summary)
        }
        if case .broken = result { throw ExitCode(1) }
    }
}

/// The JSON form of a verification.
struct VerificationReport: Encodable {
    var ok: Bool
    var count: Int64?
    var headSeq: Int64?
    var headHash: String?
    var badSeq: Int64?
    var reason: String?

    init(_ verification: ChainVerification) {
        switch verification {
        case .intact(let count, let head):
            ok = true
            self.count = count
            headSeq = head?.seq ?? 0
            headHash = (head?.hash ?? HashChain.genesis).hexString
        case .broken(let seq, let reason):
            ok = false
            badSeq = seq
            self.reason = reason
        }
    }

    enum CodingKeys: String, CodingKey {
        case ok, count, reason
        case headSeq = "head_seq"
        case headHash = "head_hash"
        case badSeq = "bad_seq"
    }
}
