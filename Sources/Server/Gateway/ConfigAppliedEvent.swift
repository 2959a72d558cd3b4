import DomainEvents
import Foundation
import Ledger
import Router

/// The `config.applied` event written when the gateway starts: the catalog and routing settings
/// in force and their hash, so any later decision can be explained with what it was made under.
enum ConfigAppliedEvent {
    static func make(_ config: RouteledgerConfig, source: String) throws -> NewEvent {
        guard let applied = ConfigApplied(config, source: source) else {
            throw GatewayStartError(message: "the configuration cannot be recorded")
        }
        return NewEvent(requestID: UUIDv7.make().uuidString.lowercased(), event: .configApplied(applied))
    }
}
