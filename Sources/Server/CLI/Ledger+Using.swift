import Ledger

extension Ledger {
    /// Runs `body` with the ledger and closes it afterwards, whether `body` succeeded or threw.
    func using<T>(_ body: (Ledger) async throws -> T) async throws -> T {
        let result: Result<T, any Error>
        do {
            result = .success(try await body(self))
        } catch {
            result = .failure(error)
        }
        await close()
        return try result.get()
    }
}
