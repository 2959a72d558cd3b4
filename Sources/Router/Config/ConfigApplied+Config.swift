import CanonicalJSON
import DomainEvents

extension ConfigApplied {
    /// The `config.applied` payload of `config`: its catalog and routing settings as canonical
    /// JSON and their hash, applied from `source` — what the gateway records at start and what a
    /// replay reads back.
    public init?(_ config: RouteledgerConfig, source: String) {
        let bytes = Array(config.canonicalRoutingJSON)
        let parsed = bytes.withUnsafeBufferPointer { buffer -> JSONValue? in
            var reader = JSONReader(buffer)
            return try? reader.value()
        }
        guard case .object(let parts)? = parsed else { return nil }
        self.init(
            configHash: config.configHash, catalog: parts["catalog"] ?? .null, routing: parts["routing"] ?? .null,
            source: source)
    }
}
