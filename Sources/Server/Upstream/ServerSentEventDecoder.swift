/// Splits a `text/event-stream` byte stream into the data of its events.
///
/// Hand-written: the SSE clients in the package mirror bring their own HTTP stacks, and the
/// gateway only needs the `data:` field of each event, fed from AsyncHTTPClient's body buffers.
struct ServerSentEventDecoder {
    private var pending: [UInt8] = []
    private var data: [UInt8] = []
    private var hasData = false

    /// Feeds `bytes` and returns the data of every event they complete, in order.
    mutating func feed(_ bytes: some Sequence<UInt8>) -> [String] {
        var events: [String] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                line(&events)
            } else {
                pending.append(byte)
            }
        }
        return events
    }

    /// The data of an event left unterminated when the stream ended.
    mutating func finish() -> [String] {
        var events: [String] = []
        if !pending.isEmpty { line(&events) }
        if hasData { events.append(String(decoding: data, as: UTF8.self)) }
        data.removeAll()
        hasData = false
        return events
    }

    private mutating func line(_ events: inout [String]) {
        if pending.last == UInt8(ascii: "\r") { pending.removeLast() }
        defer { pending.removeAll(keepingCapacity: true) }
        if pending.isEmpty {
            if hasData { events.append(String(decoding: data, as: UTF8.self)) }
            data.removeAll(keepingCapacity: true)
            hasData = false
            return
        }
        let prefix = Array("data:".utf8)
        guard pending.starts(with: prefix) else { return }  // comments, `event:`, `id:`, `retry:`
        var value = pending.dropFirst(prefix.count)
        if value.first == UInt8(ascii: " ") { value = value.dropFirst() }
        if hasData { data.append(UInt8(ascii: "\n")) }
        data.append(contentsOf: value)
        hasData = true
    }
}
