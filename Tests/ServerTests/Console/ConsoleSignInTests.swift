import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Router
import Testing

/// The console's door: with keys configured, pages need a session that only the admin key opens,
/// kept in an HttpOnly, SameSite=Strict cookie; the key never appears in a URL or a page.
@Suite struct ConsoleSignInTests {
    static let keys = ["CLIENT_KEY": "client-secret", "ADMIN_KEY": "admin-secret"]

    static func harness() throws -> GatewayHarness {
        let config = try GatewayHarness.stubConfig(port: 9, extra: "auth: {client_key_envs: [CLIENT_KEY], admin_key_env: ADMIN_KEY}")
        return GatewayHarness(config: config, environment: keys)
    }

    static func form(_ key: String) -> ByteBuffer {
        ByteBuffer(string: "key=" + (key.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? key))
    }

    static let formHeaders: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    @Test func withoutASessionEveryPageSendsTheBrowserToSignIn() async throws {
        let harness = try Self.harness()
        defer { harness.removeLedger() }
        try await harness.run { client in
            for uri in [
                "/console", "/console/overview", "/console/requests", "/console/requests/some-id", "/console/providers",
                "/console/models", "/console/what-if", "/console/configuration", "/console/requests/export",
                "/console/requests/live",
            ] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .found, "\(uri)")
                #expect(response.headers[.location] == "/console/sign-in", "\(uri)")
                #expect(!String(buffer: response.body).contains("gpt"), "no data before sign-in")
            }
            let signIn = try await client.execute(uri: "/console/sign-in", method: .get)
            #expect(signIn.status == .ok)
            #expect(signIn.headers[.contentType] == "text/html; charset=utf-8")
            #expect(signIn.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("script-src 'self'") == true)
            #expect(String(buffer: signIn.body).contains(#"action="/console/sign-in""#))
            let stylesheet = try await client.execute(uri: "/console/assets/console.css", method: .get)
            #expect(stylesheet.status == .ok)
            #expect(stylesheet.headers[.contentType] == "text/css; charset=utf-8")
            #expect(String(buffer: stylesheet.body).contains("border-collapse"))
        }
    }

    @Test func aWrongKeyGetsTheSignInPageAgainAndNoSession() async throws {
        let harness = try Self.harness()
        defer { harness.removeLedger() }
        try await harness.run { client in
            for key in ["client-secret", "nope", ""] {
                let response = try await client.execute(
                    uri: "/console/sign-in", method: .post, headers: Self.formHeaders, body: Self.form(key))
                #expect(response.status == .unauthorized, "\(key)")
                #expect(response.headers[.setCookie] == nil, "\(key)")
                #expect(String(buffer: response.body).contains("not the admin key"), "\(key)")
            }
        }
    }

    @Test func theAdminKeyOpensASessionCookieThatShowsThePagesUntilSignOut() async throws {
        let harness = try Self.harness()
        defer { harness.removeLedger() }
        try await harness.run { client in
            let signedIn = try await client.execute(
                uri: "/console/sign-in", method: .post, headers: Self.formHeaders, body: Self.form("admin-secret"))
            #expect(signedIn.status == .seeOther)
            let setCookie = try #require(signedIn.headers[.setCookie])
            #expect(setCookie.hasPrefix("rl_console="))
            #expect(setCookie.contains("HttpOnly"))
            #expect(setCookie.contains("SameSite=Strict"))
            #expect(setCookie.contains("Path=/console"))
            #expect(!setCookie.contains("admin-secret"))
            let cookie = String(setCookie.prefix { $0 != ";" })

            let models = try await client.execute(uri: "/console/models", method: .get, headers: [.cookie: cookie])
            #expect(models.status == .ok)
            let page = String(buffer: models.body)
            for name in ["model-a", "model-b", "model-c", "upstream"] where name != "upstream" {
                #expect(page.contains("<td>\(name)</td>"), "\(name)")
            }
            #expect(!page.contains("admin-secret"))
            #expect(models.headers[HTTPField.Name("Content-Security-Policy")!] != nil)

            let withoutToken = try await client.execute(uri: "/console/sign-out", method: .post, headers: [.cookie: cookie])
            #expect(withoutToken.status == .forbidden, "a POST without the page's form token is refused")
            let token = try #require(ConsoleBrowser.formToken(page))
            var formHeaders = Self.formHeaders
            formHeaders[.cookie] = cookie
            let signedOut = try await client.execute(
                uri: "/console/sign-out", method: .post, headers: formHeaders, body: ByteBuffer(string: "form_token=\(token)"))
            #expect(signedOut.status == .seeOther)
            let after = try await client.execute(uri: "/console/models", method: .get, headers: [.cookie: cookie])
            #expect(after.status == .found)
            #expect(after.headers[.location] == "/console/sign-in")
        }
    }

    @Test func aPostFromAnotherSiteIsRefused() async throws {
        let harness = try Self.harness()
        defer { harness.removeLedger() }
        try await harness.run { client in
            var headers = Self.formHeaders
            headers[.origin] = "https://evil.example"
            let response = try await client.execute(
                uri: "/console/sign-in", method: .post, headers: headers, body: Self.form("admin-secret"))
            #expect(response.status == .forbidden)
            #expect(response.headers[.setCookie] == nil)
        }
    }
}
