import Analytics
import CanonicalJSON
import DomainEvents
import Foundation
import Ledger
import Testing

/// `/stats/raw` pages over a real ledger: offset paging is slicing the newest-first list, cursor
/// paging yields every earlier record exactly once while traffic is appended, and each record is
/// rendered from its request's events.
@Suite struct RawRecordPageTests {
    private func ids(_ page: RawRecordPage) -> [String] {
        page.records.map { $0["request_id"]?.stringValue ?? "?" }
    }

    @Test func offsetPagingEqualsSlicingTheNewestFirstList() async throws {
        let ledger = try TemporaryLedger()
        var traffic = InterleavedTraffic(seed: 5)
        traffic.generate(requests: 240, concurrency: 6)
        try await ledger.append(traffic.events)
        let projector = try ledger.projector(saveEvery: 97)
        let newestFirst = traffic.completed.reversed().map(\.requestID)

        for (offset, limit) in [(0, 50), (0, 0), (10, 7), (233, 50), (239, 1), (240, 5), (1_000, 10), (0, 240), (3, 1_000)] {
            let page = try await projector.rawPage(RawPageQuery(limit: limit, offset: offset))
            let expectedLimit = min(limit, RawPageQuery.maximumLimit)
            let slice = Array(newestFirst.dropFirst(offset).prefix(expectedLimit))
            #expect(ids(page) == slice, "offset \(offset) limit \(limit)")
            #expect(page.total == 240)
            #expect(page.limit == expectedLimit)
            #expect(page.offset == offset)
            #expect((page.nextCursor != nil) == (offset + expectedLimit < 240 && expectedLimit > 0), "offset \(offset) limit \(limit)")
        }
        await ledger.close()
    }

    @Test func aCursorWalkWhileTrafficIsAppendedYieldsEveryEarlierRecordExactlyOnce() async throws {
        var traffic = InterleavedTraffic(seed: 11)
        traffic.generate(requests: 600, concurrency: 8)
        let (ledger, rest) = try await TemporaryLedger.withFirstHalf(of: traffic)
        let projector = try ledger.projector()

        let first = try await projector.rawPage(RawPageQuery(limit: 13))
        let newestAtStart = try #require(first.records.first?["seq"]).doubleValue.map { Int64($0) } ?? 0
        // Another task appends the rest of the traffic while the listing is walked.
        let writer = Task { try await ledger.append(rest, batch: 3) }
        var seen = ids(first)
        var seqs = first.records.compactMap { $0["seq"]?.doubleValue }
        var cursor = first.nextCursor
        while let next = cursor {
            let page = try await projector.rawPage(RawPageQuery(limit: 13, before: RawCursor.seq(next)))
            seen += ids(page)
            seqs += page.records.compactMap { $0["seq"]?.doubleValue }
            cursor = page.nextCursor
        }
        try await writer.value

        let endedAtStart = traffic.completed.map(\.requestID).filter { id in
            traffic.events.contains { $0.stored.requestID == id && $0.stored.seq <= newestAtStart && $0.isEnd }
        }
        #expect(Set(seen).count == seen.count, "a record was listed twice")
        #expect(Set(seen) == Set(endedAtStart))
        #expect(seqs == seqs.sorted(by: >))
        // The appended traffic is there for the next listing.
        #expect(try await projector.rawPage(RawPageQuery(limit: 0)).total == 600)
        await ledger.close()
    }

