import Foundation
import Ledger
import PostgresLedger
import PostgresTestSupport
import Testing

/// One kind of event store the store tests run against. Every test of the store runs against every
/// backend listed in ``all``.
struct StoreBackend: Sendable, CustomTestStringConvertible {
    let name: String
    /// Runs `body` with a new, empty place for a store (a temporary folder, a new database),
    /// removed afterwards.
    let withPlace: @Sendable (_ body: (StorePlace) async throws -> Void) async throws -> Void

    var testDescription: String { name }

    static let sqlite = StoreBackend(name: "SQLite") { body in
        try await withTemporaryDirectory { directory in
            try await body(StorePlace { options in try SQLiteEventStore(path: directory.path("store.sqlite"), options: options) })
        }
    }

    /// A database of its own on the test cluster (`TestDatabase`).
    static let postgres = StoreBackend(name: "PostgreSQL") { body in
        try await TestDatabase.with { url in
            try await body(StorePlace { options in try await PostgresEventStore.open(url: PostgresURL(url), options: options) })
        }
    }

    static let all: [StoreBackend] = [.sqlite, .postgres]
}

/// Where a test's store lives; each ``open(_:)`` opens (the first creates) the same store.
struct StorePlace: Sendable {
    let open: @Sendable (StoreOptions) async throws -> any EventStore

    init(open: @escaping @Sendable (StoreOptions) async throws -> any EventStore) {
        self.open = open
    }

    /// Opens the store with the default options.
    func open() async throws -> any EventStore {
        try await open(StoreOptions())
    }

    /// A ledger over the store, opened with `options`.
    func ledger(_ options: LedgerOptions) async throws -> Ledger {
        try Ledger(store: try await open(options.store), options: options)
    }
}
