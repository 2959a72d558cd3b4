import CanonicalJSON

extension ConfigApplied: CanonicalJSONCodable {
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field(CodingKeys.catalog.rawValue, catalog)
        writer.field(CodingKeys.configHash.rawValue, configHash)
        writer.field(CodingKeys.routing.rawValue, routing)
        writer.field(CodingKeys.source.rawValue, source)
        writer.endObject()
    }

    public init(reading reader: inout JSONReader) throws {
        var configHash: String?
        var catalog: JSONValue?
        var routing: JSONValue?
        var source: String?
        try reader.readObject { key, reader in
            switch CodingKeys(rawValue: key) {
            case .configHash: configHash = try reader.string()
            case .catalog: catalog = try reader.value()
            case .routing: routing = try reader.value()
            case .source: source = try reader.string()
            case nil: try reader.skipValue()
            }
        }
        self.init(
            configHash: try reader.require(configHash, CodingKeys.configHash, in: "config.applied"),
            catalog: try reader.require(catalog, CodingKeys.catalog, in: "config.applied"),
            routing: try reader.require(routing, CodingKeys.routing, in: "config.applied"),
            source: try reader.require(source, CodingKeys.source, in: "config.applied"))
    }
}