    @Test func aRecordIsRenderedFromItsRequestsEvents() async throws {
        let ledger = try TemporaryLedger()
        let at: Int64 = 1_763_719_200_250  // 2025-11-21T10:00:00.250Z
        let messages: [JSONValue] = [
            .object(["role": .string("system"), "content": .string("Be brief.")]),
            .object(["role": .string("user"), "content": .string("Explique la récursivité 🙂")]),
        ]
        _ = try await ledger.ledger.append([
            NewEvent(requestID: "r1", event: .requestReceived(RequestReceived(
                requestID: "r1", requestedModel: "auto", params: ["temperature": .double(0.2), "stream": .bool(true)],
                messages: messages, estimatedPromptTokens: 9)), timestamp: at),
            NewEvent(requestID: "r1", event: .routingDecided(RoutingDecided(
                strategy: StrategyRef(name: "complexity", version: 2, params: ["threshold": .double(0.55)]),
                features: PromptFeatures(
                    tokenCount: 9, complexityScore: 0.62, taskType: "Open QA", tier: "complex", creativity: 0.1,
                    reasoning: 0.7, contextualKnowledge: 0.2, domainKnowledge: 0.4, constraints: 0, numberOfFewShots: 0),
                candidates: [], chosenModel: "qwen-max", tier: "complex", fallbackPlan: ["qwen-plus"],
                reason: "complexity_score 0.62 ≥ 0.55 (complex) → qwen-max", routingLatencyMicroseconds: 1_250,
                configHash: "abc")), timestamp: at + 1),
            NewEvent(requestID: "r1", event: .upstreamFailed(UpstreamFailed(
                provider: "dashscope", model: "qwen-max", attempt: 1, errorClass: "http_5xx", status: 503,
                latencyMilliseconds: 40)), timestamp: at + 50),
            NewEvent(requestID: "r1", event: .completionSucceeded(CompletionSucceeded(
                model: "qwen-plus", provider: "dashscope", upstreamResponseID: "chatcmpl-9", inputTokens: 11,
                outputTokens: 30, tokenSource: "provider", costUSD: 0.000_123, prices: TokenPrices(inputPer1K: 0.003, outputPer1K: 0.003),
                latencyMilliseconds: 812.5, finishReason: "stop", responseText: "La récursivité…")), timestamp: at + 900),
            NewEvent(requestID: "r2", event: .requestReceived(RequestReceived(
                requestID: "r2", requestedModel: "gpt-4o", params: [:], messages: nil, estimatedPromptTokens: 3)),
                timestamp: at + 1_000),
            NewEvent(requestID: "r2", event: .completionFailed(CompletionFailed(
                errorType: "upstream_error", status: 502, message: "every provider failed", attempts: 2)),
                timestamp: at + 1_500),
            NewEvent(requestID: "r3", event: .requestReceived(RequestReceived(
                requestID: "r3", requestedModel: nil, params: [:], messages: nil, estimatedPromptTokens: 3)),
                timestamp: at + 1_600),
        ])
        let page = try await ledger.projector().rawPage(RawPageQuery())
        #expect(page.total == 2, "the open request r3 is not listed")
        #expect(ids(page) == ["r2", "r1"])
        let failed = page.records[0]
        #expect(failed["status"] == .string("failed"))
        #expect(failed["routing"] == .null && failed["llm"] == .null)
        #expect(failed["failure"] == .object([
            "type": .string("upstream_error"), "status": .int(502), "message": .string("every provider failed"),
            "attempts": .int(2),
        ]))
        #expect(failed["request"] == .object([
            "messages": .null, "temperature": .null, "max_tokens": .null, "stream": .bool(false),
            "user_specified_model": .string("gpt-4o"),
        ]))

        let record = page.records[1]
        #expect(record["timestamp"] == .double(1_763_719_200.25), "epoch seconds, as llm-compass writes time.time()")
        #expect(record["time"] == .string("2025-11-21T10:00:00.250Z"))
        #expect(record["seq"] == .int(4))
        #expect(record["status"] == .string("succeeded"))
        #expect(record["failed_attempts"] == .int(1))
        #expect(record["request"] == .object([
            "messages": .array(messages), "temperature": .double(0.2), "max_tokens": .null, "stream": .bool(true),
            "user_specified_model": .string("auto"),
        ]))
        guard case .object(let routing)? = record["routing"], case .object(let llm)? = record["llm"] else {
            Issue.record("routing and llm must be objects")
            return
        }
        #expect(routing["method"] == .string("complexity"))
        #expect(routing["query"] == .string("Explique la récursivité 🙂"))
        #expect(routing["routing_latency_ms"] == .double(1.25))
        #expect(routing["tier"] == .string("complex"))
        #expect(routing["task_type"] == .string("Open QA"))
        #expect(routing["complexity_score"] == .double(0.62))
        #expect(routing["reasoning"] == .double(0.7))
        #expect(routing["chosen_model"] == .string("qwen-max"))
        #expect(llm == [
            "model": .string("qwen-plus"), "provider": .string("dashscope"), "response_id": .string("chatcmpl-9"),
            "response_content": .string("La récursivité…"), "input_tokens": .int(11), "output_tokens": .int(30),
            "total_tokens": .int(41), "cost_usd": .double(0.000_123), "llm_latency_ms": .double(812.5),
            "finish_reason": .string("stop"),
        ])
        await ledger.close()
    }

    @Test(arguments: [
        ("-1", nil, nil, "limit"), ("ten", nil, nil, "limit"), ("1.5", nil, nil, "limit"), ("", nil, nil, "limit"),
        (nil, "-3", nil, "offset"), (nil, "x", nil, "offset"), (nil, nil, "garbage", "cursor"),
        (nil, nil, "cmwxOjA", "cursor"), (nil, nil, "cmwxOi01", "cursor"), (nil, nil, "", "cursor"),
    ] as [(String?, String?, String?, String)])
    func badParametersAreProblemsNamingTheParameter(limit: String?, offset: String?, cursor: String?, parameter: String) {
        #expect { try RawPageQuery.parse(limit: limit, offset: offset, cursor: cursor) } throws: { error in
            (error as? InvalidQuery)?.parameter == parameter
        }
    }

    @Test func aCursorCarriesItsSeqAndALimitAboveTheCapIsLowered() throws {
        for seq: Int64 in [1, 42, 1_000_000, .max] {
            #expect(RawCursor.seq(RawCursor.make(before: seq)) == seq)
        }
        #expect(try RawPageQuery.parse(limit: "9999", offset: "0", cursor: nil).limit == RawPageQuery.maximumLimit)
        #expect(try RawPageQuery.parse(limit: nil, offset: nil, cursor: RawCursor.make(before: 77)).before == 77)
    }
}

extension ScannedEvent {
    /// Whether this event ends its request.
    var isEnd: Bool { stored.type == .completionSucceeded || stored.type == .completionFailed }
}
