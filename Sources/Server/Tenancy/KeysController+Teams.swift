import Analytics
import CanonicalJSON
import DomainEvents
import Foundation
import Hummingbird
import Ledger

extension KeysController {
    /// `/admin/teams`: list the teams (`GET`: those keys name and those given budgets), read one
    /// (`GET /{team}`) and set its budgets (`PATCH /{team}` with `{"budgets": ["100/month"]}`,
    /// `null` or `[]` for none) — recorded as `team.updated` naming the admin key that did it.
    func addTeamRoutes(to group: RouterGroup<GatewayContext>) {
        group.get("admin/teams") { _, _ in
            let teams = try await virtualKeys.teams()
            return Response.json(.object(["object": .string("list"), "data": .array(teams.map { $0.json() })]))
        }
        group.get("admin/teams/:team") { _, context in
            let name = try Self.teamName(context)
            guard let team = try await virtualKeys.team(name) else {
                throw OpenAIError.notFound(
                    "no team \(name): no key names it and no budget was set for it", param: "team", code: "team_not_found")
            }
            return Response.json(team.json(withHistory: true))
        }
        group.patch("admin/teams/:team") { request, context in
            let name = try Self.teamName(context)
            let buffer = try await request.body.collect(upTo: maxBodyBytes)
            let fields = try RequestBodyReading.object(Array(buffer.readableBytesView))
            if let unknown = fields.keys.sorted().first(where: { $0 != "budgets" }) {
                throw OpenAIError.invalidRequest("unknown field \(unknown); a team has budgets", param: unknown)
            }
            guard let budgets = fields["budgets"] else {
                throw OpenAIError.invalidRequest("send the team's budgets: {\"budgets\": [\"100/month\"]}", param: "budgets")
            }
            let team = try await Self.administering {
                try await administration.setBudgets(try KeyRequestBody.budgets(budgets), ofTeam: name, actor: Self.actor(context))
            }
            try await virtualKeys.catchUp()
            return Response.json(team.json(withHistory: true))
        }
    }

    /// The `{team}` path segment, percent-decoded (`data%20science` is the team `data science`;
    /// the router leaves path segments as sent).
    private static func teamName(_ context: GatewayContext) throws -> String {
        let raw = try context.parameters.require("team")
        guard let name = raw.removingPercentEncoding else {
            throw OpenAIError.invalidRequest("the team in the path is not valid percent-encoding: \(raw)", param: "team")
        }
        return name
    }
}
