import CanonicalJSON
import Hummingbird

/// `POST /admin/providers/{name}/test` (admin key when keys are configured): **Test connection**
/// over HTTP — one minimal real request through the provider, on `model` when the JSON body (or
/// the `model` query parameter) names one. Answers 200 with `{provider, model, ok, status,
/// latency_ms, answered_by, error}` whether the provider answered or not; an unknown provider is
/// 404 and a model the provider does not serve 400, in the OpenAI envelope.
struct ProviderTestController: Sendable {
    let test: ConnectionTest

    func addRoutes(to group: RouterGroup<GatewayContext>) {
        group.post("admin/providers/:name/test") { request, context in
            let name = try context.parameters.require("name")
            var model = request.uri.queryParameters.get("model")
            let buffer = try await request.body.collect(upTo: 64 * 1024)
            if buffer.readableBytes > 0 {
                let fields = try RequestBodyReading.object(Array(buffer.readableBytesView))
                model = try RequestBodyReading.string(fields, "model") ?? model
            }
            do {
                return Response.json(try await test.run(name, model: model).json)
            } catch let refusal as ConnectionTest.Refusal {
                switch refusal {
                case .unknownProvider: throw OpenAIError.notFound(refusal.message, param: "name", code: "provider_not_found")
                case .unknownModel, .noModel: throw OpenAIError.invalidRequest(refusal.message, param: "model")
                }
            }
        }
    }
}
