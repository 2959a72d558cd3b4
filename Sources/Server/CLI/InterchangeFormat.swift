import ArgumentParser

/// The record formats `import` and `export` read and write (`--format`).
enum InterchangeFormat: String, ExpressibleByArgument, CaseIterable {
    /// llm-compass's `data/call_history.jsonl`.
    case llmCompass = "llm-compass"
}
