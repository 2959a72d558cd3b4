import Foundation

/// How a request id is stored: a canonical lowercase UUID string as its 16 bytes, anything else as text.
///
/// Request ids are UUIDs in the common case; storing them as 16 bytes instead of 36 characters
/// saves about 40 bytes per event (row plus index). The mapping is exact both ways.
enum StoredKey: Equatable {
    case blob([UInt8])
    case text(String)

    init(requestID: String) {
        if requestID.utf8.count == 36, let uuid = UUID(uuidString: requestID),
           uuid.uuidString.lowercased() == requestID {
            self = .blob(withUnsafeBytes(of: uuid.uuid) { Array($0) })
        } else {
            self = .text(requestID)
        }
    }

    /// The request id string this key was made from.
    var requestID: String {
        switch self {
        case .text(let text):
            return text
        case .blob(let bytes):
            guard bytes.count == 16 else { return bytes.hexString }
            return UUID.fromBytes(bytes).uuidString.lowercased()
        }
    }
}

extension UUID {
    /// A UUID from its 16 bytes.
    static func fromBytes(_ b: [UInt8]) -> UUID {
        UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]))
    }

    /// The UUID's 16 bytes.
    var bytes: [UInt8] {
        withUnsafeBytes(of: uuid) { Array($0) }
    }
}
