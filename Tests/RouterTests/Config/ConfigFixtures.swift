import Foundation

/// Small YAML documents the configuration tests start from.
enum ConfigFixtures {
    /// One OpenAI provider and one model per tier: the smallest valid catalog.
    static let minimal = """
        providers:
          - name: openai
            kind: openai
            base_url: https://api.openai.com/v1
            api_key_env: OPENAI_API_KEY
        models:
          - {name: small, provider: openai, tier: simple, input_price_per_1k: 0.1, output_price_per_1k: 0.2}
          - {name: mid, provider: openai, tier: medium, input_price_per_1k: 0.3, output_price_per_1k: 0.4}
          - {name: big, provider: openai, tier: complex, input_price_per_1k: 0.5, output_price_per_1k: 0.6}

        """

    /// `minimal` with its three model lines replaced by `models`.
    static func withModels(_ models: [String]) -> String {
        let head = minimal.components(separatedBy: "models:\n")[0]
        return head + "models:\n" + models.map { "  - \($0)\n" }.joined()
    }
}
