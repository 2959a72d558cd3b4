import CommandLineHarness
import Foundation
import PostgresTestSupport
import Testing

/// Every command of the real executable on a PostgreSQL ledger: `ledger copy` moves an SQLite
/// ledger without changing a hash, and each reading command then answers exactly as it does on the
/// SQLite file.
@Suite struct PostgresCommandLineTests {
    /// Forty llm-compass records over two days: four models and tiers, two task types.
    private static let history: String = (0..<40).map { index in
        let models = ["qwen-turbo", "qwen-plus", "gpt-4o-mini", "gpt-4o"]
        let tiers = ["simple", "medium", "complex", "simple"]
        return """
            {"timestamp": "2025-11-\(21 + index / 20)T10:\(String(format: "%02d", index % 60)):00.25", "request": {"messages": \
            [{"role": "user", "content": "question \(index)"}], "stream": false, "user_specified_model": null}, "routing": \
            {"method": "complexity", "query": "question \(index)", "routing_latency_ms": 0.5, "tier": "\(tiers[index % 4])", \
            "complexity_score": 0.\(index % 10), "task_type": "\(index % 3 == 0 ? "Code Generation" : "Chatbot")", \
            "domain_knowledge": 0.0, "reasoning": 0.1, "creativity": 0.1}, "llm": {"model": "\(models[index % 4])", \
            "response_id": "r\(index)", "response_content": "answer \(index)", "input_tokens": \(10 + index), \
            "output_tokens": \(5 + index % 7), "total_tokens": \(15 + index + index % 7), "cost_usd": 0.00\(index % 9 + 1), \
            "llm_latency_ms": \(100 + index * 3).5}}
            """
    }.joined(separator: "\n") + "\n"

