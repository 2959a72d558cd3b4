import Console
import Testing

/// The templates escape every value: text from prompts, answers or configuration is shown, never
/// run or turned into markup.
@Suite struct ConsoleTemplatesTests {
    @Test func valuesAreEscapedSoNoMarkupCanBeInjected() throws {
        let hostile = [#"<script>alert(1)</script>"#, #""><img src=x onerror=alert(1)>"#, "a & b", "it's"]
        let page = ModelsPage(
            models: hostile.map {
                ModelsPage.Model(
                    name: $0, kind: "chat", tier: "simple", group: $0, provider: "p", inputPricePer1K: "0.1",
                    outputPricePer1K: "0.2", contextWindow: "8192")
            },
            aliases: [ModelsPage.Pair(name: hostile[0], value: hostile[1])], fallbacks: [], signedIn: true)
        let html = try ConsoleTemplates().render(page)
        #expect(!html.contains("<script>"))
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
        #expect(html.contains("a &amp; b"))
        #expect(html.contains(#"action="/console/sign-out""#), "a signed-in page offers sign-out")
    }

    @Test func theSignInPageShowsItsErrorAndNoSignOut() throws {
        let html = try ConsoleTemplates().render(SignInPage(error: "That is not the admin key."))
        #expect(html.contains("That is not the admin key."))
        #expect(!html.contains("sign-out"))
        #expect(html.contains(#"type="password""#))
    }
}
