import Ledger
import Testing

/// Checks that `error` has `code` and a message a person can read: a sentence of several words that
/// mentions each of `mentioning`, with no debug dump in it.
func expectLedgerError(
    _ error: (any Error)?, _ code: LedgerError.Code, mentioning details: [String] = [],
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard let error = error as? LedgerError else {
        Issue.record("expected a LedgerError \(code), got \(String(describing: error))", sourceLocation: sourceLocation)
        return
    }
    #expect(error.code == code, "\(error.message)", sourceLocation: sourceLocation)
    #expect(error.message.split(separator: " ").count >= 4, "not a sentence: \(error.message)", sourceLocation: sourceLocation)
    #expect(!error.message.contains("Optional("), "\(error.message)", sourceLocation: sourceLocation)
    #expect(error.description == error.message, sourceLocation: sourceLocation)
    for detail in details {
        #expect(error.message.contains(detail), "\(error.message) does not mention \(detail)", sourceLocation: sourceLocation)
    }
}
