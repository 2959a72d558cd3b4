"""The official OpenAI Python SDK against a real `routeledger serve` process.

Run by `make test` after the Swift tests: ROUTELEDGER_BIN names the built executable. Each
server runs with the simulated provider (no network, no key) on a free port and its own ledger;
after the calls, the test stops it with SIGTERM, checks the ledger's chain with
`routeledger verify`, and reads the event types of every request from the ledger file.
"""

import http.server
import json
import os
import signal
import sqlite3
import subprocess
import tempfile
import threading
import unittest
import uuid

import openai

BIN = os.environ.get("ROUTELEDGER_BIN", ".build/debug/routeledger")

CONFIG = """
providers:
  - {name: sim, kind: simulated, latency_ms: 40, ttft_ms: 10}
models:
  - {name: small-model, provider: sim, tier: simple, input_price_per_1k: 0.0001, output_price_per_1k: 0.0002}
  - {name: mid-model, provider: sim, tier: medium, input_price_per_1k: 0.001, output_price_per_1k: 0.002}
  - {name: big-model, provider: sim, tier: complex, input_price_per_1k: 0.01, output_price_per_1k: 0.02}
  - {name: embed-model, provider: sim, kind: embedding, input_price_per_1k: 0.00002}
aliases: {fast: small-model}
"""


class Gateway:
    """A `routeledger serve` child process on a free port."""

    def __init__(self, directory, extra_config="", env=None, config_text=CONFIG):
        self.ledger = os.path.join(directory, "ledger.sqlite")
        config = os.path.join(directory, "routeledger.yaml")
        with open(config, "w") as file:
            file.write(config_text + extra_config)
        self.process = subprocess.Popen(
            [BIN, "serve", "--config", config, "--port", "0", "--ledger", self.ledger],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "LOG_LEVEL": "warning", **(env or {})},
        )
        line = self.process.stdout.readline()
        if "serving on " not in line:
            self.process.kill()
            raise RuntimeError("routeledger did not start: " + line + self.process.stderr.read())
        self.base_url = line.split("serving on ")[1].split(" ")[0] + "/v1"

    def stop(self):
        """SIGTERM, then the exit status (0 after a clean drain)."""
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=30)

    def event_types(self, request_id):
        # The ledger keeps a UUID request id as its 16 bytes, any other id as text.
        with sqlite3.connect(self.ledger) as db:
            rows = db.execute(
                "SELECT type FROM events WHERE request_id = ? OR request_id = ? ORDER BY seq",
                (uuid.UUID(request_id).bytes, request_id))
            return [row[0] for row in rows]


class OpenAISDKTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.directory = tempfile.TemporaryDirectory()
        cls.gateway = Gateway(cls.directory.name)
        cls.client = openai.OpenAI(base_url=cls.gateway.base_url, api_key="unused", max_retries=0)
        cls.request_ids = {}

    @classmethod
    def tearDownClass(cls):
        status = cls.gateway.stop()
        try:
            assert status == 0, f"routeledger exited with {status}"
            verify = subprocess.run([BIN, "verify", "--ledger", cls.gateway.ledger], capture_output=True, text=True)
            assert verify.returncode == 0 and verify.stdout.startswith("OK"), verify.stdout + verify.stderr
            # Every request the tests made left exactly its events, in order.
            for request_id, expected in cls.request_ids.items():
                found = cls.gateway.event_types(request_id)
                assert found == expected, f"{request_id}: {found} != {expected}"
        finally:
            cls.directory.cleanup()

    def expect_events(self, request_id, *types):
        self.request_ids[request_id] = list(types)

    def test_chat_completion(self):
        raw = self.client.chat.completions.with_raw_response.create(
            model="auto", messages=[{"role": "user", "content": "Say hello to the sea."}], temperature=0.2, seed=7)
        completion = raw.parse()
        self.assertEqual(completion.object, "chat.completion")
        self.assertTrue(completion.choices[0].message.content.startswith("[simulated "))
        self.assertEqual(completion.choices[0].finish_reason, "stop")
        self.assertGreater(completion.usage.prompt_tokens, 0)
        self.assertGreater(completion.usage.completion_tokens, 0)
        # The gateway's own fields come through the SDK's model as extras.
        routing = completion.model_extra["routing"]
        self.assertEqual(routing["strategy"], "complexity")
        self.assertIn(routing["model"], ["small-model", "mid-model", "big-model"])
        self.assertEqual(raw.headers["x-request-id"], routing["request_id"])
        self.expect_events(routing["request_id"], "request.received", "routing.decided", "completion.succeeded")

    def test_streamed_chat_completion(self):
        stream = self.client.chat.completions.create(
            model="fast", messages=[{"role": "user", "content": "Stream a short answer."}],
            stream=True, stream_options={"include_usage": True})
        chunks = list(stream)
        text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
        self.assertTrue(text.startswith("[simulated small-model]"))
        routing = chunks[0].model_extra["routing"]
        self.assertEqual(routing["model"], "small-model")
        self.assertEqual(routing["strategy"], "user-specified")
        usage = chunks[-1].usage
        self.assertIsNotNone(usage)
        self.assertGreater(usage.completion_tokens, 0)
        self.expect_events(routing["request_id"], "request.received", "routing.decided", "completion.succeeded")

    def test_models_list(self):
        ids = [model.id for model in self.client.models.list()]
        self.assertEqual(ids, ["auto", "small-model", "mid-model", "big-model", "embed-model", "fast"])
        self.assertEqual(self.client.models.retrieve("fast").id, "fast")

    def test_embeddings(self):
        response = self.client.embeddings.create(model="embed-model", input=["one", "two"], dimensions=16)
        self.assertEqual([len(item.embedding) for item in response.data], [16, 16])
        self.assertGreater(response.usage.prompt_tokens, 0)

    def test_unknown_model_is_not_found_error(self):
        with self.assertRaises(openai.NotFoundError) as caught:
            self.client.chat.completions.create(model="gpt-99", messages=[{"role": "user", "content": "hi"}])
        self.assertEqual(caught.exception.status_code, 404)
        self.assertEqual(caught.exception.code, "model_not_found")

    def test_bad_router_string_is_bad_request_error(self):
        with self.assertRaises(openai.BadRequestError) as caught:
            self.client.chat.completions.create(
                model="router-complexity-1.5", messages=[{"role": "user", "content": "hi"}])
        self.assertEqual(caught.exception.param, "model")

    def test_empty_messages_is_bad_request_error(self):
        with self.assertRaises(openai.BadRequestError) as caught:
            self.client.chat.completions.create(model="auto", messages=[])
        self.assertEqual(caught.exception.param, "messages")


