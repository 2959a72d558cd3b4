import Analytics
import Hummingbird
import Ledger

// The answers routes return as they are, encoded by the context's ``JSONResponseEncoder``.

extension JSONValue: ResponseEncodable {}
extension StatsReport: ResponseEncodable {}
extension ReplayReport: ResponseEncodable {}
