import Foundation
import Ledger
import SeededRandom
import Testing

/// Opening something that is not a usable ledger fails with a precise code, and leaves the file alone.
@Suite struct OpenErrorTests {
    @Test(arguments: [false, true])
    func missingPathIsLedgerMissingAndNothingIsCreated(readOnly: Bool) async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.path("absent.sqlite")
            let error = #expect(throws: LedgerError.self) {
                try Ledger(path: path, options: .testing(readOnly: readOnly, createIfMissing: false))
            }
            expectLedgerError(error, .ledgerMissing, mentioning: [path])
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }

    @Test func missingPathIsCreatedByDefault() async throws {
        try await withTemporaryDirectory { directory in
            let ledger = try Ledger(path: directory.path(), options: .testing())
            await #expect(try ledger.head() == nil)
            await #expect(try ledger.verify() == .intact(count: 0, head: nil))
            await #expect(try ledger.verify().summary == "OK 0 events, head 0 \(String(repeating: "0", count: 64))")
            await ledger.close()
            #expect(FileManager.default.fileExists(atPath: directory.path()))
        }
    }

    @Test(arguments: [false, true])
    func fileOfRandomBytesIsNotALedgerAndIsLeftUnchanged(readOnly: Bool) async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.path("random.bin")
            var generator = SeededGenerator(seed: 60)
            let bytes = (0..<8_192).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
            let error = #expect(throws: LedgerError.self) {
                try Ledger(path: path, options: .testing(readOnly: readOnly))
            }
            expectLedgerError(error, .notALedger, mentioning: [path])
            #expect(FileManager.default.contents(atPath: path) == Data(bytes))
        }
    }

    @Test(arguments: [false, true])
    func sqliteDatabaseOfAnotherAppIsNotALedgerAndIsLeftUnchanged(readOnly: Bool) async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.path("other.sqlite")
            do {
                let file = try SQLiteFile(path: path)
                try file.run("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
                try file.run("INSERT INTO customers (name) VALUES ('Ada')")
            }
            let before = FileManager.default.contents(atPath: path)
            let error = #expect(throws: LedgerError.self) {
                try Ledger(path: path, options: .testing(readOnly: readOnly))
            }
            expectLedgerError(error, .notALedger, mentioning: [path])
            #expect(FileManager.default.contents(atPath: path) == before)
            #expect(try SQLiteFile(path: path).integer("SELECT count(*) FROM sqlite_master WHERE name = 'events'") == 0)
        }
    }

    @Test(arguments: [false, true])
    func ledgerWithAnUnknownMigrationIsFormatTooNew(readOnly: Bool) async throws {
        try await withTemporaryDirectory { directory in
            try await makeClosedLedger(at: directory.path(), events: 3, seed: 61)
            try SQLiteFile(path: directory.path()).run(
                "INSERT INTO ledger_migrations (name, applied_ts) VALUES ('2099-01-01-teleport', 0)")
            let error = #expect(throws: LedgerError.self) {
                try Ledger(path: directory.path(), options: .testing(readOnly: readOnly))
            }
            expectLedgerError(error, .formatTooNew, mentioning: ["2099-01-01-teleport"])
        }
    }
}
