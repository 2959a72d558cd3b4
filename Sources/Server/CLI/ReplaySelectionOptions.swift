import Analytics
import ArgumentParser
import DomainEvents
import Foundation
import Ledger

/// The options `replay`, `sweep` and `calibrate` share: which recorded requests, and a
/// replacement price table.
struct ReplaySelectionOptions: ParsableArguments {
    @OptionGroup var location: ProjectedLedgerLocation

    @Option(help: "Only requests received at or after this time (ISO-8601 or epoch seconds).")
    var since: String?

    @Option(help: "Only requests received before this time (ISO-8601 or epoch seconds).")
    var until: String?

    @Option(name: .customLong("actual-model"), help: "Only requests answered by (or, failed, routed to) this model.")
    var actualModel: String?

    @Option(help: "Only requests sent with this API key id.")
    var key: String?

    @Option(help: "Only requests of this team (its virtual keys').")
    var team: String?

    @Option(help: "Only requests with this tag (key:value from metadata, or an x-routeledger-tags tag).")
    var tag: String?

    @Option(help: "Only requests with this user field.")
    var user: String?

    @Option(help: "Only requests that ended so: succeeded or failed.")
    var status: String?

    @Option(help: "A YAML or JSON price table replacing the prices in force: {model: {input_per_1k, output_per_1k}}.")
    var prices: String?

    /// The selection, checked; a bad one is a one-line error.
    func selection() throws -> ReplaySelection {
        do {
            return try ReplaySelection.parse(
                since: since, until: until, model: actualModel, key: key, team: team, tag: tag, user: user, status: status)
        } catch {
            throw CommandLineInputError(message: error.message)
        }
    }

    /// The price table of `--prices`, read and checked.
    func priceTable() throws -> [String: TokenPrices]? {
        guard let prices else { return nil }
        guard let data = FileManager.default.contents(atPath: prices) else {
            throw CommandLineInputError(message: "cannot read the price table \(prices)")
        }
        do {
            return try ReplayPriceTable.read(yaml: String(decoding: data, as: UTF8.self), parameter: "--prices")
        } catch {
            throw CommandLineInputError(message: error.message)
        }
    }

    /// Runs `body` with the projector of the ledger and its replay engine, loaded with a progress
    /// bar on a terminal. A spec problem thrown by `body` becomes a one-line error.
    func withEngine<T: Sendable>(
        label: String, _ body: @Sendable (StatsProjector, ReplayEngine) async throws -> T
    ) async throws -> T {
        try await location.open(readOnly: true).using { ledger in
            let projector = try StatsProjector(ledger: ledger, store: try location.projectionStore())
            let bar = ProgressBar(label: "\(label): catching up", total: try await ledger.head()?.seq ?? 0)
            try await projector.catchUp { bar.update($0) }
            bar.finish()
            let rows = try projector.store.requestCount()
            let loading = ProgressBar(label: "\(label): loading requests", total: Int64(rows))
            let engine = try await projector.replayEngine { loading.update(Int64($0)) }
            loading.finish()
            do {
                return try await body(projector, engine)
            } catch let problem as InvalidQuery {
                throw CommandLineInputError(message: problem.message)
            }
        }
    }
}
