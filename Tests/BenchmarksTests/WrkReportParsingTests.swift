import Foundation
import Testing
@testable import Benchmarks

/// `routeledger-bench gateway` reads its figures from wrk's `--latency` report; these are real wrk 4.1 reports.
@Suite struct WrkReportParsingTests {
    static let report = """
        Running 1s test @ http://127.0.0.1:18555/x
          1 threads and 2 connections
          Thread Stats   Avg      Stdev     Max   +/- Stdev
            Latency   161.62us  565.04us   6.16ms   94.14%
            Req/Sec    49.36k     5.11k   57.05k    80.00%
          Latency Distribution
             50%   29.00us
             75%   36.00us
             90%   53.00us
             99%    3.15ms
          49192 requests in 1.00s, 7.88MB read
          Non-2xx or 3xx responses: 49192
        Requests/sec:  49030.59
        Transfer/sec:      7.86MB
        """

    @Test func readsCountsRatePercentilesInMillisecondsAndErrors() throws {
        let figures = try #require(WrkRun.parse(Self.report))
        #expect(figures.requests == 49_192)
        #expect(figures.requestsPerSecond == 49_030.59)
        #expect(abs(figures.p50Milliseconds - 0.029) < 1e-12)
        #expect(abs(figures.p90Milliseconds - 0.053) < 1e-12)
        #expect(figures.p99Milliseconds == 3.15)
        #expect(figures.errors == 49_192)
    }

    @Test func socketErrorsCountAsErrorsAndSecondsAreConverted() throws {
        let report = Self.report
            .replacingOccurrences(of: "  Non-2xx or 3xx responses: 49192\n", with: "  Socket errors: connect 1, read 3, write 0, timeout 2\n")
            .replacingOccurrences(of: "    3.15ms", with: "    1.20s")
        let figures = try #require(WrkRun.parse(report))
        #expect(figures.errors == 6)
        #expect(figures.p99Milliseconds == 1_200)
    }

    @Test func aReportWithoutItsFiguresIsNotRead() {
        #expect(WrkRun.parse("unable to connect to 127.0.0.1:1 Connection refused") == nil)
        #expect(WrkRun.parse(Self.report.replacingOccurrences(of: "     99%    3.15ms\n", with: "")) == nil)
    }
}
