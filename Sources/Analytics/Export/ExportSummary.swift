/// What an export wrote.
public struct ExportSummary: Sendable, Equatable {
    /// Records written.
    public var exported = 0
    /// Failed requests in the range, not written (llm-compass records successful calls only).
    public var failedLeftOut = 0

    public init(exported: Int = 0, failedLeftOut: Int = 0) {
        self.exported = exported
        self.failedLeftOut = failedLeftOut
    }
}
