import Foundation
import Router
import Subprocess

/// Times pip `tiktoken` on the same text and the same rank files as our tokenizer, by running
/// `python3` with an embedded script (offline: the rank files are written to a temporary folder).
struct TiktokenRunner {
    /// tiktoken's figures for one encoding.
    struct Measurement: Decodable {
        var seconds: Double
        var tokens: Int
        /// FNV-1a 64 over the token ids (one id per step), in hex.
        var idsHash: String

        enum CodingKeys: String, CodingKey {
            case seconds, tokens
            case idsHash = "ids_hash"
        }
    }

    /// What the script printed: tiktoken's version and figures by encoding name, or why it could not run.
    struct Report: Decodable {
        var version: String?
        var encodings: [String: Measurement]?
        var error: String?
    }

    var directory: URL
    var runs: Int

    /// Runs tiktoken on `text` for every encoding; a report with `error` set when python3 or
    /// tiktoken is missing or fails (the benchmark goes on without tiktoken's figures).
    func run(text: String) async -> Report {
        do {
            try Data(text.utf8).write(to: directory.appendingPathComponent("text.txt"))
            for name in EncodingName.allCases {
                try Data(name.rankFileContents()).write(to: directory.appendingPathComponent("\(name.rawValue).tiktoken"))
            }
            let script = directory.appendingPathComponent("bench_tiktoken.py")
            try Data(Self.script.utf8).write(to: script)
            let result = try await Subprocess.run(
                .name("python3"),
                arguments: Arguments([script.path, directory.path, String(runs)] + EncodingName.allCases.map(\.rawValue)),
                environment: .inherit.updating(["TIKTOKEN_CACHE_DIR": "", "RAYON_NUM_THREADS": "1"]),
                output: .data(limit: .max))
            switch result.terminationStatus {
            case .exited(0): return try JSONDecoder().decode(Report.self, from: result.standardOutput)
            case .exited(let code): return Report(error: "python3 exited with status \(code)")
            case .signaled(let signal): return Report(error: "python3 was killed by signal \(signal)")
            }
        } catch let error as SubprocessError where error.code == .executableNotFound {
            return Report(error: "python3 is not installed")
        } catch {
            return Report(error: "cannot run python3: \(error)")
        }
    }

    /// Loads tiktoken from the local rank files with the pattern and special tokens of tiktoken's own
    /// spec (its `load_tiktoken_bpe` is handed our ranks, so nothing is downloaded), warms up once,
    /// then prints the best of `runs` single-threaded `encode_ordinary` timings as JSON.
    static let script = #"""
        import json, sys, time
        try:
            import tiktoken
            import tiktoken.load
            from tiktoken_ext import openai_public
        except ImportError as error:
            print(json.dumps({"error": f"tiktoken is not installed ({error})"}))
            sys.exit(0)

        folder, runs, names = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
        with open(f"{folder}/text.txt", encoding="utf-8", newline="") as file:
            text = file.read()
        report = {"version": tiktoken.__version__, "encodings": {}}
        for name in names:
            ranks = tiktoken.load.load_tiktoken_bpe(f"{folder}/{name}.tiktoken")
            openai_public.load_tiktoken_bpe = lambda *args, **kwargs: ranks
            spec = getattr(openai_public, name)()
            encoding = tiktoken.Encoding(
                name=name, pat_str=spec["pat_str"], mergeable_ranks=ranks, special_tokens=spec["special_tokens"]
            )
            encoding.encode_ordinary(text)
            best = float("inf")
            for _ in range(runs):
                start = time.perf_counter()
                ids = encoding.encode_ordinary(text)
                best = min(best, time.perf_counter() - start)
            digest = 0xCBF29CE484222325
            for i in ids:
                digest = ((digest ^ i) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
            report["encodings"][name] = {"seconds": best, "tokens": len(ids), "ids_hash": f"{digest:016x}"}
        print(json.dumps(report))
        """#

    /// FNV-1a 64 over `ids` (one id per step), in hex — the script's `ids_hash`.
    static func idsHash(_ ids: [Int]) -> String {
        var digest: UInt64 = 0xCBF2_9CE4_8422_2325
        for id in ids {
            digest = (digest ^ UInt64(id)) &* 0x0000_0100_0000_01B3
        }
        let hex = String(digest, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

extension TiktokenRunner.Report {
    init(error: String) {
        self.init(version: nil, encodings: nil, error: error)
    }
}
