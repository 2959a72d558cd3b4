import HTTPTypes
import Hummingbird
import Logging

/// Turns every error a route throws into the OpenAI envelope: Hummingbird's own errors keep their
/// status (404 for an unknown path, 413 for a body over the limit, …), and anything unexpected is
/// logged and answered with a 500 envelope that says nothing about the internals.
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
        } catch let error as HTTPError {
            throw translate(error, request: request)
        } catch {
            context.logger.error("unexpected error", metadata: ["error": "\(String(reflecting: type(of: error)))"])
            throw OpenAIError(status: .internalServerError, message: "internal error", type: "api_error")
        }
    }

    private func translate(_ error: HTTPError, request: Request) -> OpenAIError {
        switch error.status {
        case .contentTooLarge:
            return .bodyTooLarge(limit: maxBodyBytes)
        case .notFound:
            return .notFound("no route for \(request.method) \(request.uri.path)", code: "unknown_url")
        case .methodNotAllowed:
            return OpenAIError(
                status: .methodNotAllowed, message: "\(request.method) is not allowed on \(request.uri.path)",
                type: "invalid_request_error")
        default:
            let type = error.status.code >= 500 ? "api_error" : "invalid_request_error"
            return OpenAIError(status: error.status, message: error.body ?? error.status.reasonPhrase, type: type)
        }
    }
}
