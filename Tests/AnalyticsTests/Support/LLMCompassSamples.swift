import Analytics
import CanonicalJSON
import Foundation
import Ledger
import SeededRandom

/// llm-compass records as its router writes them to `data/call_history.jsonl` (Python's
/// `json.dumps`, one per line), in the shapes an import meets.
enum LLMCompassSamples {
    /// A routed call as llm-compass logs it: Python's zone-less microsecond timestamp, a
    /// sub-millisecond routing latency.
    static let typical = #"""
        {"timestamp": "2025-11-21T10:00:00.123456", "request": {"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Write a haiku about the sea"}], "temperature": 0.7, "max_tokens": 256, "stream": false, "user_specified_model": null}, "routing": {"method": "complexity", "query": "Write a haiku about the sea", "routing_latency_ms": 0.4567, "tier": "medium", "complexity_score": 0.42, "task_type": "Text Generation", "domain_knowledge": 0.1, "reasoning": 0.2, "creativity": 0.9}, "llm": {"model": "qwen-plus", "response_id": "chatcmpl-8f3a", "response_content": "Waves fold into foam", "input_tokens": 14, "output_tokens": 20, "total_tokens": 34, "cost_usd": 1.23e-05, "llm_latency_ms": 812.5}}
        """#

    /// Non-ASCII text, escaped (`ensure_ascii`) and raw, and multi-part content.
    static let unicode = #"""
        {"timestamp": "2025-11-21T10:00:01.5", "request": {"messages": [{"role": "user", "content": [{"type": "text", "text": "\u4f60\u597d, r\u00e9sum\u00e9 \ud83c\udf0a"}, {"type": "text", "text": "Zeile zwei: Grüße 🌊"}]}], "temperature": null, "max_tokens": null, "stream": true, "user_specified_model": "auto"}, "routing": {"method": "complexity", "query": "\u4f60\u597d, r\u00e9sum\u00e9 \ud83c\udf0a\nZeile zwei: Grüße 🌊", "routing_latency_ms": 1.2, "tier": "simple", "complexity_score": 0.05, "task_type": "Chatbot", "domain_knowledge": 0.0, "reasoning": 0.0, "creativity": 0.1}, "llm": {"model": "qwen-turbo", "response_id": "r-2", "response_content": "\u4f60\u597d\uff01 🌊", "input_tokens": 9, "output_tokens": 4, "total_tokens": 13, "cost_usd": 0.0, "llm_latency_ms": 120}}
        """#

    /// A routing section without tier and task type.
    static let withoutTierOrTaskType = #"""
        {"timestamp": "2025-11-21T10:00:02", "request": {"messages": [{"role": "user", "content": "hi"}], "temperature": 0.2, "max_tokens": 16, "stream": false, "user_specified_model": null}, "routing": {"method": "token-length", "query": "hi", "routing_latency_ms": 0.05, "complexity_score": 0.0, "domain_knowledge": 0.0, "reasoning": 0.0, "creativity": 0.0}, "llm": {"model": "qwen-turbo", "response_id": "r-3", "response_content": "Hello!", "input_tokens": 1, "output_tokens": 2, "total_tokens": 3, "cost_usd": 2e-07, "llm_latency_ms": 95.25}}
        """#

    /// Keys routeledger does not know, at the top level and in every section.
    static let extraKeysAtEveryLevel = #"""
        {"timestamp": "2025-11-21T10:00:03.000001+02:00", "session": "s-17", "request": {"messages": [{"role": "user", "content": "sum 2+2", "name": "ann"}], "temperature": 0, "max_tokens": 8, "stream": false, "user_specified_model": null, "top_p": 0.9, "tools": [{"type": "function", "function": {"name": "add", "parameters": {"type": "object", "properties": {"a": {"type": "number"}}}}}]}, "routing": {"method": "complexity", "query": "sum 2+2", "routing_latency_ms": 0.3, "tier": "simple", "complexity_score": 0.1, "task_type": "Closed QA", "domain_knowledge": 0.0, "reasoning": 0.3, "creativity": 0.0, "contextual_knowledge": 0.0, "constraints": 0.1, "number_of_few_shots": 0, "token_count": 5, "classifier": {"version": "v2", "scores": [0.1, 0.9]}}, "llm": {"model": "gpt-4o-mini", "provider": "openai", "response_id": "r-4", "response_content": "4", "input_tokens": 5, "output_tokens": 1, "total_tokens": 6, "cost_usd": 1.35e-06, "llm_latency_ms": 401.0, "cached": false, "finish_reason": "stop"}}
        """#

    /// A call llm-compass sent to its fallback model: no tier, no scores, a model the client named.
    static let fallback = #"""
        {"timestamp": "2025-11-21T10:00:04.250", "request": {"messages": [{"role": "user", "content": "explain monads"}], "temperature": 0.7, "max_tokens": 512, "stream": false, "user_specified_model": "gpt-4o"}, "routing": {"method": "fallback", "query": "explain monads", "routing_latency_ms": 0.0, "tier": null, "complexity_score": null, "task_type": null, "domain_knowledge": null, "reasoning": null, "creativity": null}, "llm": {"model": "gpt-4o", "response_id": null, "response_content": "A monad is…", "input_tokens": 3, "output_tokens": 300, "total_tokens": 303, "cost_usd": 0.0030075, "llm_latency_ms": 2310.75}}
        """#

    /// No routing section (`null`), and one with none at all, an epoch-seconds timestamp, and no messages.
    static let routingNull = #"""
        {"timestamp": "2025-11-21T10:00:05.000", "request": {"messages": [{"role": "user", "content": "ping"}], "temperature": 1.0, "max_tokens": 4, "stream": false, "user_specified_model": "qwen-max"}, "routing": null, "llm": {"model": "qwen-max", "response_id": "r-6", "response_content": "pong", "input_tokens": 1, "output_tokens": 1, "total_tokens": 2, "cost_usd": 4e-06, "llm_latency_ms": 88.0}}
        """#
    static let routingAbsent = #"""
        {"timestamp": 1763719206.5, "request": {"temperature": 0.5}, "llm": {"model": "qwen-max", "response_id": "r-7", "input_tokens": 2, "output_tokens": 3, "total_tokens": 5, "cost_usd": 1e-05, "llm_latency_ms": 70}}
        """#

    /// Figures routeledger cannot count with: negative and fractional tokens, a cost that is a
    /// string, a total that is not the sum, an absurd routing latency, a message list that is not a list.
    static let oddFigures = #"""
        {"timestamp": "2025-11-21T10:00:07Z", "request": {"messages": "hello", "temperature": "hot", "user_specified_model": 42}, "routing": {"method": "", "tier": "", "task_type": 7, "routing_latency_ms": 1e300, "complexity_score": "high", "token_count": 2.5, "number_of_few_shots": -1}, "llm": {"model": "", "provider": 3, "input_tokens": -5, "output_tokens": 2.5, "total_tokens": 99, "cost_usd": "free", "llm_latency_ms": -3, "response_content": null}}
        """#

    static let all = [typical, unicode, withoutTierOrTaskType, extraKeysAtEveryLevel, fallback, routingNull, routingAbsent, oddFigures]

    /// `count` random records, a few seconds apart from `start` (Unix ms): several methods and
    /// tiers, sometimes no routing section, sometimes a key routeledger does not know.
    static func generated(count: Int, seed: UInt64, start: Int64 = 1_763_700_000_000) -> [String] {
        var random = SeededGenerator(seed: seed)
        var timestamp = start
        return (0..<count).map { index in
            timestamp += Int64(random.next() % 5_000)
            // Python's zone-less microseconds, or routeledger's own form.
            let written = RecordTimestamp.format(timestamp)
            let time = random.next() % 2 == 0 ? String(written.dropLast()) + "456" : written
            let model = ["qwen-turbo", "qwen-plus", "qwen-max"][Int(random.next() % 3)]
            let tier = ["simple", "medium", "complex"][Int(random.next() % 3)]
            let method = ["complexity", "token-length", "fallback"][Int(random.next() % 3)]
            let input = random.next() % 3_000, output = random.next() % 900
            let routing = random.next() % 8 == 0 ? "null" : """
                {"method": "\(method)", "query": "question \(index)", "routing_latency_ms": \(Double(random.next() % 5_000) / 1_000), \
                "tier": "\(tier)", "complexity_score": \(Double(random.next() % 100) / 100), "task_type": "Open QA", \
                "domain_knowledge": 0.5, "reasoning": 0.25, "creativity": 0.0}
                """
            let extra = random.next() % 5 == 0 ? #", "session": "s-\#(index)""# : ""
            return """
                {"timestamp": "\(time)"\(extra), "request": {"messages": [{"role": "user", "content": "question \(index)"}], \
                "temperature": 0.7, "max_tokens": 512, "stream": false, "user_specified_model": null}, "routing": \(routing), \
                "llm": {"model": "\(model)", "response_id": "r-\(index)", "response_content": "answer \(index)", \
                "input_tokens": \(input), "output_tokens": \(output), "total_tokens": \(input + output), \
                "cost_usd": \(Double(input) * 2e-7 + Double(output) * 6e-7), "llm_latency_ms": \(Double(random.next() % 3_000_000) / 1_000)}}
                """
        }
    }

    /// `line` read as JSON by Foundation, independently of the code under test.
    static func parsed(_ line: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(line.utf8))
    }
}
