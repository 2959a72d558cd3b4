import Analytics
import Console
import Foundation
import HTTPTypes
import Hummingbird
import Ledger
import Router

/// `/console`: the browser console, on the gateway's port. When keys are configured it needs the
/// admin key, given once on the sign-in page and kept as an HttpOnly, SameSite=Strict session
/// cookie — never in a URL. Every state-changing action is a POST from the console's own pages:
/// a cross-site `Origin` is refused and each form carries its session's token.
///
/// Pages read what the JSON endpoints read (the stats projection, the audit, the replay engine,
/// the breakers), so their numbers are the endpoints' numbers; none of them does work that grows
/// with the ledger (`routeledger-bench console`).
struct ConsoleController: Sendable {
    let config: RouteledgerConfig
    /// Where the configuration came from (a file path, or `built-in`).
    let configSource: String
    let keys: APIKeys
    let templates: ConsoleTemplates
    let projector: StatsProjector
    let gateway: Gateway
    let liveFeed: LiveRequestFeed
    let sessions = ConsoleSessions()
    /// The forms' token when no admin key is configured (no sessions then): the same for every
    /// page of this process, still unknown to other sites.
    let openFormToken = ConsoleSessions.randomToken()
    /// The stylesheet and script, read from the bundle once (not from disk on each request).
    private let stylesheet: String
    private let script: String

    init(
        config: RouteledgerConfig, configSource: String, keys: APIKeys, projector: StatsProjector, gateway: Gateway,
        liveFeed: LiveRequestFeed
    ) throws {
        self.config = config
        self.configSource = configSource
        self.keys = keys
        self.projector = projector
        self.gateway = gateway
        self.liveFeed = liveFeed
        templates = try ConsoleTemplates()
        stylesheet = try ConsoleAssets.text(named: "console.css")
        script = try ConsoleAssets.text(named: "console.js")
    }

    func addRoutes(to router: Router<GatewayContext>) {
        let console = router.group("console")
        console.get { request, _ in
            try await page(request) { _ in Response.redirect(to: "/console/overview", type: .found) }
        }
        console.get("sign-in") { _, _ in html(templates.render(SignInPage())) }
        console.post("sign-in") { request, _ in
            guard Self.isSameOrigin(request) else { return crossSiteRefusal }
            return try await signIn(request)
        }
        console.post("sign-out") { request, _ in
            try await action(request) { _, _ in
                await sessions.remove(request.cookies[ConsoleSecurity.sessionCookie]?.value)
                var response = Response.redirect(to: "/console/sign-in", type: .normal)
                response.setCookie(Cookie(
                    name: ConsoleSecurity.sessionCookie, value: "", maxAge: 0, path: "/console", sameSite: .strict))
                return response
            }
        }
        console.get("overview") { request, _ in try await page(request) { try await overview(request, $0) } }
        console.get("requests") { request, _ in try await page(request) { try await requestLog(request, $0) } }
        console.get("requests/live") { request, _ in try await page(request) { _ in try await liveRequests(request) } }
        console.get("requests/export") { request, _ in try await page(request) { _ in try await export(request) } }
        console.get("requests/{request_id}") { request, context in
            let requestID = try context.parameters.require("request_id")
            return try await page(request) { try await requestAudit(requestID, $0) }
        }
        console.get("keys") { request, _ in try await page(request) { try await keysPage($0) } }
        console.get("providers") { request, _ in try await page(request) { try await providers($0, testOutcome: nil) } }
        console.post("providers/{provider}/test") { request, context in
            let provider = try context.parameters.require("provider")
            return try await action(request) { access, _ in try await testConnection(provider, access) }
        }
        console.get("models") { request, _ in
            try await page(request) { html(templates.render(ModelsPage(catalog: config.catalog, access: $0))) }
        }
        console.get("what-if") { request, _ in try await page(request) { whatIfForm($0) } }
        console.post("what-if") { request, _ in try await action(request) { try await whatIf($1, $0) } }
        console.get("configuration") { request, _ in try await page(request) { try await configuration(request, $0) } }
        console.get("assets/console.css") { _, _ in asset(stylesheet, contentType: "text/css; charset=utf-8") }
        console.get("assets/console.js") { _, _ in asset(script, contentType: "text/javascript; charset=utf-8") }
    }

    // MARK: Access

    /// `render(access)` for a signed-in browser (or anyone when no admin key is configured); the
    /// sign-in page otherwise, never data. A ``ConsoleProblem`` or a bad query parameter becomes
    /// a page saying what is wrong.
    ///
    /// Every page runs on the blocking-read executor: its SQLite reads (request log, audit,
    /// config history, replay) and its rendering (milliseconds of template work) never hold a
    /// cooperative thread that the gateway and `/stats` are served on.
    private func page(_ request: Request, _ render: (ConsoleAccess) async throws -> Response) async throws -> Response {
        guard let access = await access(request) else { return Response.redirect(to: "/console/sign-in", type: .found) }
        do {
            return try await withTaskExecutorPreference(BlockingReadExecutor.shared) { try await render(access) }
        } catch let problem as ConsoleProblem {
            return problemPage(problem, access)
        } catch let problem as InvalidQuery {
            return problemPage(ConsoleProblem(invalid: problem), access)
        }
    }

