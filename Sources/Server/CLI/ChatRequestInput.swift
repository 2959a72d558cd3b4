import Foundation
import Router

/// The parts of an OpenAI chat completion request that routing reads: `model` and `messages`,
/// whose `content` is a string, an array of parts (text parts are joined by newlines) or null.
struct ChatRequestInput: Decodable {
    var model: String?
    var messages: [ChatMessage]

    private enum CodingKeys: String, CodingKey {
        case model, messages
    }

    private struct Message: Decodable {
        var role: String
        var content: String
        var name: String?

        private enum CodingKeys: String, CodingKey {
            case role, content, name
        }

        private struct Part: Decodable {
            var type: String?
            var text: String?
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            role = try container.decode(String.self, forKey: .role)
            name = try container.decodeIfPresent(String.self, forKey: .name)
            if let text = try? container.decodeIfPresent(String.self, forKey: .content) {
                content = text
            } else if let parts = try? container.decodeIfPresent([Part].self, forKey: .content) {
                content = parts.compactMap(\.text).joined(separator: "\n")
            } else if try !container.contains(.content) || container.decodeNil(forKey: .content) {
                content = ""
            } else {
                throw DecodingError.dataCorruptedError(
                    forKey: .content, in: container, debugDescription: "content must be a string or an array of parts")
            }
        }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        model = try container.decodeIfPresent(String.self, forKey: .model)
        messages = try container.decode([Message].self, forKey: .messages).map {
            ChatMessage(role: $0.role, content: $0.content, name: $0.name)
        }
    }

    /// The request in `data`; one-line errors for JSON that is not a chat request or has no messages.
    static func parse(_ data: Data) throws -> ChatRequestInput {
        let request: ChatRequestInput
        do {
            request = try JSONDecoder().decode(ChatRequestInput.self, from: data)
        } catch {
            throw CommandLineInputError(message: "invalid chat request: \(describe(error))")
        }
        guard !request.messages.isEmpty else {
            throw CommandLineInputError(message: "invalid chat request: messages must not be empty")
        }
        return request
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "missing key \"\(key.stringValue)\""
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return "wrong type at \"\(path)\""
        case DecodingError.dataCorrupted(let context) where !context.codingPath.isEmpty:
            return context.debugDescription
        default: return "not valid JSON"
        }
    }
}

/// Input a command cannot use; its message is printed as one line.
struct CommandLineInputError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