class OpenAISDKAuthTests(unittest.TestCase):
    def test_a_wrong_key_is_authentication_error_and_the_right_one_works(self):
        with tempfile.TemporaryDirectory() as directory:
            gateway = Gateway(
                directory, "auth: {client_key_envs: [SDK_TEST_CLIENT_KEY]}\n",
                env={"SDK_TEST_CLIENT_KEY": "sk-client-test"})
            try:
                wrong = openai.OpenAI(base_url=gateway.base_url, api_key="sk-wrong", max_retries=0)
                with self.assertRaises(openai.AuthenticationError) as caught:
                    wrong.models.list()
                self.assertEqual(caught.exception.status_code, 401)
                self.assertNotIn("sk-client-test", str(caught.exception))
                right = openai.OpenAI(base_url=gateway.base_url, api_key="sk-client-test", max_retries=0)
                self.assertIn("auto", [model.id for model in right.models.list()])
            finally:
                self.assertEqual(gateway.stop(), 0)


class FakeAnthropic:
    """A local server speaking Anthropic's Messages API (`POST /v1/messages`), standing in for
    api.anthropic.com: it refuses a request without the `x-api-key` and `anthropic-version`
    headers, without `max_tokens`, with OpenAI-only fields or with roles that do not alternate,
    and answers with the documented message or event stream."""

    KEY = "sk-ant-sdk-test"
    TEXT = ["Salut", " depuis", " Anthropic."]
    INPUT_TOKENS = 17
    OUTPUT_TOKENS = 6

    def __init__(self):
        self.received = []
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["content-length"])))
                fake.received.append((dict(self.headers), body))
                problem = fake.problem(self.headers, body)
                if problem:
                    status, kind = (401, "authentication_error") if "x-api-key" in problem else (400, "invalid_request_error")
                    return self.send(status, "application/json", json.dumps(
                        {"type": "error", "error": {"type": kind, "message": problem}}).encode())
                if not body.get("stream"):
                    return self.send(200, "application/json", json.dumps(fake.message(body["model"])).encode())
                events = b"".join(
                    f"event: {event['type']}\ndata: {json.dumps(event)}\n\n".encode() for event in fake.events(body["model"]))
                self.send(200, "text/event-stream", events)

            def send(self, status, content_type, payload):
                self.send_response(status)
                self.send_header("content-type", content_type)
                self.send_header("content-length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    @staticmethod
    def problem(headers, body):
        if headers.get("x-api-key") != FakeAnthropic.KEY:
            return "invalid x-api-key"
        if headers.get("anthropic-version") != "2023-06-01":
            return "anthropic-version: missing or unknown"
        extra = {"n", "stream_options", "stop", "user", "max_completion_tokens", "seed"} & body.keys()
        if extra:
            return f"{sorted(extra)[0]}: Extra inputs are not permitted"
        if not isinstance(body.get("max_tokens"), int):
            return "max_tokens: Field required"
        roles = [message["role"] for message in body.get("messages", [])]
        if not roles or any(role not in ("user", "assistant") for role in roles) or any(a == b for a, b in zip(roles, roles[1:])):
            return "messages: roles must alternate between user and assistant"
        return None

    def usage(self, output):
        return {"input_tokens": self.INPUT_TOKENS, "cache_creation_input_tokens": 0,
                "cache_read_input_tokens": 0, "output_tokens": output}

    def message(self, model):
        return {"id": "msg_sdk", "type": "message", "role": "assistant", "model": model,
                "content": [{"type": "text", "text": "".join(self.TEXT)}], "stop_reason": "end_turn",
                "stop_sequence": None, "usage": self.usage(self.OUTPUT_TOKENS)}

    def events(self, model):
        start = {**self.message(model), "content": [], "stop_reason": None, "usage": self.usage(1)}
        yield {"type": "message_start", "message": start}
        yield {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}
        yield {"type": "ping"}
        for piece in self.TEXT:
            yield {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": piece}}
        yield {"type": "content_block_stop", "index": 0}
        yield {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None},
               "usage": {"output_tokens": self.OUTPUT_TOKENS}}
        yield {"type": "message_stop"}


class AnthropicThroughTheGatewayTests(unittest.TestCase):
    """An Anthropic provider's answers and stream, translated by the gateway, read by the OpenAI SDK."""

    @classmethod
    def setUpClass(cls):
        cls.fake = FakeAnthropic()
        cls.directory = tempfile.TemporaryDirectory()
        config = CONFIG.replace("models:\n", (
            f"  - {{name: claude, kind: anthropic, base_url: 'http://127.0.0.1:{cls.fake.port}/v1', "
            "api_key_env: SDK_ANTHROPIC_KEY}\nmodels:\n"
            "  - {name: claude-model, provider: claude, upstream_model: claude-fake, tier: complex, "
            "group: quality, input_price_per_1k: 0.003, output_price_per_1k: 0.015}\n"), 1)
        cls.gateway = Gateway(cls.directory.name, config_text=config, env={"SDK_ANTHROPIC_KEY": FakeAnthropic.KEY})
        cls.client = openai.OpenAI(base_url=cls.gateway.base_url, api_key="unused", max_retries=0)

    @classmethod
    def tearDownClass(cls):
        try:
            assert cls.gateway.stop() == 0
        finally:
            cls.fake.stop()
            cls.directory.cleanup()

    def test_a_stream_from_anthropic_reads_as_an_openai_stream(self):
        stream = self.client.chat.completions.create(
            model="claude-model", stream=True, stream_options={"include_usage": True}, stop=["###"], user="sdk-user",
            messages=[{"role": "system", "content": "Réponds en français."}, {"role": "user", "content": "Bonjour ?"}])
        chunks = list(stream)
        self.assertTrue(all(chunk.object == "chat.completion.chunk" for chunk in chunks))
        self.assertEqual("".join(c.choices[0].delta.content or "" for c in chunks if c.choices), "".join(FakeAnthropic.TEXT))
        self.assertEqual([c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason], ["stop"])
        self.assertEqual(chunks[0].model_extra["routing"]["provider"], "claude")
        self.assertEqual(chunks[-1].usage.prompt_tokens, FakeAnthropic.INPUT_TOKENS)
        self.assertEqual(chunks[-1].usage.completion_tokens, FakeAnthropic.OUTPUT_TOKENS)
        headers, body = self.fake.received[-1]
        self.assertTrue(body["stream"])
        self.assertEqual(body["stop_sequences"], ["###"])
        self.assertEqual(body["system"], [{"type": "text", "text": "Réponds en français."}])
        # The gateway recorded Anthropic's token counts as the provider's own.
        audit = subprocess.run(
            [BIN, "explain", "--ledger", self.gateway.ledger, chunks[0].model_extra["routing"]["request_id"], "--json"],
            capture_output=True, text=True, check=True)
        events = json.loads(audit.stdout)["events"]
        completion = next(event["payload"] for event in events if event["type"] == "completion.succeeded")
        self.assertEqual(completion["input_tokens"], FakeAnthropic.INPUT_TOKENS)
        self.assertEqual(completion["output_tokens"], FakeAnthropic.OUTPUT_TOKENS)
        self.assertEqual(completion["token_source"], "provider")

    def test_a_plain_answer_from_anthropic_reads_as_a_chat_completion(self):
        completion = self.client.chat.completions.create(
            model="claude-model", max_tokens=50, messages=[{"role": "user", "content": "Bonjour ?"}])
        self.assertEqual(completion.choices[0].message.content, "".join(FakeAnthropic.TEXT))
        self.assertEqual(completion.choices[0].finish_reason, "stop")
        self.assertEqual(completion.usage.total_tokens, FakeAnthropic.INPUT_TOKENS + FakeAnthropic.OUTPUT_TOKENS)
        self.assertEqual(self.fake.received[-1][1]["max_tokens"], 50)


if __name__ == "__main__":
    unittest.main(verbosity=2)
