import CanonicalJSON
import Testing

@testable import Server

/// The OpenAI → Anthropic request translation, field by field.
@Suite struct AnthropicRequestTests {
    private func translate(_ json: String, defaultMaxTokens: Int = 300) throws -> [String: JSONValue] {
        let fields = try #require(JSONObjectCoding.object(Array(json.utf8)))
        return try AnthropicRequest.body(fields, defaultMaxTokens: defaultMaxTokens)
    }

    private func parse(_ json: String) throws -> JSONValue {
        .object(try #require(JSONObjectCoding.object(Array(json.utf8))))
    }

    @Test func systemMessagesBecomeSystemBlocksAndTurnsOfOneRoleMerge() throws {
        let body = try translate("""
            {"model":"claude-x","messages":[
              {"role":"system","content":"Be brief."},
              {"role":"developer","content":[{"type":"text","text":"Answer in French."}]},
              {"role":"user","content":"Hello"},
              {"role":"user","content":[{"type":"text","text":"Again"},{"type":"text","text":""}]},
              {"role":"assistant","content":"Bonjour"}]}
            """)
        #expect(body["model"] == .string("claude-x"))
        #expect(body["system"] == (try parse(#"{"s":[{"type":"text","text":"Be brief."},{"type":"text","text":"Answer in French."}]}"#)).objectField("s"))
        #expect(body["messages"] == (try parse("""
            {"m":[{"role":"user","content":[{"type":"text","text":"Hello"},{"type":"text","text":"Again"}]},
                  {"role":"assistant","content":[{"type":"text","text":"Bonjour"}]}]}
            """)).objectField("m"))
        // No max_tokens from the client: the provider's default; Anthropic requires one.
        #expect(body["max_tokens"] == .int(300))
    }

    @Test func samplingFieldsMapAndOpenAIOnlyFieldsAreLeftOut() throws {
        let body = try translate("""
            {"model":"m","messages":[{"role":"user","content":"x"}],"max_completion_tokens":64,"max_tokens":9,
             "temperature":1.7,"top_p":0.9,"stop":"END","user":"alice","stream":true,
             "stream_options":{"include_usage":true},"presence_penalty":0.5,"seed":3,"response_format":{"type":"text"},"n":1}
            """)
        #expect(body["max_tokens"] == .int(64))
        #expect(body["temperature"] == .double(1))
        #expect(body["top_p"] == .double(0.9))
        #expect(body["stop_sequences"] == .array([.string("END")]))
        #expect(body["metadata"] == .object(["user_id": .string("alice")]))
        #expect(body["stream"] == .bool(true))
        let expectedKeys: Set<String> = [
            "model", "messages", "max_tokens", "temperature", "top_p", "stop_sequences", "metadata", "stream",
        ]
        #expect(Set(body.keys) == expectedKeys)
    }

    @Test func imagesToolCallsAndToolResultsBecomeContentBlocks() throws {
        let body = try translate("""
            {"model":"m","messages":[
              {"role":"user","content":[{"type":"text","text":"What is this?"},
                {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}},
                {"type":"image_url","image_url":{"url":"https://example.com/cat.jpg","detail":"low"}}]},
              {"role":"assistant","content":null,"tool_calls":[
                {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
                {"id":"call_2","type":"function","function":{"name":"get_time","arguments":""}}]},
              {"role":"tool","tool_call_id":"call_1","content":"18 C"},
              {"role":"tool","tool_call_id":"call_2","content":[{"type":"text","text":"noon"}]}],
             "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather now",
                "parameters":{"type":"object","properties":{"city":{"type":"string"}}}}},
                {"type":"function","function":{"name":"get_time"}}],
             "tool_choice":{"type":"function","function":{"name":"get_weather"}},"parallel_tool_calls":false}
            """)
        #expect(body["messages"] == (try parse("""
            {"m":[
              {"role":"user","content":[{"type":"text","text":"What is this?"},
                {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},
                {"type":"image","source":{"type":"url","url":"https://example.com/cat.jpg"}}]},
              {"role":"assistant","content":[
                {"type":"tool_use","id":"call_1","name":"get_weather","input":{"city":"Paris"}},
                {"type":"tool_use","id":"call_2","name":"get_time","input":{}}]},
              {"role":"user","content":[
                {"type":"tool_result","tool_use_id":"call_1","content":"18 C"},
                {"type":"tool_result","tool_use_id":"call_2","content":"noon"}]}]}
            """)).objectField("m"))
        #expect(body["tools"] == (try parse("""
            {"t":[{"name":"get_weather","description":"Weather now","input_schema":{"type":"object","properties":{"city":{"type":"string"}}}},
                  {"name":"get_time","input_schema":{"type":"object","properties":{}}}]}
            """)).objectField("t"))
        #expect(body["tool_choice"] == (try parse(#"{"type":"tool","name":"get_weather","disable_parallel_tool_use":true}"#)))
    }

    @Test(arguments: [
        (#""auto""#, #"{"type":"auto"}"#), (#""required""#, #"{"type":"any"}"#), (#""none""#, #"{"type":"none"}"#),
    ])
    func toolChoiceWordsMap(choice: String, expected: String) throws {
        let body = try translate(#"{"model":"m","messages":[{"role":"user","content":"x"}],"tool_choice":\#(choice)}"#)
        #expect(body["tool_choice"] == (try parse(expected)))
    }

    @Test(arguments: [
        (#""n":2"#, "n must be 1"),
        (#""messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{}}]}]"#, "messages[0].content[0].type \"input_audio\""),
        (#""messages":[{"role":"function","name":"f","content":"x"}]"#, "messages[0].role \"function\""),
        (#""messages":[{"role":"tool","content":"x"}]"#, "messages[0].tool_call_id is required"),
        (#""messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"ftp://x/y.png"}}]}]"#, "base64 data URL or an http(s) URL"),
        (#""messages":[{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"[1"}}]}]"#, "function.arguments must be a JSON object"),
        (#""tools":[{"type":"code_interpreter"}]"#, "tools[0] must be a function tool"),
        (#""max_tokens":0"#, "max_tokens must be a positive integer"),
    ])
    func whatCannotBeTranslatedIsRefusedNamingTheField(field: String, message: String) throws {
        let json = field.hasPrefix(#""messages""#)
            ? #"{"model":"m",\#(field)}"# : #"{"model":"m","messages":[{"role":"user","content":"x"}],\#(field)}"#
        let fields = try #require(JSONObjectCoding.object(Array(json.utf8)))
        #expect {
            try AnthropicRequest.body(fields, defaultMaxTokens: 100)
        } throws: { error in
            (error as? AnthropicRequest.Refusal)?.message.contains(message) == true
        }
    }
}

extension JSONValue {
    /// The field `key` of an object value.
    func objectField(_ key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }
}
