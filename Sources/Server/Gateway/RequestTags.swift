import CanonicalJSON
import Foundation
import HTTPTypes

/// A request's attribution tags (SPEC section 10): `key:value` for each pair of its `metadata`
/// (OpenAI's request field; `metadata.tenant_id` as other gateways' clients send it) and each tag
/// of the `x-routeledger-tags` header (comma-separated). Bounded, so that no client can grow the
/// ledger or the stats' groups without limit: OpenAI's bounds for `metadata` (16 pairs, keys up
/// to 64 characters, string values up to 512), and 16 header tags of up to 64 characters.
enum RequestTags {
    static let headerName = HTTPField.Name("x-routeledger-tags")!
    static let maxMetadataPairs = 16
    static let maxMetadataKeyLength = 64
    static let maxMetadataValueLength = 512
    static let maxHeaderTags = 16
    static let maxHeaderTagLength = 64

    /// The tags of a request with body fields `fields` and headers `headers`, sorted and unique.
    static func read(_ fields: [String: JSONValue], headers: HTTPFields) throws(OpenAIError) -> [String] {
        var tags = Set<String>()
        switch fields["metadata"] {
        case nil, .null?: break
        case .object(let metadata)?:
            guard metadata.count <= maxMetadataPairs else {
                throw .invalidRequest("metadata has at most \(maxMetadataPairs) pairs; got \(metadata.count)", param: "metadata")
            }
            for (key, value) in metadata {
                guard !key.isEmpty, key.count <= maxMetadataKeyLength else {
                    throw .invalidRequest("metadata keys are 1 to \(maxMetadataKeyLength) characters", param: "metadata")
                }
                guard case .string(let text) = value, text.count <= maxMetadataValueLength else {
                    throw .invalidRequest(
                        "metadata.\(key) must be a string of at most \(maxMetadataValueLength) characters", param: "metadata.\(key)")
                }
                tags.insert("\(key):\(text)")
            }
        case _?:
            throw .invalidRequest("metadata must be an object of string values", param: "metadata")
        }
        let headerTags = headers[values: headerName].flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard headerTags.count <= maxHeaderTags else {
            throw .invalidRequest(
                "\(headerName) carries at most \(maxHeaderTags) tags; got \(headerTags.count)", param: headerName.rawName)
        }
        for tag in headerTags {
            guard tag.count <= maxHeaderTagLength, tag.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else {
                throw .invalidRequest(
                    "each tag of \(headerName) is 1 to \(maxHeaderTagLength) printable characters", param: headerName.rawName)
            }
            tags.insert(tag)
        }
        return tags.sorted()
    }
}
