import Analytics
import Console
import DomainEvents
import Foundation
import Hummingbird
import Ledger

extension ConsoleController {
    /// The keys page: the key directory as the ledger holds it, each budget's use from the limits'
    /// counters, and the traffic of every key and team from the attribution rollups — reads that
    /// follow the number of keys and teams, not the ledger's size.
    func keysPage(_ access: ConsoleAccess) async throws -> Response {
        let now = UnixTime.nowMilliseconds()
        let directory = try await gateway.virtualKeys.snapshot()
        let keys = Array(directory.all.reversed())
        let limits = gateway.limits
        // This month (UTC) as budgets count it: read as one month row per value and model.
        let thisMonth = StatsFilter(since: BudgetPeriod.month.start(containing: now))
        func groups(_ kind: AttributionKind, _ filter: StatsFilter) async throws -> [String: AttributionReport.Group] {
            let report = try await projector.attributionReport(AttributionQuery(kind: kind, value: nil), filter: filter)
            return Dictionary(uniqueKeysWithValues: report.groups.map { ($0.value, $0) })
        }
        let keysRecent = try await groups(.key, thisMonth), keysAll = try await groups(.key, StatsFilter())
        let teamsRecent = try await groups(.team, thisMonth), teamsAll = try await groups(.team, StatsFilter())
        var teamNames = Set(directory.allTeams.map(\.name)).union(teamsAll.keys)
        teamNames.remove("")
        let teams = teamNames.sorted()

        // Every key's and team's budget checks, their use read in one call (one round trip on PostgreSQL).
        let keyChecks = keys.map { key in
            limits.budgetChecks(for: APIKeys.Caller(keyID: key.keyID, isAdmin: false, team: nil, limits: key.settings.limits), at: now)
        }
        let teamChecks = teams.map { team in
            directory.teamBudgets(team).map { BudgetCheck(scope: TenantSpend.teamScope(team), budget: $0, at: now) }
        }
        var uses = try await limits.store.use(of: (keyChecks + teamChecks).flatMap { $0 })[...]
        func budgets(_ checks: [BudgetCheck]) -> [KeysPage.BudgetUse] {
            defer { uses = uses.dropFirst(checks.count) }
            return zip(checks, uses).map(KeysPage.use)
        }

        var keyRows: [KeysPage.Key] = []
        var activeKeys: [String: Int] = [:]
        for (key, checks) in zip(keys, keyChecks) {
            let settings = key.settings
            if key.isAccepted(at: now) { activeKeys[settings.team, default: 0] += 1 }
            let rates = [settings.limits.requestsPerMinute.map { "\($0) rpm" }, settings.limits.tokensPerMinute.map { "\($0) tpm" }]
                .compactMap { $0 }
            keyRows.append(KeysPage.Key(
                id: key.keyID, name: settings.name ?? "", team: settings.team, status: key.status(at: now),
                active: key.isAccepted(at: now), budgets: budgets(checks),
                rateLimits: rates.isEmpty ? "—" : rates.joined(separator: ", "),
                expires: settings.expiresAt.map(ConsoleFormat.time) ?? "never",
                thisMonth: KeysPage.traffic(keysRecent[key.keyID]), allTime: KeysPage.traffic(keysAll[key.keyID]),
                requestsHref: "/console/requests?key=" + Self.queryEscaped(key.keyID)))
        }
        var teamRows: [KeysPage.Team] = []
        for (team, checks) in zip(teams, teamChecks) {
            teamRows.append(KeysPage.Team(
                name: team, keys: "\(activeKeys[team] ?? 0) active", budgets: budgets(checks),
                thisMonth: KeysPage.traffic(teamsRecent[team]), allTime: KeysPage.traffic(teamsAll[team]),
                requestsHref: "/console/requests?team=" + Self.queryEscaped(team)))
        }
        func top(_ kind: AttributionKind) async throws -> [KeysPage.Group] {
            let report = try await projector.attributionReport(AttributionQuery(kind: kind, value: nil), filter: thisMonth)
            return report.groups.prefix(Self.topGroups).map { group in
                KeysPage.Group(
                    value: group.value, thisMonth: KeysPage.traffic(group),
                    requestsHref: "/console/requests?\(kind.rawValue)=" + Self.queryEscaped(group.value))
            }
        }
        return html(templates.render(KeysPage(
            keys: keyRows, teams: teamRows, tags: try await top(.tag), users: try await top(.user), access: access)))
    }

    /// How many tags and users the page lists (the most spent this month).
    static let topGroups = 20
}
