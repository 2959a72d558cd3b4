/// A child process's standard output as it arrives (chunks from the task that runs it), read a line
/// or the rest at a time; what a read leaves over stays for the next.
actor StandardOutputReader {
    private var chunks: AsyncStream<[UInt8]>.Iterator
    private var pending: [UInt8] = []

    init(_ chunks: AsyncStream<[UInt8]>) {
        self.chunks = chunks.makeAsyncIterator()
    }

    /// The bytes before the next newline (which is consumed), or all that is left when the output
    /// ends without one.
    func line() async -> [UInt8] {
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(pending[..<newline])
                pending.removeSubrange(...newline)
                return line
            }
            guard let chunk = await nextChunk() else { return takePending() }
            pending += chunk
        }
    }

    /// Everything not read yet, up to the end of the output.
    func rest() async -> [UInt8] {
        while let chunk = await nextChunk() {
            pending += chunk
        }
        return takePending()
    }

    private func nextChunk() async -> [UInt8]? {
        var iterator = chunks
        let chunk = await iterator.next(isolation: self)
        chunks = iterator
        return chunk
    }

    private func takePending() -> [UInt8] {
        defer { pending = [] }
        return pending
    }
}
