import Foundation

/// The console's static files (CSS, script), bundled with this target.
public enum ConsoleAssets {
    /// The text of `Assets/<name>`; throws for a name that is not bundled.
    public static func text(named name: String) throws -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Assets") else {
            throw ConsoleTemplateError(message: "no console asset \(name)")
        }
        return try String(contentsOf: url, encoding: .utf8)
    }
}
