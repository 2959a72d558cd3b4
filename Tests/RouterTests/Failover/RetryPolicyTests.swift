import Router
import Testing

@Suite struct RetryPolicyTests {
    @Test(arguments: [(0, 0), (1, 100), (2, 200), (3, 400), (4, 800), (5, 1_000), (12, 1_000), (64, 1_000)])
    func delaysDoubleUpToTheCap(retry: Int, expectedMs: Int) {
        let policy = RetryPolicy(count: 3, backoffMs: 100, maxBackoffMs: 1_000)
        #expect(policy.delayMs(beforeRetry: retry) == expectedMs)
    }

    @Test func hugeCapsDoNotOverflow() {
        let policy = RetryPolicy(count: 10, backoffMs: Int.max / 4, maxBackoffMs: Int.max)
        #expect(policy.delayMs(beforeRetry: 2) == Int.max / 4 * 2)
        #expect(policy.delayMs(beforeRetry: 10) == Int.max)
    }

    @Test func zeroBackoffNeverWaits() {
        let policy = RetryPolicy(count: 2, backoffMs: 0, maxBackoffMs: 0)
        #expect((1...5).map(policy.delayMs(beforeRetry:)) == [0, 0, 0, 0, 0])
    }
}
