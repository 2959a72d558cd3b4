import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// A signed-in browser for route-level console tests: signs in with the admin key, keeps the
/// session cookie, reads each page's form token, and posts forms the way the pages do.
struct ConsoleBrowser {
    let client: any TestClientProtocol
    /// The `Cookie` header value; empty when the console is open (no keys configured).
    private(set) var cookie = ""

    static let formHeaders: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    init(client: any TestClientProtocol) {
        self.client = client
    }

    /// Signs in with `key` (the admin key).
    mutating func signIn(_ key: String) async throws {
        let response = try await client.execute(
            uri: "/console/sign-in", method: .post, headers: Self.formHeaders, body: ByteBuffer(string: Self.encode(["key": key])))
        #expect(response.status == .seeOther)
        cookie = String(try #require(response.headers[.setCookie]).prefix { $0 != ";" })
    }

    /// GETs `uri` with the session; the page's HTML and status.
    func get(_ uri: String) async throws -> (status: HTTPResponse.Status, html: String, headers: HTTPFields) {
        let response = try await client.execute(uri: uri, method: .get, headers: cookie.isEmpty ? [:] : [.cookie: cookie])
        return (response.status, String(buffer: response.body), response.headers)
    }

    /// POSTs `fields` to `uri` with the form token of `page` (the page the form is on), as the page
    /// would.
    func post(_ uri: String, _ fields: [String: String], from page: String) async throws -> (status: HTTPResponse.Status, html: String) {
        var fields = fields
        fields["form_token"] = try #require(Self.formToken(page))
        var headers = Self.formHeaders
        if !cookie.isEmpty { headers[.cookie] = cookie }
        let response = try await client.execute(
            uri: uri, method: .post, headers: headers, body: ByteBuffer(string: Self.encode(fields)))
        return (response.status, String(buffer: response.body))
    }

    static func encode(_ fields: [String: String]) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return fields.sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.value)" }
            .joined(separator: "&")
    }

    /// The form token a page carries (in its `<meta name="form-token">`).
    static func formToken(_ html: String) -> String? {
        captures(#"<meta name="form-token" content="([0-9a-f]+)">"#, in: html).first?.first
    }

    /// Every match of `pattern` in `text`, as its capture groups.
    static func captures(_ pattern: String, in text: String) -> [[String]] {
        guard let expression = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]) else { return [] }
        let range = NSRange(text.startIndex..., in: text)
        return expression.matches(in: text, range: range).map { match in
            (1..<match.numberOfRanges).map { index in
                Range(match.range(at: index), in: text).map { String(text[$0]) } ?? ""
            }
        }
    }

    /// An HTML attribute value unescaped (`&amp;` → `&`).
    static func unescaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
