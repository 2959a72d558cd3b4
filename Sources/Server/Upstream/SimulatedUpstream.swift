import CanonicalJSON
import Foundation
import Router
import SeededRandom

/// The built-in `simulated` provider: answers in-process, with no key or network, so the whole
/// product can be tried as is. Answers are deterministic (the same prompt gets the same text),
/// have realistic token counts, and take the configured latency and time to first token; the
/// configured share of attempts fails with 503. Responses say `simulated` in
/// `system_fingerprint`, and the gateway marks them in `routing` and in the ledger.
struct SimulatedUpstream: UpstreamProvider {
    let latency: Duration
    let timeToFirstToken: Duration
    let failureRate: Double

    /// The `system_fingerprint` of simulated responses.
    static let fingerprint = "routeledger-simulated"
    /// The most vector values one simulated embeddings answer holds (inputs × dimensions).
    static let maxEmbeddingValues = 1_000_000

    init(provider: ProviderDefinition) {
        latency = .milliseconds(max(0, provider.latencyMs ?? 0))
        timeToFirstToken = .milliseconds(max(0, min(provider.ttftMs ?? 0, provider.latencyMs ?? 0)))
        failureRate = min(max(provider.failureRate ?? 0, 0), 1)
    }

    /// In-process: always there.
    func listModels() async throws {}

    func complete(_ call: UpstreamCall) async throws -> [String: JSONValue] {
        try failIfUnlucky(call)
        if latency > .zero { try await Task.sleep(for: latency) }
        let answer = Self.answer(for: call)
        return [
            "id": .string("chatcmpl-sim-\(call.requestID)"),
            "object": .string("chat.completion"),
            "created": .int(Int64(Date().timeIntervalSince1970)),
            "model": .string(call.model.upstreamModel),
            "system_fingerprint": .string(Self.fingerprint),
            "choices": .array([.object([
                "index": .int(0),
                "message": .object(["role": .string("assistant"), "content": .string(answer)]),
                "finish_reason": .string("stop"),
                "logprobs": .null,
            ])]),
            "usage": usage(call, answer: answer),
        ]
    }

