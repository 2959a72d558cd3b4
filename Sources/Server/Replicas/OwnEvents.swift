import Foundation
import Synchronization

/// The ids of events this process appended that it will see again when its projection folds the
/// shared ledger — its completions and breaker moves — so that ``ReplicaSharing`` applies only the
/// other replicas' ones. Bounded: the oldest ids are forgotten first (an id is normally taken back
/// within a catch-up, well under a second).
final class OwnEvents: Sendable {
    private struct State {
        var ids: Set<UUID> = []
        var order: [UUID] = []
        var next = 0
    }

    private let state = Mutex(State())
    private let capacity: Int

    init(capacity: Int = 65_536) {
        self.capacity = max(1, capacity)
    }

    /// Remembers that this process appended `id`.
    func insert(_ id: UUID) {
        state.withLock { state in
            if state.order.count < capacity {
                state.order.append(id)
            } else {
                state.ids.remove(state.order[state.next])
                state.order[state.next] = id
                state.next = (state.next + 1) % capacity
            }
            state.ids.insert(id)
        }
    }

    /// Whether this process appended `id` (forgetting it: each event is folded once).
    func take(_ id: UUID) -> Bool {
        state.withLock { $0.ids.remove(id) != nil }
    }
}
