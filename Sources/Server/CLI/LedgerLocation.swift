import Analytics
import ArgumentParser
import Foundation
import Ledger

/// The `--ledger` option every command takes (with `--projections` for the commands that read the
/// projections too: ``ProjectedLedgerLocation``).
struct LedgerLocation: ParsableArguments {
    @Option(
        name: .long,
        help: "The ledger: an SQLite file (PATH or sqlite:PATH), or postgres (the URL in $ROUTELEDGER_DATABASE_URL) or postgres:VARIABLE.")
    var ledger = "./routeledger.sqlite"

    /// Where the ledger is.
    func address() throws -> LedgerAddress {
        try LedgerAddress(parsing: ledger)
    }

    /// Opens the existing ledger. Only commands that add events may create a missing one
    /// (`createIfMissing`); the others never do, so a typo cannot yield an empty ledger. Commands
    /// that append many events (`autoTrain`) train the first dictionary as the gateway does.
    func open(readOnly: Bool = false, createIfMissing: Bool = false, autoTrain: Bool = false) async throws -> Ledger {
        var options = LedgerOptions()
        options.store.createIfMissing = createIfMissing
        options.store.readOnly = readOnly
        if !autoTrain { options.autoTrainAfterEvents = 0 }
        return try await open(options: options)
    }

    /// Opens the ledger with `options`.
    func open(options: LedgerOptions) async throws -> Ledger {
        try await address().open(options: options, environment: ProcessInfo.processInfo.environment)
    }
}
