import Foundation
import ServiceLifecycle
import Synchronization

/// Wakes the console's live streams: the projection follower signals after each catch-up, and a
/// keep-alive tick signals every ``keepAlive`` (so a stream whose browser left notices when its
/// write fails). Each subscriber holds at most one pending signal; what a stream sends it reads
/// from the projector's bounded list of recently ended requests, so no stream buffers requests.
final class LiveRequestFeed: Service, Sendable {
    /// Open live streams at most; one more gets 429.
    static let maximumSubscribers = 64
    /// Requests one wake-up sends at most (the newest, when more ended).
    static let batchLimit = 100
    static let keepAlive = Duration.seconds(10)

    struct Subscription: Sendable {
        var id: UUID
        var signals: AsyncStream<Void>
    }

    private let subscribers = Mutex<[UUID: AsyncStream<Void>.Continuation]>([:])

    /// A new subscription; nil when ``maximumSubscribers`` are open.
    func subscribe() -> Subscription? {
        let (signals, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let id = UUID()
        let added = subscribers.withLock { subscribers in
            guard subscribers.count < Self.maximumSubscribers else { return false }
            subscribers[id] = continuation
            return true
        }
        guard added else { return nil }
        // The first signal sends what ended since the stream's position.
        continuation.yield()
        return Subscription(id: id, signals: signals)
    }

    func unsubscribe(_ id: UUID) {
        subscribers.withLock { $0.removeValue(forKey: id) }?.finish()
    }

    /// Wakes every stream.
    func publish() {
        for continuation in subscribers.withLock({ Array($0.values) }) { continuation.yield() }
    }

    /// How many streams are open.
    var count: Int { subscribers.withLock { $0.count } }

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: Self.keepAlive)
                self.publish()
            }
        }
        // Shutting down: end every stream, so the server's drain does not wait for them.
        for continuation in subscribers.withLock({ Array($0.values) }) { continuation.finish() }
    }
}
