import DomainEvents
import Foundation
import Ledger
import Router

/// One move of a provider's circuit breaker, as the board saw it: recorded in the ledger as
/// `provider.breaker_changed`, and kept as the provider's latest change so that a request that
/// skips the provider can say why.
struct BreakerChange: Sendable, Equatable {
    /// The id of its ledger event.
    var eventID: UUID
    var provider: String
    var from: BreakerPhase
    var to: BreakerPhase
    var cause: ProviderBreakerChanged.Cause
    /// The request whose attempt moved it (traffic only).
    var requestID: String?
    var errorClass: String?
    var message: String?
    var consecutiveFailures: Int
    /// When, in Unix milliseconds.
    var timestamp: Int64

    /// The ledger event: in the moving request's history for traffic, on its own for a probe.
    var event: NewEvent {
        NewEvent(
            requestID: requestID ?? UUIDv7.make(milliseconds: timestamp).uuidString.lowercased(),
            body: LedgerEvent.providerBreakerChanged(ProviderBreakerChanged(
                provider: provider, from: from.rawValue, to: to.rawValue, cause: cause, errorClass: errorClass,
                message: message, consecutiveFailures: consecutiveFailures)),
            timestamp: timestamp, eventID: eventID)
    }
}
