import Analytics
import Hummingbird
import Ledger
import NIOCore

/// `POST /v1/replay`: the what-if report of SPEC section 6 for the inputs `routeledger replay`
/// takes, as JSON; the same report as `routeledger replay --json`. Admin key when keys are
/// configured (reports quote prompts). Never writes to the ledger. Runs on the blocking-read
/// executor: loading a million requests and replaying them must not take a cooperative thread.
struct ReplayController: Sendable {
    let projector: StatsProjector
    let maxBodyBytes: Int

    func addRoutes(to group: RouterGroup<GatewayContext>) {
        group.post("v1/replay") { request, _ in
            let buffer = try await request.body.collect(upTo: maxBodyBytes)
            let spec = try ReplayRequestBody.spec(Array(buffer.readableBytesView))
            do {
                return try await withTaskExecutorPreference(BlockingReadExecutor.shared) {
                    try await projector.replay(spec)
                }
            } catch let problem as InvalidQuery {
                throw OpenAIError.invalidRequest(problem.message, param: problem.parameter)
            }
        }
    }
}