    /// ``page(_:_:)`` for a form POST: refused unless it comes from the console's own page with
    /// the session's form token; `perform` gets the form's fields.
    private func action(
        _ request: Request, _ perform: (ConsoleAccess, [String: String]) async throws -> Response
    ) async throws -> Response {
        guard Self.isSameOrigin(request) else { return crossSiteRefusal }
        return try await page(request) { access in
            var request = request
            let body = try await request.collectBody(upTo: config.server.maxBodyBytes)
            let form = (try? URLEncodedFormDecoder().decode([String: String].self, from: String(buffer: body))) ?? [:]
            guard form["form_token"] == access.formToken else {
                throw ConsoleProblem(
                    status: .forbidden, heading: "Form expired",
                    message: "This form was not sent by a current console page; reload the page and try again.")
            }
            return try await perform(access, form)
        }
    }

    private func access(_ request: Request) async -> ConsoleAccess? {
        if keys.adminRoutesAreOpen { return ConsoleAccess(signedIn: false, formToken: openFormToken) }
        guard let token = await sessions.formToken(request.cookies[ConsoleSecurity.sessionCookie]?.value) else {
            return nil
        }
        return ConsoleAccess(signedIn: true, formToken: token)
    }

    private func signIn(_ request: Request) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: 4_096)
        let form = try? URLEncodedFormDecoder().decode([String: String].self, from: String(buffer: body))
        guard let key = form?["key"], keys.caller(authorization: "Bearer " + key)?.isAdmin == true else {
            return html(templates.render(SignInPage(error: "That is not the admin key.")), status: .unauthorized)
        }
        let id = await sessions.create()
        var response = Response.redirect(to: "/console", type: .normal)
        response.setCookie(Cookie(
            name: ConsoleSecurity.sessionCookie, value: id, maxAge: Int(ConsoleSessions.lifetime), path: "/console",
            sameSite: .strict))
        return response
    }

    /// Whether a state-changing request comes from the console's own pages: browsers send
    /// `Origin` on every cross-site POST, so one naming another host is refused (the session
    /// cookie is SameSite=Strict and forms carry a token as well); a request without `Origin` is
    /// not from a browser form on another site.
    static func isSameOrigin(_ request: Request) -> Bool {
        guard let origin = request.headers[.origin] else { return true }
        guard let host = request.head.authority else { return false }
        return origin == "http://" + host || origin == "https://" + host
    }

    // MARK: Responses

    private var crossSiteRefusal: Response {
        Response(
            status: .forbidden, headers: Self.headers(contentType: "text/plain; charset=utf-8"),
            body: .init(byteBuffer: ByteBuffer(string: "cross-site request refused")))
    }

    func problemPage(_ problem: ConsoleProblem, _ access: ConsoleAccess) -> Response {
        let page = ProblemPage(
            chrome: ConsoleChrome(title: problem.heading, section: nil, access: access), heading: problem.heading,
            message: problem.message, parameter: problem.parameter, backHref: problem.backHref)
        return html(templates.render(page), status: problem.status)
    }

    /// An HTML page with the console's security headers.
    func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: Self.headers(contentType: "text/html; charset=utf-8"),
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    private func asset(_ text: String, contentType: String) -> Response {
        Response(status: .ok, headers: Self.headers(contentType: contentType), body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func headers(contentType: String) -> HTTPFields {
        [
            .contentType: contentType,
            HTTPField.Name("Content-Security-Policy")!: ConsoleSecurity.contentSecurityPolicy,
            HTTPField.Name("X-Content-Type-Options")!: "nosniff",
            // `same-origin`, not `no-referrer`: under `no-referrer` browsers send `Origin: null` with
            // the console's own form POSTs, which the same-origin check must then refuse.
            HTTPField.Name("Referrer-Policy")!: "same-origin",
            .cacheControl: "no-store",
        ]
    }
}

/// A console request that cannot be answered as asked; shown as a page, with its status.
struct ConsoleProblem: Error {
    var status: HTTPResponse.Status = .badRequest
    var heading = "Bad request"
    var message: String
    var parameter: String?
    var backHref = "/console"

    /// A query parameter that is wrong.
    init(invalid: InvalidQuery, backHref: String = "/console") {
        message = invalid.message
        parameter = invalid.parameter
        self.backHref = backHref
    }

    init(status: HTTPResponse.Status, heading: String, message: String, parameter: String? = nil, backHref: String = "/console") {
        self.status = status
        self.heading = heading
        self.message = message
        self.parameter = parameter
        self.backHref = backHref
    }
}
