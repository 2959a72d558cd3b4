import Analytics
import ArgumentParser
import Foundation
import Ledger

/// `routeledger rebuild`: drops the projections' state and folds the whole ledger again.
struct RebuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild",
        abstract: "Rebuild the projections (stats) from seq 1.",
        discussion: "Prints how many events were folded and how fast. The result equals what catching up builds."
    )

    @OptionGroup var location: ProjectedLedgerLocation

    func run() async throws {
        let (seq, seconds) = try await location.open(readOnly: true).using { ledger in
            let projector = try StatsProjector(ledger: ledger, store: try location.projectionStore())
            let bar = ProgressBar(label: "rebuild", total: try await ledger.head()?.seq ?? 0)
            defer { bar.finish() }
            let started = ContinuousClock.now
            try await projector.rebuild { bar.update($0) }
            return (await projector.projection.seq, (ContinuousClock.now - started) / .seconds(1))
        }
        let rate = seconds > 0 ? Double(seq) / seconds : 0
        print("rebuilt stats: \(seq) events in \(String(format: "%.2f", seconds)) s (\(String(format: "%.0f", rate)) events/s)")
    }
}