    /// Runs `body` with an SQLite ledger holding the imported history, a new database's URL and a
    /// scratch folder.
    private static func withLedgers(_ body: (_ sqlite: String, _ url: String, _ directory: URL) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("routeledger-pg-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let historyPath = directory.appendingPathComponent("history.jsonl").path
        try Data(history.utf8).write(to: URL(fileURLWithPath: historyPath))
        let sqlite = directory.appendingPathComponent("ledger.sqlite").path
        let imported = try await CommandLineRunner().run(["import", "--format", "llm-compass", "--ledger", sqlite, historyPath])
        #expect(imported.status == 0, "\(imported.stderr)")
        try await TestDatabase.with { url in try await body(sqlite, url, directory) }
    }

    @Test func aCopiedLedgerKeepsEveryHashAndEveryCommandAnswersAsOnSQLite() async throws {
        try await Self.withLedgers { sqlite, url, directory in
            let runner = try CommandLineRunner()
            let environment = ["ROUTELEDGER_DATABASE_URL": url]
            let projections = directory.appendingPathComponent("postgres-projections").path
            func onBoth(_ arguments: [String]) async throws -> (sqlite: CommandLineRunner.Output, postgres: CommandLineRunner.Output) {
                let onSQLite = try await runner.run(arguments + ["--ledger", sqlite])
                // Only the commands that read the projections take --projections.
                let readsProjections = ["stats", "raw", "explain", "export", "rebuild", "replay", "sweep", "calibrate"]
                    .contains(arguments[0])
                let onPostgres = try await runner.run(
                    arguments + ["--ledger", "postgres"] + (readsProjections ? ["--projections", projections] : []),
                    environment: environment)
                #expect(onSQLite.status == 0, "\(arguments): \(onSQLite.stderr)")
                #expect(onPostgres.status == 0, "\(arguments): \(onPostgres.stderr)")
                return (onSQLite, onPostgres)
            }

            let copy = try await runner.run(["ledger", "copy", "--from", "sqlite:" + sqlite, "--to", "postgres", "--json"], environment: environment)
            #expect(copy.status == 0, "\(copy.stderr)")
            let copied = try #require(try JSONSerialization.jsonObject(with: Data(copy.stdout.utf8)) as? [String: Any])
            #expect(copied["copied"] as? Int == 120) // 40 × received, decided, succeeded
            #expect(copied["already_present"] as? Int == 0)

            // Same chain, same tree: verify and the signed-off head agree to the hash.
            let verify = try await onBoth(["verify"])
            #expect(verify.sqlite.stdout.hasPrefix("OK 120 events"))
            #expect(verify.postgres.stdout == verify.sqlite.stdout)
            let head = try await onBoth(["head", "--json"])
            #expect(head.postgres.stdout == head.sqlite.stdout)
            // A command that reads no projections refuses the option rather than ignoring it.
            let refused = try await runner.run(["head", "--ledger", sqlite, "--projections", projections])
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("--projections"), "\(refused.stderr)")

            // A second copy finds everything there and adds nothing.
            let again = try await runner.run(["ledger", "copy", "--from", sqlite, "--to", "postgres", "--json"], environment: environment)
            #expect(again.status == 0, "\(again.stderr)")
            let secondCopy = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
            #expect(secondCopy["copied"] as? Int == 0)
            #expect(secondCopy["already_present"] as? Int == 120)

            // Every reading command answers the same.
            let requestID = try #require(
                (try JSONSerialization.jsonObject(with: Data(try await onBoth(["raw", "--json", "--limit", "1"]).sqlite.stdout.utf8))
                    as? [String: Any]).flatMap { ($0["records"] as? [[String: Any]])?.first?["request_id"] as? String })
            for arguments in [
                ["stats", "--json"], ["stats", "--json", "--model", "gpt-4o"], ["raw", "--json", "--limit", "15"],
                ["explain", requestID, "--json"], ["prove", "--seq", "7", "--json"],
                ["replay", "--strategy", "token-length", "--json"], ["sweep", "--json"],
                ["calibrate", "--strong-share", "0.3", "--json"], ["export", "--format", "llm-compass"],
                ["ledger", "info", "--json"],
            ] {
                let answers = try await onBoth(arguments)
                #expect(!answers.sqlite.stdout.isEmpty, "\(arguments)")
                #expect(answers.postgres.stdout == answers.sqlite.stdout, "\(arguments) differs")
            }

            // Rebuilding the projections, training a dictionary and recompressing change no hash.
            #expect(try await onBoth(["rebuild"]).postgres.status == 0)
            let trained = try await runner.run(["ledger", "train-dict", "--ledger", "postgres", "--samples", "100"], environment: environment)
            #expect(trained.status == 0, "\(trained.stderr)")
            let recompressed = try await runner.run(["ledger", "recompress", "--ledger", "postgres", "--json"], environment: environment)
            #expect(recompressed.status == 0, "\(recompressed.stderr)")
            #expect(try await onBoth(["verify"]).postgres.stdout == verify.sqlite.stdout)
        }
    }

    @Test func importIntoPostgresCountsWhatImportIntoSQLiteCounts() async throws {
        try await Self.withLedgers { sqlite, url, directory in
            let runner = try CommandLineRunner()
            let environment = ["ROUTELEDGER_DATABASE_URL": url]
            let historyPath = directory.appendingPathComponent("history.jsonl").path
            let imported = try await runner.run(
                ["import", "--format", "llm-compass", "--ledger", "postgres", "--json", historyPath], environment: environment)
            #expect(imported.status == 0, "\(imported.stderr)")
            let projections = directory.appendingPathComponent("postgres-projections").path
            let onPostgres = try await runner.run(
                ["stats", "--json", "--ledger", "postgres", "--projections", projections], environment: environment)
            let onSQLite = try await runner.run(["stats", "--json", "--ledger", sqlite])
            #expect(onPostgres.status == 0, "\(onPostgres.stderr)")
            #expect(onPostgres.stdout == onSQLite.stdout)
        }
    }

    @Test(arguments: [
        (["verify", "--ledger", "postgres"], [String: String](), "ROUTELEDGER_DATABASE_URL is not set"),
        (["verify", "--ledger", "postgres://routeledger:s3cret-pass@127.0.0.1/x"], [:], "--ledger takes no database URL"),
        (["verify", "--ledger", "postgres:not a name"], [:], "the name of the environment variable"),
        (["verify", "--ledger", "postgres"], ["ROUTELEDGER_DATABASE_URL": "mysql://u:s3cret-pass@h/db"], "must look like postgres://"),
        (["ledger", "copy", "--from", "postgres", "--to", "postgres"], [:], "--from and --to name the same ledger"),
    ])
    func badLocationsAreOneLineWithoutTheSecret(arguments: [String], environment: [String: String], message: String) async throws {
        let output = try await CommandLineRunner().run(arguments, environment: environment.isEmpty ? ["ROUTELEDGER_DATABASE_URL": ""] : environment)
        #expect(output.status != 0)
        #expect(output.stderr.contains(message), "\(output.stderr)")
        #expect(output.stderr.split(separator: "\n").count == 1, "\(output.stderr)")
        #expect(!output.stderr.contains("s3cret-pass"))
    }

    @Test func aWrongPasswordOrAMissingLedgerIsOneLineWithoutThePassword() async throws {
        try await TestDatabase.with { url in
            var components = try #require(URLComponents(string: url))
            components.password = "wrong-s3cret"
            let wrong = try await CommandLineRunner().run(
                ["verify", "--ledger", "postgres"], environment: ["ROUTELEDGER_DATABASE_URL": try #require(components.string)])
            #expect(wrong.status != 0)
            #expect(wrong.stderr.contains("refused the connection") || wrong.stderr.contains("cannot be reached"), "\(wrong.stderr)")
            #expect(!wrong.stderr.contains("wrong-s3cret"))
            #expect(wrong.stderr.split(separator: "\n").count == 1, "\(wrong.stderr)")

            let empty = try await CommandLineRunner().run(["verify", "--ledger", "postgres"], environment: ["ROUTELEDGER_DATABASE_URL": url])
            #expect(empty.status != 0)
            #expect(empty.stderr.contains("no ledger in the database"), "\(empty.stderr)")
        }
    }
}
