import Console
import Foundation
import HTTPTypes
import Hummingbird
import Router

/// `/console`: the browser console, on the gateway's port. When keys are configured it needs the
/// admin key, given once on the sign-in page and kept as an HttpOnly, SameSite=Strict session
/// cookie — never in a URL.
struct ConsoleController: Sendable {
    let config: RouteledgerConfig
    let keys: APIKeys
    let templates: ConsoleTemplates
    let sessions = ConsoleSessions()
    /// The stylesheet, read from the bundle once (not from disk on each request).
    private let stylesheet: String

    init(config: RouteledgerConfig, keys: APIKeys, templates: ConsoleTemplates) throws {
        self.config = config
        self.keys = keys
        self.templates = templates
        stylesheet = try ConsoleAssets.text(named: "console.css")
    }

    func addRoutes(to router: Router<GatewayContext>) {
        let console = router.group("console")
        console.get { request, _ in try await page(request) { _ in Response.redirect(to: "/console/models", type: .found) } }
        console.get("sign-in") { _, _ in html(templates.render(SignInPage())) }
        console.post("sign-in") { request, _ in
            guard Self.isSameOrigin(request) else { return Self.crossSiteRefusal }
            return try await signIn(request)
        }
        console.post("sign-out") { request, _ in
            guard Self.isSameOrigin(request) else { return Self.crossSiteRefusal }
            await sessions.remove(request.cookies[ConsoleSecurity.sessionCookie]?.value)
            var response = Response.redirect(to: "/console/sign-in", type: .found)
            response.setCookie(Cookie(name: ConsoleSecurity.sessionCookie, value: "", maxAge: 0, path: "/console", sameSite: .strict))
            return response
        }
        console.get("models") { request, _ in
            try await page(request) { signedIn in html(templates.render(modelsPage(signedIn: signedIn))) }
        }
        console.get("assets/console.css") { _, _ in
            Response(
                status: .ok, headers: Self.headers(contentType: "text/css; charset=utf-8"),
                body: .init(byteBuffer: ByteBuffer(string: stylesheet)))
        }
    }

    /// `render(signedIn)` for a signed-in browser (or anyone when no admin key is configured);
    /// the sign-in page otherwise, never data.
    private func page(_ request: Request, _ render: (Bool) throws -> Response) async throws -> Response {
        if keys.adminRoutesAreOpen { return try render(false) }
        guard await sessions.isValid(request.cookies[ConsoleSecurity.sessionCookie]?.value) else {
            return Response.redirect(to: "/console/sign-in", type: .found)
        }
        return try render(true)
    }

    private func signIn(_ request: Request) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: 4_096)
        let form = try? URLEncodedFormDecoder().decode(SignInForm.self, from: String(buffer: body))
        guard let key = form?.key, keys.caller(authorization: "Bearer " + key)?.isAdmin == true else {
            return html(templates.render(SignInPage(error: "That is not the admin key.")), status: .unauthorized)
        }
        let id = await sessions.create()
        var response = Response.redirect(to: "/console", type: .found)
        response.setCookie(Cookie(
            name: ConsoleSecurity.sessionCookie, value: id, maxAge: Int(ConsoleSessions.lifetime), path: "/console",
            sameSite: .strict))
        return response
    }

    /// Whether a state-changing request comes from the console's own pages: browsers send
    /// `Origin` on every cross-site POST, so one naming another host is refused (the session
    /// cookie is SameSite=Strict as well); a request without `Origin` is not from a browser form
    /// on another site.
    static func isSameOrigin(_ request: Request) -> Bool {
        guard let origin = request.headers[.origin] else { return true }
        guard let host = request.head.authority else { return false }
        return origin == "http://" + host || origin == "https://" + host
    }

    static var crossSiteRefusal: Response {
        Response(
            status: .forbidden, headers: headers(contentType: "text/plain; charset=utf-8"),
            body: .init(byteBuffer: ByteBuffer(string: "cross-site request refused")))
    }

    private struct SignInForm: Decodable {
        var key: String
    }

    private func modelsPage(signedIn: Bool) -> ModelsPage {
        let catalog = config.catalog
        return ModelsPage(
            models: catalog.models.map { model in
                ModelsPage.Model(
                    name: model.name, kind: model.kind.rawValue, tier: model.tier.rawValue, group: model.group,
                    provider: model.provider, inputPricePer1K: String(model.inputPricePer1K),
                    outputPricePer1K: String(model.outputPricePer1K), contextWindow: String(model.contextWindow))
            },
            aliases: catalog.aliases.sorted { $0.key < $1.key }.map { ModelsPage.Pair(name: $0.key, value: $0.value) },
            fallbacks: catalog.fallbacks.sorted { $0.key < $1.key }.map {
                ModelsPage.Pair(name: $0.key, value: $0.value.joined(separator: ", "))
            },
            signedIn: signedIn)
    }

    /// An HTML page with the console's security headers.
    private func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: Self.headers(contentType: "text/html; charset=utf-8"), body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func headers(contentType: String) -> HTTPFields {
        [
            .contentType: contentType,
            HTTPField.Name("Content-Security-Policy")!: ConsoleSecurity.contentSecurityPolicy,
            HTTPField.Name("X-Content-Type-Options")!: "nosniff",
            HTTPField.Name("Referrer-Policy")!: "no-referrer",
            .cacheControl: "no-store",
        ]
    }
}
