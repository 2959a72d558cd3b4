import Foundation
import Yams

extension RouteledgerConfig {
    /// Reads, decodes and validates the YAML file at `path`; errors name `path` as given.
    public static func load(path: String) throws(ConfigError) -> RouteledgerConfig {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError(.unreadableFile, file: path, keyPath: "", reason: "cannot read the file (\(error.localizedDescription))")
        }
        return try parse(yaml: text, file: path)
    }

    /// Decodes and validates YAML text; `file` is the name errors show. An empty document is the
    /// built-in configuration.
    public static func parse(yaml: String, file: String = "<string>") throws(ConfigError) -> RouteledgerConfig {
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml)
        } catch {
            throw malformed(error, file: file)
        }
        guard let node else { return builtIn }
        do throws(ConfigError) {
            let config = try decode(node, file: file)
            try ConfigValidator(config: config, file: file).validate()
            return config
        } catch {
            throw error.located(in: node)
        }
    }

    private static func decode(_ node: Node, file: String) throws(ConfigError) -> RouteledgerConfig {
        do {
            return try YAMLDecoder().decode(RouteledgerConfig.self, from: node)
        } catch let problem as ConfigDecodingProblem {
            throw ConfigError(problem.code, file: file, keyPath: ConfigKeyPath.string(problem.codingPath), reason: problem.reason)
        } catch let error as DecodingError {
            throw ConfigDecodingErrorTranslator.configError(error, file: file)
        } catch {
            throw malformed(error, file: file)
        }
    }

    private static func malformed(_ error: any Error, file: String) -> ConfigError {
        switch error as? YamlError {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return ConfigError(.malformedYAML, file: file, keyPath: "", reason: "malformed YAML: \(problem)", line: mark.line, column: mark.column)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
            return ConfigError(
                .malformedYAML, file: file, keyPath: "", reason: "malformed YAML: duplicate key \(keys)",
                line: context.mark.line, column: context.mark.column
            )
        default:
            return ConfigError(.malformedYAML, file: file, keyPath: "", reason: "malformed YAML: \(error)")
        }
    }
}

extension RouteledgerConfig {
    /// This configuration if it passes the checks a loaded file gets (for configurations built in code);
    /// errors name `file`.
    public func validated(file: String = "<built-in>") throws(ConfigError) -> RouteledgerConfig {
        try ConfigValidator(config: self, file: file).validate()
        return self
    }
}
