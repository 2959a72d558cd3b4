import Foundation
import Ledger
import Testing

/// One kind of event store the store tests run against. Every test of the store runs against every
/// backend listed in ``all``; a new backend (PostgreSQL, in-memory, …) is added there.
struct StoreBackend: Sendable, CustomTestStringConvertible {
    let name: String
    /// Opens a new, empty store keeping its data in `directory`.
    let open: @Sendable (_ directory: TemporaryDirectory) throws -> any EventStore

    var testDescription: String { name }

    static let sqlite = StoreBackend(name: "SQLite") { directory in
        try SQLiteEventStore(path: directory.path("store.sqlite"))
    }

    static let all: [StoreBackend] = [.sqlite]
}
