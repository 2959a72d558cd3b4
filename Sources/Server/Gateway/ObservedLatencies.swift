import Synchronization

/// The recent latency of each model, for the `latency` strategy: the median of its last
/// ``window`` successful completions, kept up to date as completions are recorded, so reading
/// the snapshot on every request costs nothing.
final class ObservedLatencies: Sendable {
    /// How many recent completions of a model the median is taken over.
    static let window = 64

    private struct ModelWindow {
        var recent: [Double] = []
        var next = 0

        /// Adds a latency; the window's median after it.
        mutating func add(_ milliseconds: Double) -> Double {
            if recent.count < ObservedLatencies.window {
                recent.append(milliseconds)
            } else {
                recent[next] = milliseconds
                next = (next + 1) % ObservedLatencies.window
            }
            let sorted = recent.sorted()
            return sorted[(sorted.count - 1) / 2]
        }
    }

    private struct State {
        var windows: [String: ModelWindow] = [:]
        /// Each observed model's median, as the router reads it.
        var medians: [String: Double] = [:]
    }

    private let state = Mutex(State())

    /// Adds a successful completion of `model` that took `milliseconds`.
    func record(model: String, milliseconds: Double) {
        state.withLock { state in
            state.medians[model] = state.windows[model, default: ModelWindow()].add(milliseconds)
        }
    }

    /// Each observed model's median latency in milliseconds (the router's latency snapshot).
    func snapshot() -> [String: Double] {
        state.withLock { $0.medians }
    }
}
