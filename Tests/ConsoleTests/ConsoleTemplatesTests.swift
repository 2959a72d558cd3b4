import Console
import Testing

/// The templates escape every value: text from prompts, answers or configuration is shown, never
/// run or turned into markup; and the server-drawn charts hold only what they draw.
@Suite struct ConsoleTemplatesTests {
    /// A page with the problem template's fields.
    struct Problem: ConsolePage {
        static let template = "problem"
        struct Chrome {
            var title: String
            var links: [String] = []
            var signedIn: Bool
            var formToken: String
        }

        var chrome: Chrome
        var heading: String
        var message: String
        var parameter: String?
        var backHref: String
    }

    static let hostile = [#"<script>alert(1)</script>"#, #""><img src=x onerror=alert(1)>"#, "a & b"]

    @Test func valuesAreEscapedSoNoMarkupCanBeInjected() throws {
        let page = Problem(
            chrome: Problem.Chrome(title: Self.hostile[0], signedIn: true, formToken: "token-1"),
            heading: Self.hostile[1], message: Self.hostile.joined(separator: " "), parameter: Self.hostile[2], backHref: "/console")
        let html = try ConsoleTemplates().render(page)
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
        #expect(html.contains("a &amp; b"))
        #expect(html.contains(#"action="/console/sign-out""#), "a signed-in page offers sign-out")
        #expect(html.contains(#"name="form_token" value="token-1""#), "sign-out carries the form token")
        #expect(html.contains(#"<script src="/console/assets/console.js" defer></script>"#), "the one script is a file")
    }

    @Test func withoutASessionThereIsNoSignOut() throws {
        let page = Problem(
            chrome: Problem.Chrome(title: "t", signedIn: false, formToken: "x"), heading: "h", message: "m", parameter: nil,
            backHref: "/console")
        let html = try ConsoleTemplates().render(page)
        #expect(!html.contains("sign-out"))
        #expect(!html.contains("data-parameter"))
    }

    @Test func theStylesheetAndScriptAreBundled() throws {
        #expect(try ConsoleAssets.text(named: "console.css").contains(".figures"))
        let script = try ConsoleAssets.text(named: "console.js")
        #expect(script.contains("EventSource"))
        #expect(!script.contains("innerHTML"), "rows are built with textContent")
        #expect(throws: ConsoleTemplateError.self) { try ConsoleAssets.text(named: "missing.js") }
    }
}
