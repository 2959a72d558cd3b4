import Foundation
import Mustache

/// The console's pages, rendered from the mustache templates bundled with this target.
///
/// Every `{{value}}` is HTML-escaped by mustache; the templates never use the unescaped
/// `{{{value}}}` form for data, so a prompt holding `<script>` is shown, not run.
public struct ConsoleTemplates: Sendable {
    private let library: MustacheLibrary

    /// The bundled templates; throws if one is missing or does not parse (a broken build).
    public init() throws {
        guard let folder = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw ConsoleTemplateError(message: "the console templates are not in the Console bundle")
        }
        var library = MustacheLibrary()
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".mustache") }
        for name in names.sorted() {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            try library.register(text, named: String(name.dropLast(".mustache".count)))
        }
        self.library = library
    }

    /// `page` rendered with its template.
    public func render(_ page: some ConsolePage) -> String {
        library.render(page, withTemplate: type(of: page).template) ?? ""
    }
}

/// A console template that is missing or broken.
public struct ConsoleTemplateError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// A page's values; its template reads them by property name.
public protocol ConsolePage: Sendable {
    /// The template's file name without `.mustache`.
    static var template: String { get }
}
