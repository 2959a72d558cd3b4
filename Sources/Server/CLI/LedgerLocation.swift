import ArgumentParser
import Ledger

/// The `--ledger PATH` option every command takes.
struct LedgerLocation: ParsableArguments {
    @Option(name: .long, help: "The ledger file.")
    var ledger = "./routeledger.sqlite"

    /// Opens the existing ledger. Only commands that add events may create a missing one
    /// (`createIfMissing`); the others never do, so a typo cannot yield an empty ledger. Commands
    /// that append many events (`autoTrain`) train the first dictionary as the gateway does.
    func open(readOnly: Bool = false, createIfMissing: Bool = false, autoTrain: Bool = false) throws -> Ledger {
        var options = LedgerOptions()
        options.store.createIfMissing = createIfMissing
        options.store.readOnly = readOnly
        if !autoTrain { options.autoTrainAfterEvents = 0 }
        return try Ledger(path: ledger, options: options)
    }
}
