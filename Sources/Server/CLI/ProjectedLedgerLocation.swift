import Analytics
import ArgumentParser
import Ledger

/// `--ledger` and `--projections`: for the commands that read the stats projections as well as
/// the ledger (`stats`, `raw`, `explain`, `export`, `rebuild`, `replay`, `sweep`, `calibrate`).
/// The commands that read only the ledger (`verify`, `head`, `prove`, `ledger …`) take
/// ``LedgerLocation`` alone, so their help lists no option they would ignore.
struct ProjectedLedgerLocation: ParsableArguments {
    @OptionGroup var ledger: LedgerLocation

    @Option(
        name: .long,
        help: "The projections file (default: the ledger's path + -projections; ./routeledger-postgres-projections.sqlite for PostgreSQL).")
    var projections: String?

    /// Opens the existing ledger, as ``LedgerLocation/open(readOnly:createIfMissing:autoTrain:)``.
    func open(readOnly: Bool = false, createIfMissing: Bool = false, autoTrain: Bool = false) async throws -> Ledger {
        try await ledger.open(readOnly: readOnly, createIfMissing: createIfMissing, autoTrain: autoTrain)
    }

    /// The projections' store of this ledger.
    func projectionStore() throws -> ProjectionStore {
        try ProjectionStore(path: projections ?? ledger.address().defaultProjectionsPath)
    }
}
