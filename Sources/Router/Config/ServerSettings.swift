/// Where the gateway listens and how large a request body may be (`server` section).
public struct ServerSettings: Codable, Equatable, Sendable {
    /// Interface to bind; the default serves this machine only.
    public var host: String
    /// TCP port.
    public var port: Int
    /// Larger request bodies are refused with 413.
    public var maxBodyBytes: Int

    /// Settings with the defaults 127.0.0.1:8080 and 4 MiB bodies.
    public init(host: String = "127.0.0.1", port: Int = 8080, maxBodyBytes: Int = 4 * 1024 * 1024) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case host, port
        case maxBodyBytes = "max_body_bytes"
    }

    /// Decodes the section; absent keys keep their defaults, unknown keys are errors.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(besides: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = ServerSettings()
        host = try container.value(.host, or: defaults.host)
        port = try container.value(.port, or: defaults.port)
        maxBodyBytes = try container.value(.maxBodyBytes, or: defaults.maxBodyBytes)
    }
}
