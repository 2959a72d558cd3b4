import Analytics
import Foundation
import SQLiteSupport
import Testing

/// The projection store's failures speak of its own file, in SQLite support's words, never of
/// "the ledger".
@Suite struct ProjectionStoreErrorTests {
    @Test func aFileThatIsNotADatabaseIsNamedAsSuch() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("projections-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("routeledger.projections.sqlite").path
        try Data(repeating: 0x41, count: 4_096).write(to: URL(fileURLWithPath: path))

        let error = #expect(throws: SQLiteError.self) { try ProjectionStore(path: path) }
        #expect(error?.kind == .notADatabase)
        #expect(error?.description == "\(path) is not an SQLite database")
    }

    @Test func aFolderThatCannotHoldTheFileIsACannotOpen() throws {
        let path = "/nonexistent-\(UUID().uuidString)/routeledger.projections.sqlite"
        let error = #expect(throws: SQLiteError.self) { try ProjectionStore(path: path) }
        #expect(error?.kind == .cannotOpen)
        #expect(error?.description.hasPrefix("cannot open the database \(path): ") == true)
    }
}
