/// A stats, raw-page, replay, sweep or calibrate query that cannot run: the parameter at fault and
/// a one-line message naming it. HTTP answers it as a 400 whose `param` is ``parameter``; the CLI
/// prints ``message`` and exits non-zero.
public struct InvalidQuery: Error, Equatable, CustomStringConvertible {
    /// The parameter at fault, as the query names it (`since`, `limit`, `thresholds`, …).
    public var parameter: String
    public var message: String
    public var description: String { message }

    public init(parameter: String, message: String) {
        self.parameter = parameter
        self.message = message
    }
}
