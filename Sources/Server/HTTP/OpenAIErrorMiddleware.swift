import HTTPTypes
import Hummingbird
import Logging
import NIOHTTP1

/// Turns every error a route throws into the OpenAI envelope: Hummingbird's own errors keep their
/// status (404 for an unknown path, 413 for a body over the limit, …), broken HTTP framing met while
/// reading the body is a 400, and anything unexpected is logged and answered with a 500 envelope
/// that says nothing about the internals.
struct OpenAIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The body limit, named in 413 messages.
    let maxBodyBytes: Int

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as OpenAIError {
            throw error
        } catch let error as HTTPParserError {
            // NIO's parser failing on the body: the client's bytes are at fault, not the server.
            throw OpenAIError.malformedHTTP(error)
        } catch let error as any HTTPResponseError {
            // Hummingbird's own errors, and NIO's (a body over the limit is NIOTooManyBytesError).
            throw translate(status: error.status, message: (error as? HTTPError)?.body, request: request)
        } catch {
            context.logger.error("unexpected error", metadata: ["error": "\(String(reflecting: type(of: error)))"])
            throw OpenAIError(status: .internalServerError, message: "internal error", type: "api_error")
        }
    }

    private func translate(status: HTTPResponse.Status, message: String?, request: Request) -> OpenAIError {
        switch status {
        case .contentTooLarge:
            return .bodyTooLarge(limit: maxBodyBytes)
        case .notFound:
            return .notFound("no route for \(request.method) \(request.uri.path)", code: "unknown_url")
        case .methodNotAllowed:
            return OpenAIError(
                status: .methodNotAllowed, message: "\(request.method) is not allowed on \(request.uri.path)",
                type: "invalid_request_error")
        default:
            let type = status.code >= 500 ? "api_error" : "invalid_request_error"
            return OpenAIError(status: status, message: message ?? status.reasonPhrase, type: type)
        }
    }
}
