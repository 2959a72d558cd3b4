import DomainEvents
import Foundation
import Ledger

/// What replicas sharing one ledger learn from each other's events, without Redis: the ledger's
/// follower folds every replica's events, and this applies the others' to this process's runtime
/// state — their breaker moves to the `BreakerBoard` (a provider opened by one is skipped by all),
/// their completions to the latency window of the `latency` strategy.
///
/// Delay: an event reaches the others when their follower is woken by the commit's notification
/// (`LedgerWatcher`) and catches up — measured in BENCHMARKS.md.
struct ReplicaSharing: Sendable {
    let ownEvents: OwnEvents
    let breakers: BreakerBoard
    let latencies: ObservedLatencies

    /// Applies one folded event, unless this process appended it.
    func apply(_ event: ScannedEvent) {
        switch event.event {
        case .providerBreakerChanged(let moved):
            guard !ownEvents.take(event.stored.eventID) else { return }
            breakers.recordRemote(
                moved, eventID: event.stored.eventID, requestID: event.stored.requestID, timestamp: event.stored.timestamp)
        case .completionSucceeded(let completion) where completion.finishReason != "cancelled":
            guard !ownEvents.take(event.stored.eventID) else { return }
            latencies.record(model: completion.model, milliseconds: completion.latencyMilliseconds)
        default:
            break
        }
    }
}
