import DomainEvents
import Foundation
import Ledger
import Subprocess
import SystemPackage
import Testing

/// A process killed with SIGKILL while appending loses no acknowledged event and leaves no half-written batch.
///
/// The writer is the `LedgerCrashProbe` executable (Tests/CrashProbe), built by
/// `swift build --build-tests` next to the test bundle; see ``CrashRecoveryTests/probeURL()``.
@Suite struct CrashRecoveryTests {
    /// How many acknowledged seqs to collect before each kill.
    static let acknowledgementsBeforeKill = 2_000
    /// Kill, recover and restart this many times on the same ledger (each kill may land mid-batch).
    static let cycles = 3
    /// The most the test waits for the probe's output in one cycle, so it can never hang.
    static let readTimeout: Duration = .seconds(60)
    /// The size of the probe's batched requests (see `LedgerCrashProbe.requestBatchSize`).
    static let requestBatchSize = 12

    @Test(.timeLimit(.minutes(5)))
    func killedWriterLosesNoAcknowledgedEventAndNoBatchIsHalfWritten() async throws {
        let probe = try Self.probeURL()
        try await withTemporaryDirectory { directory in
            let path = directory.path()
            var headBefore: Int64 = 0
            for cycle in 1...Self.cycles {
                let acknowledged = try await Self.runUntilKilled(probe, ledger: path)
                try #require(acknowledged.count >= Self.acknowledgementsBeforeKill, "cycle \(cycle): \(acknowledged.count) seqs printed")
                #expect(Set(acknowledged).count == acknowledged.count, "each seq is acknowledged once")
                #expect(acknowledged.allSatisfy { $0 > headBefore }, "a restarted writer continues after the old head")

                let ledger = try Ledger(path: path, options: .testing(createIfMissing: false))
                let head = try await #require(try ledger.head())
                let stored = try await ledger.allEvents()
                #expect(stored.map(\.seq) == Array(1...head.seq))
                let highest = try #require(acknowledged.max())
                #expect(highest <= head.seq, "cycle \(cycle): acknowledged seq \(highest) is missing; the head is \(head.seq)")
                #expect(Set(acknowledged).isSubset(of: Set(stored.map(\.seq))))
                try Self.expectWholeBatches(stored, cycle: cycle)
                await #expect(try ledger.verify() == .intact(count: head.seq, head: head))
                await ledger.close()
                headBefore = head.seq
            }

            let ledger = try Ledger(path: path, options: .testing(createIfMissing: false))
            let receipt = try await ledger.append(Fixtures.newEvents([Fixtures.feedbackRecorded])[0])
            #expect(receipt.seq == headBefore + 1)
            let headAfter = try await ledger.head()
            #expect(headAfter?.seq == receipt.seq)
            #expect(headAfter?.hash == receipt.hash)
            await #expect(try ledger.verify() == .intact(count: headBefore + 1, head: headAfter))
            await ledger.close()
        }
    }

    /// Starts the probe on `path`, reads acknowledged seqs until there are enough (or the timeout),
    /// kills it with SIGKILL and returns every seq it printed, including those printed just before the kill.
    private static func runUntilKilled(_ probe: URL, ledger path: String) async throws -> [Int64] {
        let result = try await Subprocess.run(
            .path(FilePath(probe.path)), arguments: [path], input: .none, output: .sequence, error: .discarded
        ) { execution in
            // At the deadline the probe is killed, which ends its output and so the reading below.
            let watchdog = Task {
                try await Task.sleep(until: .now + readTimeout, clock: .continuous)
                try? execution.send(signal: .kill)
            }
            var output = execution.standardOutput.makeAsyncIterator()
            var lines = CompleteLines()
            var acknowledged: [Int64] = []
            while acknowledged.count < acknowledgementsBeforeKill, let buffer = try await output.next() {
                acknowledged += buffer.withUnsafeBytes { lines.append($0) }.compactMap(Int64.init)
            }
            watchdog.cancel()
            try? execution.send(signal: .kill)
            // A killed probe's output ends: what it printed before the kill is read to that end.
            while let buffer = try await output.next() {
                acknowledged += buffer.withUnsafeBytes { lines.append($0) }.compactMap(Int64.init)
            }
            return acknowledged
        }
        let killedBy: Int32? = if case .signaled(let signal) = result.terminationStatus { signal } else { nil }
        #expect(killedBy != nil, "the probe stopped by itself")
        #expect(killedBy == SIGKILL)
        return result.closureResult
    }

    /// Every batched request (UUID request id) is stored whole: its events in order, at consecutive seqs.
    private static func expectWholeBatches(_ stored: [StoredEvent], cycle: Int) throws {
        let batched = stored.filter { !$0.requestID.hasPrefix("probe-single-") }
        #expect(batched.count + stored.filter { $0.type == .feedbackRecorded }.count == stored.count)
        let expectedTypes: [EventType] = [.requestReceived]
            + Array(repeating: .upstreamFailed, count: requestBatchSize - 2) + [.completionFailed]
        for (requestID, events) in Dictionary(grouping: batched, by: \.requestID) {
            #expect(events.map(\.type) == expectedTypes, "cycle \(cycle), request \(requestID)")
            #expect(events.map(\.seq) == Array(events[0].seq..<events[0].seq + Int64(events.count)), "cycle \(cycle), request \(requestID)")
        }
    }

    /// The probe binary sits in the build products directory, next to the test bundle that is
    /// running now: the directory of `/proc/self/exe` resolved (Linux), or of `CommandLine.arguments[0]`
    /// (e.g. `.build/debug/routeledgerPackageTests.xctest` → `.build/debug/LedgerCrashProbe`).
    /// On macOS the bundle is a directory, so its parent's parent is tried as well.
    static func probeURL() throws -> URL {
        var candidates: [URL] = []
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent())
        }
        let argument = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        candidates.append(argument.deletingLastPathComponent())
        candidates.append(argument.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent())
        for directory in candidates {
            let probe = directory.appendingPathComponent("LedgerCrashProbe")
            if FileManager.default.isExecutableFile(atPath: probe.path) { return probe }
        }
        throw TestFailure(
            "LedgerCrashProbe was not found next to the test bundle (looked in \(candidates.map(\.path))); "
                + "build it with `swift build --build-tests`")
    }
}

/// The newline-terminated lines in a stream of output chunks; a line cut off by the kill (no newline
/// yet) is never returned.
private struct CompleteLines {
    private var pending: [UInt8] = []

    /// The lines that `chunk` completes, without their newlines (possibly none).
    mutating func append(_ chunk: UnsafeRawBufferPointer) -> [String] {
        pending += chunk
        guard let lastNewline = pending.lastIndex(of: UInt8(ascii: "\n")) else { return [] }
        let complete = pending[..<lastNewline]
        pending.removeSubrange(...lastNewline)
        return complete.split(separator: UInt8(ascii: "\n")).map { String(decoding: $0, as: UTF8.self) }
    }
}
