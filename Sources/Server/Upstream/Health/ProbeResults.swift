import Synchronization

/// The latest health probe of each provider that has one, shared by the prober and the pages
/// that show it.
final class ProbeResults: Sendable {
    private let latest = Mutex<[String: ProbeResult]>([:])

    func record(_ result: ProbeResult, for provider: String) {
        latest.withLock { $0[provider] = result }
    }

    /// The latest probe of `provider`; nil before its first probe, or when it has no health check.
    func latest(_ provider: String) -> ProbeResult? {
        latest.withLock { $0[provider] }
    }
}
