import Synchronization

/// The recent latency of each model, for the `latency` strategy: the median of its last
/// ``window`` successful completions, kept up to date as completions are recorded.
final class ObservedLatencies: Sendable {
    /// How many recent completions of a model the median is taken over.
    static let window = 64

    private struct ModelWindow {
        var recent: [Double] = []
        var next = 0
        var median = 0.0

        mutating func add(_ milliseconds: Double) {
            if recent.count < ObservedLatencies.window {
                recent.append(milliseconds)
            } else {
                recent[next] = milliseconds
                next = (next + 1) % ObservedLatencies.window
            }
            let sorted = recent.sorted()
            median = sorted[(sorted.count - 1) / 2]
        }
    }

    private let windows = Mutex<[String: ModelWindow]>([:])

    /// Adds a successful completion of `model` that took `milliseconds`.
    func record(model: String, milliseconds: Double) {
        windows.withLock { $0[model, default: ModelWindow()].add(milliseconds) }
    }

    /// Each observed model's median latency in milliseconds (the router's latency snapshot).
    func snapshot() -> [String: Double] {
        windows.withLock { $0.mapValues(\.median) }
    }
}
