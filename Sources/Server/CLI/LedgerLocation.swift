import ArgumentParser
import Ledger

/// The `--ledger PATH` option every command takes.
struct LedgerLocation: ParsableArguments {
    @Option(name: .long, help: "The ledger file.")
    var ledger = "./routeledger.sqlite"

    /// Opens the existing ledger (never creates one: a typo must not yield an empty ledger).
    func open(readOnly: Bool = false) throws -> Ledger {
        var options = LedgerOptions()
        options.store.createIfMissing = false
        options.store.readOnly = readOnly
        options.autoTrainAfterEvents = 0
        return try Ledger(path: ledger, options: options)
    }
}
