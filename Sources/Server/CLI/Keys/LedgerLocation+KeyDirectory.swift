import Analytics

extension LedgerLocation {
    /// The key directory (keys and teams) as the ledger holds it, read through a read-only opening.
    func keyDirectory() async throws -> KeyDirectory {
        try await open(readOnly: true).using { try await KeyDirectory.read(from: $0) }
    }
}
