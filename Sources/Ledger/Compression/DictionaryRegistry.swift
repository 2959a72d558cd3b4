import Synchronization

/// The ledger's compression dictionaries, loaded once, and which one new events use (the newest).
final class DictionaryRegistry: Sendable {
    private struct State {
        var byID: [Int: ZstdDictionary] = [:]
        var current: ZstdDictionary?
    }

    private let state = Mutex(State())
    private let level: Int32

    init(level: Int32) {
        self.level = level
    }

    /// The dictionary new events are compressed with; nil until one was trained.
    var current: ZstdDictionary? { state.withLock { $0.current } }

    /// Loads stored dictionaries; the newest becomes current.
    func load(_ stored: [StoredDictionary]) throws {
        let built = try stored.map { try ZstdDictionary(id: $0.id, bytes: $0.bytes, level: level) }
        state.withLock { state in
            for dictionary in built {
                state.byID[dictionary.id] = dictionary
                if dictionary.id > (state.current?.id ?? 0) { state.current = dictionary }
            }
        }
    }

    /// The dictionary with `id`; nil for 0 (no dictionary) and for ids not loaded.
    func dictionary(id: Int) -> ZstdDictionary? {
        state.withLock { $0.byID[id] }
    }
}
