/// The last ``capacity`` requests that ended, in the order they ended: a ring, so a live feed
/// reads the newest without touching the store and memory stays bounded however many end.
struct RecentRequests: Sendable {
    let capacity: Int
    private var ring: [CompletedRequest] = []
    /// Where the next request goes once the ring is full (its oldest).
    private var next = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        ring.reserveCapacity(self.capacity)
    }

    /// Keeps `request`, forgetting the oldest when full.
    mutating func append(_ request: CompletedRequest) {
        if ring.count < capacity {
            ring.append(request)
        } else {
            ring[next] = request
            next = (next + 1) % capacity
        }
    }

    mutating func removeAll() {
        ring.removeAll(keepingCapacity: true)
        next = 0
    }

    /// Those that ended after completion seq `seq`, oldest first: the newest `limit` of them.
    func ended(after seq: Int64, limit: Int) -> [CompletedRequest] {
        var newestFirst: [CompletedRequest] = []
        var offset = ring.count - 1
        while offset >= 0, newestFirst.count < limit {
            let request = ring[(next + offset) % ring.count]
            if request.completionSeq <= seq { break }
            newestFirst.append(request)
            offset -= 1
        }
        return newestFirst.reversed()
    }
}
