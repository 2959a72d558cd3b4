import CanonicalJSON
import DomainEvents
import Foundation
import Ledger
import Synchronization

/// Appends to the ledger at the path given as its one argument, forever, from several concurrent
/// tasks, printing each acknowledged seq on its own line as soon as its append returns.
///
/// `CrashRecoveryTests` starts it, reads the seqs and kills it with SIGKILL: every printed seq must
/// then be in the ledger. Rounds alternate between one `feedback.recorded` event (request id
/// `probe-single-…`) and a whole request appended as one batch of ``requestBatchSize`` events
/// sharing a UUID request id (received, ten failed attempts, failed), so a half-written batch
/// would show after the kill.
@main
struct LedgerCrashProbe {
    static let appenders = 4
    private static let output = Mutex(())

    static func main() async throws {
        guard CommandLine.arguments.count == 2 else {
            FileHandle.standardError.write(Data("usage: LedgerCrashProbe LEDGER_PATH\n".utf8))
            exit(2)
        }
        var options = LedgerOptions()
        options.autoTrainAfterEvents = 0
        let ledger = try Ledger(path: CommandLine.arguments[1], options: options)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for appender in 0..<appenders {
                group.addTask { try await append(to: ledger, as: appender) }
            }
            try await group.waitForAll()
        }
    }

    private static func append(to ledger: Ledger, as appender: Int) async throws {
        var round = 0
        while true {
            round += 1
            let receipts = try await ledger.append(round % 2 == 0 ? request(appender, round) : [single(appender, round)])
            acknowledge(receipts.map(\.seq))
        }
    }

    /// Writes the seqs, one per line, in one unbuffered write (so lines of different tasks never mix).
    private static func acknowledge(_ seqs: [Int64]) {
        let lines = Data(seqs.map { "\($0)\n" }.joined().utf8)
        output.withLock { _ in FileHandle.standardOutput.write(lines) }
    }

    /// The events of one batched request: received, ten failed attempts, failed.
    static let requestBatchSize = 12

    private static func single(_ appender: Int, _ round: Int) -> NewEvent {
        NewEvent(
            requestID: "probe-single-\(appender)-\(round)",
            event: .feedbackRecorded(FeedbackRecorded(
                requestID: "probe-single-\(appender)-\(round)", score: 0.5, label: "probe", comment: "第 \(round) 轮")))
    }

    private static func request(_ appender: Int, _ round: Int) -> [NewEvent] {
        let requestID = UUID().uuidString.lowercased()
        let received = NewEvent(requestID: requestID, event: .requestReceived(RequestReceived(
            requestID: requestID, user: "probe-\(appender)", params: ["round": .int(Int64(round))],
            messages: [.object(["role": .string("user"), "content": .string("你好 \(round)")])],
            estimatedPromptTokens: 3)))
        let attempts = (1...requestBatchSize - 2).map { attempt in
            NewEvent(requestID: requestID, event: .upstreamFailed(UpstreamFailed(
                provider: "simulated", model: "probe-model", attempt: attempt, errorClass: "timeout", status: nil,
                latencyMilliseconds: 0.5, message: "appender \(appender), round \(round) — 超时")))
        }
        let failed = NewEvent(requestID: requestID, event: .completionFailed(CompletionFailed(
            errorType: "upstream_error", status: 502, message: "probe", attempts: requestBatchSize - 2)))
        return [received] + attempts + [failed]
    }
}
