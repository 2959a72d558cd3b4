import Logging
import PostgresNIO

extension PostgresEventStore {
    /// Calls `onAppend` each time any process commits to this ledger (LISTEN on
    /// ``notificationChannel``; each commit notifies its new head seq), until the calling task is
    /// cancelled. After every (re)subscription `onAppend` is called once more with nil: whatever
    /// was committed while nobody listened. A lost connection is retried every `retryAfter`.
    ///
    /// Notifications only wake a follower: it catches up by seq, so one lost notification costs
    /// a delay, never an event.
    public func watchAppends(retryAfter: Duration = .seconds(1), _ onAppend: @escaping @Sendable (Int64?) -> Void) async {
        let logger = logger
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: Self.notificationChannel) { notifications in
                        onAppend(nil)
                        for try await notification in notifications { onAppend(Int64(notification.payload)) }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.warning(
                    "not listening to the ledger's appends; retrying",
                    metadata: ["error": "\(PostgresErrors.mapping(error, url: url))"])
            }
            try? await Task.sleep(for: retryAfter)
            onAppend(nil)
        }
    }
}