    func stream(_ call: UpstreamCall) async throws -> UpstreamChunks {
        try failIfUnlucky(call)
        let answer = Self.answer(for: call)
        let pieces = Self.pieces(of: answer)
        let created = Int64(Date().timeIntervalSince1970)
        let gap = pieces.count > 1 ? (latency - timeToFirstToken) / (pieces.count - 1) : .zero
        let usage = usage(call, answer: answer)
        let wantsUsage = ChatCompletionBody.asksForUsage(call.body)
        func chunk(_ delta: [String: JSONValue], finish: String?) -> [String: JSONValue] {
            [
                "id": .string("chatcmpl-sim-\(call.requestID)"), "object": .string("chat.completion.chunk"),
                "created": .int(created), "model": .string(call.model.upstreamModel),
                "system_fingerprint": .string(Self.fingerprint),
                "choices": .array([.object([
                    "index": .int(0), "delta": .object(delta), "finish_reason": finish.map(JSONValue.string) ?? .null,
                ])]),
            ]
        }
        return UpstreamChunks { continuation in
            let writer = Task {
                do {
                    if timeToFirstToken > .zero { try await Task.sleep(for: timeToFirstToken) }
                    for (index, piece) in pieces.enumerated() {
                        if index > 0 && gap > .zero { try await Task.sleep(for: gap) }
                        var delta: [String: JSONValue] = ["content": .string(piece)]
                        if index == 0 { delta["role"] = .string("assistant") }
                        continuation.yield(chunk(delta, finish: nil))
                    }
                    continuation.yield(chunk([:], finish: "stop"))
                    if wantsUsage {
                        var last = chunk([:], finish: nil)
                        last["choices"] = .array([])
                        last["usage"] = usage
                        continuation.yield(last)
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in writer.cancel() }
        }
    }

    /// Deterministic unit vectors, one per input (the same input always gets the same vector), of
    /// `dimensions` (default 1,536, as text-embedding-3-small), as floats or base64 float32.
    func embed(_ call: UpstreamCall) async throws -> [String: JSONValue] {
        try failIfUnlucky(call)
        if latency > .zero { try await Task.sleep(for: latency / 4) }
        let body = try EmbeddingsBody(fields: call.body)
        let length = body.dimensions ?? 1_536
        // Bounds the answer's size (2,048 inputs × 65,536 dimensions would be gigabytes).
        guard body.inputs.count * length <= Self.maxEmbeddingValues else {
            throw UpstreamFailure(
                kind: .status, status: 400,
                message: "the simulated provider answers at most \(Self.maxEmbeddingValues) embedding values per request; "
                    + "\(body.inputs.count) inputs × \(length) dimensions were asked")
        }
        let data: [JSONValue] = body.inputs.enumerated().map { index, input in
            let seed: UInt64 = switch input {
            case .text(let text): RoutingFeatures.fingerprint(of: [ChatMessage(role: "user", content: text)])
            case .tokens(let tokens): RoutingFeatures.fingerprint(of: [ChatMessage(role: "tokens", content: "\(tokens)")])
            }
            let vector = Self.unitVector(length: length, seed: seed)
            let embedding: JSONValue = body.encodingFormat == "base64"
                ? .string(Self.base64Float32(vector)) : .array(vector.map { .double(Self.shortest($0)) })
            return .object(["object": .string("embedding"), "index": .int(Int64(index)), "embedding": embedding])
        }
        let tokens = Int64(body.tokenCount)
        return [
            "object": .string("list"), "data": .array(data), "model": .string(call.model.upstreamModel),
            "usage": .object(["prompt_tokens": .int(tokens), "total_tokens": .int(tokens)]),
        ]
    }

    /// The float as the double of its shortest decimal form (`0.1` rather than `0.10000000149011612`),
    /// so vectors print at float precision as OpenAI's do.
    private static func shortest(_ value: Float) -> Double {
        Double(value.description) ?? Double(value)
    }

    private static func unitVector(length: Int, seed: UInt64) -> [Float] {
        var generator = SeededGenerator(seed: seed)
        var vector = (0..<length).map { _ in Float.random(in: -1...1, using: &generator) }
        let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if norm > 0 { vector = vector.map { $0 / norm } }
        return vector
    }

    private static func base64Float32(_ vector: [Float]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(vector.count * 4)
        for value in vector { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        return Data(bytes).base64EncodedString()
    }

    /// Fails the configured share of attempts, the same ones for the same request and attempt.
    private func failIfUnlucky(_ call: UpstreamCall) throws {
        guard failureRate > 0 else { return }
        var hash = RoutingFeatures.fingerprint(of: [ChatMessage(role: call.requestID, content: "\(call.attempt)#\(call.model.name)")])
        hash ^= hash >> 33
        if Double(hash % 1_000_000) / 1_000_000 < failureRate {
            throw UpstreamFailure(kind: .status, status: 503, message: "simulated failure (failure_rate \(failureRate))")
        }
    }

    private func usage(_ call: UpstreamCall, answer: String) -> JSONValue {
        let tokenizer = Tokenizer.shared(.cl100kBase)
        let prompt = tokenizer.count(messages: call.messages)
        let completion = tokenizer.count(answer)
        return .object([
            "prompt_tokens": .int(Int64(prompt)), "completion_tokens": .int(Int64(completion)),
            "total_tokens": .int(Int64(prompt + completion)),
        ])
    }

    private static let sentences = [
        "This answer comes from the routeledger simulated provider.",
        "No model was called and no API key was used.",
        "The gateway routed the prompt, recorded the decision in its ledger and will record this completion too.",
        "A stronger tier gives a longer answer, as a larger model tends to.",
        "Replace the simulated provider in the configuration with a real one to get real answers.",
        "Token counts are exact for this text, so costs and statistics behave as they would in production.",
    ]

    /// A deterministic answer: a few sentences chosen by the prompt's fingerprint, more for
    /// stronger tiers.
    static func answer(for call: UpstreamCall) -> String {
        let fingerprint = RoutingFeatures.fingerprint(of: call.messages)
        let base = switch call.model.tier {
        case .simple: 2
        case .medium: 4
        case .complex: 7
        }
        let count = base + Int(fingerprint % 3)
        var chosen: [String] = []
        for index in 0..<count {
            let shift = UInt64((index * 5) % 60)
            chosen.append(sentences[Int((fingerprint >> shift) % UInt64(sentences.count))])
        }
        return "[simulated \(call.model.name)] " + chosen.joined(separator: " ")
    }

    /// The answer cut into stream pieces of about three words.
    static func pieces(of answer: String) -> [String] {
        let words = answer.split(separator: " ", omittingEmptySubsequences: false)
        return stride(from: 0, to: words.count, by: 3).map { start in
            let piece = words[start..<min(start + 3, words.count)].joined(separator: " ")
            return start + 3 < words.count ? piece + " " : piece
        }
    }
}
