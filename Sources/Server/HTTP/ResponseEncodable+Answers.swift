import Analytics
import CanonicalJSON
import Hummingbird

// The answers routes return as they are, encoded by the context's ``JSONResponseEncoder``.

extension JSONValue: ResponseEncodable {}
extension StatsReport: ResponseEncodable {}
extension ReplayReport: ResponseEncodable {}
extension AttributionReport: ResponseEncodable {}
