"""The web console (/console) in a real headless Chromium, against a real `routeledger serve` process.

Run by `make test` after the Swift tests. ROUTELEDGER_BIN names the built executable (default
.build/debug/routeledger); CONSOLE_TEST_OUTPUT the folder for one screenshot per page (default
.build/console-test; a failing step also leaves `failed-<step>.png` and `.html` there).

Setup: an OpenAI-compatible stub upstream runs in this process (http.server on a free port). It
answers chat completions with usage for every model id except `broken-upstream`, which gets 503.
The gateway's configuration has three openai providers: `good` (the stub), `flaky` (the stub, its
model's upstream id is `broken-upstream`, so a request for it fails over to a good model through
a fallback group) and `dead` (a closed port, so a request naming its model fails for good). Admin
and client keys are generated per run. Traffic goes through the gateway with urllib before the
browser starts: more than one page of the request log (the console's page size is 50).

The steps run in order (test_a … test_j); each signs in again when it needs to, so one failing
step does not hide the others. Every page visit also checks that the page ran no script it
should not have (the XSS marker), and that the browser reported no Content-Security-Policy
violation and no JavaScript error. Selenium is given /usr/bin/chromium and /usr/bin/chromedriver
explicitly, so it never downloads anything.
"""

import functools
import http.server
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import unittest
import urllib.error
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

BIN = os.environ.get("ROUTELEDGER_BIN", ".build/debug/routeledger")
OUTPUT = os.environ.get("CONSOLE_TEST_OUTPUT", ".build/console-test")
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

ADMIN_KEY_ENV = "RL_CONSOLE_TEST_ADMIN_KEY"
CLIENT_KEY_ENV = "RL_CONSOLE_TEST_CLIENT_KEY"
UPSTREAM_KEY_ENV = "RL_CONSOLE_TEST_UPSTREAM_KEY"

BROKEN_UPSTREAM = "broken-upstream"
PAGE_SIZE = 50
TOTAL_REQUESTS = 64  # sent in setUpClass: more than one page of the request log
WAIT_SECONDS = 15

XSS_PROMPT = 'Please repeat <script>window.__xss=1</script>"><img src=x onerror="window.__xss=2"> verbatim.'

AUTO_PROMPTS = [
    "What is the capital of France?",
    "Say hello to the sea.",
    "Translate 'good morning, how are you?' into Spanish.",
    "Summarise in one sentence: the meeting moved from Tuesday to Thursday because the room was booked.",
    "Write a haiku about ledgers.",
    "Write a Python function that parses ISO-8601 dates, then prove step by step that it handles leap years.",
    "Is 97 a prime number?",
    "List three fruits that are red.",
    "Design a fault-tolerant distributed key-value store with consensus, sharding and rebalancing; "
    "compare Raft and Paxos, and derive the failure bounds for each design choice.",
    "Classify the sentiment of this review: the soup was cold and the waiter was rude.",
    "Explain, with a worked example, how a Merkle tree proves that an event is in an append-only log.",
    "Write a short story about a lighthouse keeper who finds a message in a bottle.",
]

CONFIG = """\
auth:
  admin_key_env: {admin_env}
  client_key_envs: [{client_env}]
providers:
  - {{name: good, kind: openai, base_url: "http://127.0.0.1:{stub_port}/v1", api_key_env: {upstream_env}, priority: 1, timeout_ms: 10000}}
  - {{name: flaky, kind: openai, base_url: "http://127.0.0.1:{stub_port}/v1", api_key_env: {upstream_env}, priority: 2, timeout_ms: 10000}}
  - {{name: dead, kind: openai, base_url: "http://127.0.0.1:{dead_port}/v1", api_key_env: {upstream_env}, priority: 3, timeout_ms: 5000}}
models:
  - {{name: good-small, provider: good, upstream_model: stub-small, tier: simple, input_price_per_1k: 0.0001, output_price_per_1k: 0.0002}}
  - {{name: good-medium, provider: good, upstream_model: stub-medium, tier: medium, input_price_per_1k: 0.001, output_price_per_1k: 0.002}}
  - {{name: good-large, provider: good, upstream_model: stub-large, tier: complex, input_price_per_1k: 0.01, output_price_per_1k: 0.03}}
  - {{name: flaky-medium, provider: flaky, upstream_model: {broken}, tier: medium, group: flaky, input_price_per_1k: 0.0008, output_price_per_1k: 0.0016}}
  - {{name: dead-large, provider: dead, upstream_model: stub-large, tier: complex, group: dead, input_price_per_1k: 0.005, output_price_per_1k: 0.015}}
aliases: {{fast: good-small}}
fallbacks:
  flaky: [simple]
routing:
  retries: {{count: 0}}
"""

CATALOG_MODELS = ["good-small", "good-medium", "good-large", "flaky-medium", "dead-large"]


# --- The stub OpenAI upstream -------------------------------------------------------------------

def left_the_document(element):
    """A wait condition: `element` no longer belongs to the page (the browser loaded another).

    Selenium's `staleness_of` lets a race through: when the old document goes away between the
    lookup and the check, Chromium answers "Node with given id does not belong to the document" as
    a plain WebDriverException instead of a stale-element error.
    """
    def gone(_driver):
        try:
            element.is_enabled()
            return False
        except WebDriverException:  # StaleElementReferenceException is one too
            return True
    return gone


class StubUpstream(http.server.BaseHTTPRequestHandler):
    """`POST /v1/chat/completions` answers a chat.completion (or its SSE stream) with usage, echoing
    the last user message; the model id `broken-upstream` gets 503. `GET /v1/models` lists models.
    A request without the expected bearer key gets 401."""

    protocol_version = "HTTP/1.1"
    server_version = "stub-openai/1"

    def log_message(self, *args):
        pass

    def send_json(self, status, value, extra_headers=()):
        data = json.dumps(value).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        for name, header in extra_headers:
            self.send_header(name, header)
        self.end_headers()
        self.wfile.write(data)

    @staticmethod
    def error(message, kind, code):
        return {"error": {"message": message, "type": kind, "param": None, "code": code}}

    def authorized(self):
        expected = "Bearer " + self.server.api_key
        if self.headers.get("authorization") == expected:
            return True
        self.send_json(401, self.error("stub: wrong or missing api key", "invalid_request_error", "invalid_api_key"))
        return False

    def do_GET(self):
        path = urllib.parse.urlsplit(self.path).path
        if path != "/v1/models":
            return self.send_json(404, self.error(f"stub: no route GET {path}", "invalid_request_error", "not_found"))
        if not self.authorized():
            return None
        models = ["stub-small", "stub-medium", "stub-large", BROKEN_UPSTREAM]
        return self.send_json(200, {"object": "list", "data": [
            {"id": name, "object": "model", "created": 1, "owned_by": "stub"} for name in models]})

    def do_POST(self):
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length else b""
        path = urllib.parse.urlsplit(self.path).path
        if path != "/v1/chat/completions":
            return self.send_json(404, self.error(f"stub: no route POST {path}", "invalid_request_error", "not_found"))
        if not self.authorized():
            return None
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            return self.send_json(400, self.error("stub: the body is not JSON", "invalid_request_error", None))
        model = body.get("model")
        with self.server.lock:
            self.server.calls.append(model)
        if model == BROKEN_UPSTREAM:
            return self.send_json(503, self.error("stub: broken-upstream is unavailable", "server_error", "unavailable"))
        prompt = self.last_user_text(body.get("messages") or [])
        content = f"stub answer from {model}: {prompt[:200]}"
        usage = {"prompt_tokens": max(1, len(prompt.split())), "completion_tokens": len(content.split())}
        usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
        with self.server.lock:
            self.server.counter += 1
            completion_id = f"chatcmpl-stub-{self.server.counter}"
        if body.get("stream"):
            return self.stream(completion_id, model, content, usage, body)
        return self.send_json(200, {
            "id": completion_id, "object": "chat.completion", "created": 1_700_000_000, "model": model,
            "system_fingerprint": "stub",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                         "logprobs": None, "finish_reason": "stop"}],
            "usage": usage,
        })

    def stream(self, completion_id, model, content, usage, body):
        def chunk(choices, **extra):
            return {"id": completion_id, "object": "chat.completion.chunk", "created": 1_700_000_000,
                    "model": model, "choices": choices, **extra}
        events = [chunk([{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}])]
        events += [chunk([{"index": 0, "delta": {"content": (" " if index else "") + word}, "finish_reason": None}])
                   for index, word in enumerate(content.split(" "))]
        events.append(chunk([{"index": 0, "delta": {}, "finish_reason": "stop"}]))
        if (body.get("stream_options") or {}).get("include_usage"):
            events.append(chunk([], usage=usage))
        self.send_response(200)
        self.send_header("content-type", "text/event-stream")
        self.send_header("connection", "close")
        self.end_headers()
        for event in events:
            self.wfile.write(b"data: " + json.dumps(event).encode() + b"\n\n")
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()
        self.close_connection = True
        return None

    @staticmethod
    def last_user_text(messages):
        for message in reversed(messages):
            if isinstance(message, dict) and message.get("role") == "user":
                content = message.get("content")
                if isinstance(content, list):
                    return " ".join(part.get("text", "") for part in content if isinstance(part, dict))
                return str(content or "")
        return ""


def start_stub(api_key):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), StubUpstream)
    server.daemon_threads = True
    server.api_key = api_key
    server.calls = []
    server.counter = 0
    server.lock = threading.Lock()
    thread = threading.Thread(target=server.serve_forever, name="stub-upstream", daemon=True)
    thread.start()
    return server, thread


def closed_port():
    """A loopback port nothing listens on: bound, read, closed."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- The gateway ---------------------------------------------------------------------------------

class Gateway:
    """A `routeledger serve` child process on a free port, as in Tests/SDK/test_openai_sdk.py."""

    def __init__(self, directory, config_text, env):
        self.ledger = os.path.join(directory, "ledger.sqlite")
        self.config_path = os.path.join(directory, "routeledger.yaml")
        with open(self.config_path, "w") as file:
            file.write(config_text)
        self.stderr_path = os.path.join(directory, "serve.stderr")
        self.stderr = open(self.stderr_path, "w")
        self.process = subprocess.Popen(
            [BIN, "serve", "--config", self.config_path, "--port", "0", "--ledger", self.ledger],
            stdout=subprocess.PIPE, stderr=self.stderr, text=True,
            env={**os.environ, "LOG_LEVEL": "warning", **env},
        )
        line = self.process.stdout.readline()
        if "serving on " not in line:
            self.process.kill()
            self.process.wait()
            raise RuntimeError(f"routeledger did not start: {line!r}\n{self.stderr_text()}")
        self.origin = line.split("serving on ")[1].split()[0].rstrip("/")
        # Keep reading standard output so a chatty server never blocks on a full pipe.
        self.output = []
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self):
        for line in self.process.stdout:
            self.output.append(line)

    def stderr_text(self):
        self.stderr.flush()
        with open(self.stderr_path) as file:
            return file.read()[-4000:]

    def stop(self):
        """SIGTERM, then the exit status (0 after a clean drain)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()
        finally:
            self.stderr.close()


# --- Helpers -------------------------------------------------------------------------------------

def step(function):
    """Saves a screenshot and the page source as failed-<step>.png/.html when the step fails."""
    @functools.wraps(function)
    def wrapper(self, *args, **kwargs):
        try:
            return function(self, *args, **kwargs)
        except BaseException:
            try:
                base = os.path.join(OUTPUT, "failed-" + function.__name__)
                self.driver.save_screenshot(base + ".png")
                with open(base + ".html", "w") as file:
                    file.write(f"<!-- {self.driver.current_url} -->\n" + self.driver.page_source)
            except Exception:  # noqa: BLE001 — the failure itself is what matters
                pass
            raise
    return wrapper


def dotted(value, path):
    """`latency_ms.p50` → value["latency_ms"]["p50"]; KeyError naming the path when absent."""
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            raise KeyError(path)
        value = value[part]
    return value


def number(text):
    """A number as a page shows it in an attribute or text: `1,234`, `0.0012`, `12 ms` → float."""
    match = re.search(r"-?\d[\d,]*(?:\.\d+)?(?:[eE][-+]?\d+)?", text or "")
    if not match:
        raise ValueError(f"no number in {text!r}")
    return float(match.group(0).replace(",", ""))


class ConsoleBrowserTests(unittest.TestCase):
    maxDiff = None

    # --- setup and teardown ----------------------------------------------------------------------

    @classmethod
    def setUpClass(cls):
        os.makedirs(OUTPUT, exist_ok=True)
        cls.directory = tempfile.TemporaryDirectory(prefix="routeledger-console-")
        cls.admin_key = "rl-admin-" + secrets.token_hex(16)
        cls.client_key = "rl-client-" + secrets.token_hex(16)
        cls.upstream_key = "sk-upstream-" + secrets.token_hex(16)
        cls.stub = cls.gateway = cls.driver = None
        try:
            cls.stub, cls.stub_thread = start_stub(cls.upstream_key)
            stub_port = cls.stub.server_address[1]
            cls.dead_port = closed_port()
            cls.config_text = CONFIG.format(
                admin_env=ADMIN_KEY_ENV, client_env=CLIENT_KEY_ENV, upstream_env=UPSTREAM_KEY_ENV,
                stub_port=stub_port, dead_port=cls.dead_port, broken=BROKEN_UPSTREAM)
            cls.gateway = Gateway(cls.directory.name, cls.config_text, {
                ADMIN_KEY_ENV: cls.admin_key, CLIENT_KEY_ENV: cls.client_key, UPSTREAM_KEY_ENV: cls.upstream_key})
            cls.origin = cls.gateway.origin
            cls.send_traffic()
            cls.driver = cls.start_browser()
        except BaseException:
            cls.cleanUp()
            raise

    @classmethod
    def tearDownClass(cls):
        status = cls.cleanUp()
        assert status in (None, 0), f"routeledger exited with {status}\n{cls.gateway.stderr_text()}"

    @classmethod
    def cleanUp(cls):
        status = None
        if cls.driver is not None:
            try:
                cls.driver.quit()
            except WebDriverException:
                pass
        if cls.gateway is not None:
            status = cls.gateway.stop()
        if cls.stub is not None:
            cls.stub.shutdown()
            cls.stub.server_close()
        cls.directory.cleanup()
        return status

    @staticmethod
    def start_browser():
        options = Options()
        options.binary_location = CHROMIUM
        for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900"]:
            options.add_argument(argument)
        # The browser log carries CSP violations and uncaught script errors (checked on every page).
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        # An explicit driver path: selenium-manager is never run, nothing is downloaded.
        return webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))

    # --- HTTP through the gateway ------------------------------------------------------------------

    @classmethod
    def http(cls, method, path, body=None, key=None):
        """(status, headers, JSON or text) of one request to the gateway."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(cls.origin + path, data=data, method=method)
        if data is not None:
            request.add_header("content-type", "application/json")
        if key is not None:
            request.add_header("authorization", "Bearer " + key)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status, headers, raw = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, headers, raw = error.code, error.headers, error.read()
        text = raw.decode("utf-8", "replace")
        try:
            return status, headers, json.loads(text)
        except ValueError:
            return status, headers, text

    @classmethod
    def admin_json(cls, path, body=None):
        status, _, answer = cls.http("GET" if body is None else "POST", path, body, key=cls.admin_key)
        assert status == 200, f"{path}: HTTP {status}: {answer}"
        return answer

    @classmethod
    def chat(cls, prompt, model="auto", expect=200):
        """One chat completion through the gateway (client key); its request id."""
        status, headers, answer = cls.http(
            "POST", "/v1/chat/completions",
            {"model": model, "messages": [{"role": "user", "content": prompt}]}, key=cls.client_key)
        assert status == expect, f"chat {model!r} {prompt[:40]!r}: HTTP {status} (expected {expect}): {answer}"
        request_id = headers.get("x-request-id")
        if isinstance(answer, dict) and isinstance(answer.get("routing"), dict):
            routed = answer["routing"].get("request_id")
            assert request_id in (None, routed), f"x-request-id {request_id} != routing.request_id {routed}"
            request_id = request_id or routed
        return request_id, answer

    @classmethod
    def send_traffic(cls):
        """TOTAL_REQUESTS requests: filler, a dozen varied `auto` prompts, one naming a good model,
        the XSS prompt, one naming the flaky model (fails over) and one naming the dead one
        (fails), newest last so they are on the request log's first page."""
        specials = 4
        for index in range(TOTAL_REQUESTS - len(AUTO_PROMPTS) - specials):
            cls.chat(f"Quick question {index}: what is {index} plus {index}?")
        for prompt in AUTO_PROMPTS:
            cls.chat(prompt)
        cls.named_id, answer = cls.chat("Name three prime numbers.", model="good-large")
        assert answer["routing"]["model"] == "good-large", answer["routing"]
        cls.xss_id, _ = cls.chat(XSS_PROMPT)
        cls.failover_id, answer = cls.chat("Give me one tip for writing tests.", model="flaky-medium")
        routing = answer["routing"]
        assert routing.get("provider") == "good", f"the flaky model did not fail over to provider good: {routing}"
        dead_id, answer = cls.chat("This one cannot be answered.", model="dead-large", expect=502)
        if dead_id is None:  # not in the error's headers: the newest failed record
            raw = cls.admin_json("/stats/raw?limit=1")
            dead_id = raw["records"][0]["request_id"]
        cls.failed_id = dead_id
        assert BROKEN_UPSTREAM in cls.stub.calls, f"the stub never saw {BROKEN_UPSTREAM}: {cls.stub.calls[-5:]}"

    @classmethod
    def raw_records(cls):
        """Every raw record, newest first, through the API's cursor."""
        records, path = [], "/stats/raw?limit=500"
        for _ in range(100):
            page = cls.admin_json(path)
            records += page["records"]
            if not page.get("next_cursor"):
                return records
            path = "/stats/raw?limit=500&cursor=" + urllib.parse.quote(page["next_cursor"])
        raise AssertionError("/stats/raw did not end after 100 pages")

    # --- browser helpers ---------------------------------------------------------------------------

    def path(self):
        return urllib.parse.urlsplit(self.driver.current_url).path

    def open(self, path):
        self.driver.get(self.origin + path)
        self.check_page()

    def check_page(self):
        """No script of the page's data ran, and the browser logged no CSP violation or script error."""
        url = self.driver.current_url
        marker = self.driver.execute_script("return window.__xss")
        if marker is not None:
            self.fail(f"{url}: an injected script ran (window.__xss = {marker!r})")
        if self.driver.find_elements(By.CSS_SELECTOR, 'img[src="x"]'):
            self.fail(f"{url}: the injected <img src=x> is an element of the page (a value was not HTML-escaped)")
        problems = [
            entry["message"] for entry in self.driver.get_log("browser")
            if entry.get("level") == "SEVERE" and entry.get("source") in ("security", "javascript")]
        if problems:
            self.fail(f"{url}: the browser reported CSP violations or script errors:\n  " + "\n  ".join(problems))

    def setUp(self):
        self.driver.get_log("browser")  # what an earlier, failed step left is not this step's

    def wait(self, condition, message, timeout=WAIT_SECONDS):
        try:
            return WebDriverWait(self.driver, timeout).until(condition)
        except TimeoutException:
            alerts = [a.text.strip() for a in self.css("[role=alert]") if a.text.strip()]
            shown = f"; the page says: {' / '.join(alerts)}" if alerts else ""
            self.fail(f"{message} (waited {timeout} s; at {self.driver.current_url}{shown})")

    def wait_css(self, selector, message, timeout=WAIT_SECONDS):
        return self.wait(EC.presence_of_element_located((By.CSS_SELECTOR, selector)), message, timeout)

    def css(self, selector, within=None):
        return (within or self.driver).find_elements(By.CSS_SELECTOR, selector)

    def one(self, selector, message, within=None):
        found = self.css(selector, within)
        self.assertTrue(found, f"{message}: no element {selector} at {self.driver.current_url}")
        return found[0]

    def click(self, element):
        """Scrolls the element to the middle of the window first, so no sticky bar covers it."""
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()

    def screenshot(self, name):
        self.driver.save_screenshot(os.path.join(OUTPUT, name))

    def sign_in(self):
        self.open("/console/sign-in")
        self.one("#key", "the sign-in page has the key field").send_keys(self.admin_key)
        self.submit("form.sign-in")
        self.wait(lambda _: self.path() != "/console/sign-in", "the admin key did not sign in")
        self.check_page()

    def ensure_signed_in(self):
        if not any(cookie["name"] == "rl_console" for cookie in self.driver.get_cookies()):
            self.sign_in()
            return
        self.open("/console/overview")
        if self.path() == "/console/sign-in":
            self.sign_in()

    def submit(self, form_selector, navigates=True):
        """Presses the form's submit button and, when `navigates`, waits for the next page to load."""
        form = self.one(form_selector, f"the form {form_selector}")
        buttons = self.css('button:not([type]), button[type="submit"], input[type="submit"]', form)
        self.assertTrue(buttons, f"{form_selector} has no submit button")
        html = self.driver.find_element(By.TAG_NAME, "html")
        self.click(buttons[0])
        if navigates:
            self.wait(left_the_document(html), f"submitting {form_selector} loaded no page")

    def log_ids(self):
        return [row.get_attribute("data-request-id")
                for row in self.css("#request-log tbody tr[data-request-id]")]

    def next_page(self):
        """Follows a#next-page (checked to continue by cursor, not offset); False on the last page."""
        links = self.css("a#next-page")
        if not links:
            return False
        href = links[0].get_attribute("href")
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(href).query)
        self.assertIn("cursor", query, f"#next-page does not continue by cursor: {href}")
        self.assertNotIn("offset", query, f"#next-page pages by offset: {href}")
        html = self.driver.find_element(By.TAG_NAME, "html")
        self.click(links[0])
        self.wait(left_the_document(html), "#next-page loaded no page")
        self.check_page()
        return True

    def walk_request_log(self, path="/console/requests", until=None):
        """Request ids of every page from `path` on (newest first); stops early at a page holding `until`."""
        self.open(path)
        ids = []
        for _ in range(200):
            page = self.log_ids()
            ids += page
            if until in page or not self.next_page():
                return ids
        self.fail("the request log did not end after 200 pages")

    # --- the steps ---------------------------------------------------------------------------------

    @step
    def test_a_sign_in(self):
        self.driver.delete_all_cookies()
        self.open("/console/overview")
        self.assertEqual(self.path(), "/console/sign-in", "/console/overview without a session did not go to sign-in")

        self.one("#key", "the sign-in page has the key field").send_keys("rl-admin-wrong-" + secrets.token_hex(4))
        self.submit("form.sign-in")
        self.check_page()
        alert = self.one("[role=alert]", "a wrong key shows an error")
        self.assertTrue(alert.text.strip(), "the [role=alert] error is empty")
        self.assertFalse(any(c["name"] == "rl_console" and c["value"] for c in self.driver.get_cookies()),
                         "a wrong key got a session cookie")

        self.sign_in()
        self.assertNotIn(self.admin_key, self.driver.current_url, "the admin key is in the URL")
        cookies = {cookie["name"]: cookie for cookie in self.driver.get_cookies()}
        self.assertIn("rl_console", cookies, f"no rl_console cookie after sign-in: {sorted(cookies)}")
        session = cookies["rl_console"]
        self.assertTrue(session.get("httpOnly"), f"rl_console is not HttpOnly: {session}")
        self.assertEqual(session.get("sameSite"), "Strict", f"rl_console is not SameSite=Strict: {session}")
        self.assertNotIn(self.admin_key, session["value"], "the session cookie holds the admin key")
        self.assertIsNone(self.driver.execute_script(
            "return document.cookie.includes('rl_console') ? document.cookie : null"),
            "rl_console is readable from script")

    @step
    def test_b_overview(self):
        self.ensure_signed_in()
        self.open("/console/overview")
        self.assertEqual(self.path(), "/console/overview")
        stats = self.admin_json("/stats")
        self.screenshot("overview.png")

        figures = {}
        for element in self.css("[data-stat]"):
            name = element.get_attribute("data-stat")
            value = element.get_attribute("data-value")
            self.assertIsNotNone(value, f'[data-stat="{name}"] has no data-value')
            figures[name] = value
        for required in ["total_calls", "failed_calls", "total_cost_usd", "success_rate", "avg_routing_ms",
                         "latency_ms.p50", "latency_ms.p90", "latency_ms.p99"]:
            self.assertIn(required, figures, f"the overview shows no [data-stat={required}]")
        for name, value in figures.items():
            try:
                expected = dotted(stats, name)
            except KeyError:
                self.fail(f'[data-stat="{name}"] names no figure of /stats ({sorted(stats)})')
            self.assertEqual(float(value), float(expected), f'[data-stat="{name}"] data-value {value!r} != /stats {expected!r}')

        for name in ["model_distribution", "tier_distribution", "task_type_distribution"]:
            table = self.one(f'table[data-distribution="{name}"]', f"the overview's {name}")
            shown = {}
            for row in self.css("tr[data-key]", table):
                key = row.get_attribute("data-key")
                cell = self.one("td[data-value]", f'{name} row "{key}" has a td[data-value]', row)
                self.assertNotIn(key, shown, f"{name}: key {key!r} twice")
                shown[key] = int(number(cell.get_attribute("data-value")))
            self.assertEqual(shown, stats[name], f"{name} on the overview != /stats")

        self.one("#series-chart svg", "the overview has an SVG chart in #series-chart")

        # Pages work at 390 px: nothing is wider than the window except inside the scrolling
        # table wrappers and preformatted blocks, which scroll on their own.
        self.driver.set_window_size(390, 900)
        try:
            for path in ["/console/overview", "/console/requests", "/console/keys", "/console/providers", "/console/models",
                         "/console/what-if", "/console/configuration"]:
                self.open(path)
                if path == "/console/overview":
                    self.screenshot("overview-390.png")
                wide = self.driver.execute_script("""
                    var width = document.documentElement.clientWidth, out = [];
                    document.querySelectorAll('body *').forEach(function (e) {
                      if (e.closest('.table-wrap') || e.closest('pre')) return;
                      var r = e.getBoundingClientRect();
                      if (r.right > width + 1) out.push(e.tagName + '.' + e.className + '#' + e.id + ' ' + Math.round(r.right));
                    });
                    return out.slice(0, 8);""")
                self.assertEqual(wide, [], f"{path} is wider than 390 px")
        finally:
            self.driver.set_window_size(1280, 900)

    @step
    def test_c_request_log(self):
        self.ensure_signed_in()
        stats = self.admin_json("/stats")
        records = self.raw_records()
        expected = [record["request_id"] for record in records]
        self.assertEqual(len(expected), stats["total_calls"] + stats["failed_calls"],
                         "/stats/raw and /stats disagree (a gateway problem, not the console's)")

        self.open("/console/requests")
        self.screenshot("requests.png")
        first = self.log_ids()
        self.assertEqual(len(first), min(PAGE_SIZE, len(expected)), "rows on the request log's first page")
        self.assertEqual(first, expected[:PAGE_SIZE], "the first page is not the newest requests, newest first")

        walked = self.walk_request_log()
        duplicates = sorted({i for i in walked if walked.count(i) > 1})
        self.assertEqual(duplicates, [], "request ids on more than one row while paging")
        self.assertEqual(len(walked), stats["total_calls"] + stats["failed_calls"],
                         "paging the log does not give total_calls + failed_calls rows")
        self.assertEqual(walked, expected, "paging the log does not give every request once, newest first")

        # Filter by status.
        failed = [r["request_id"] for r in records if r["status"] == "failed"]
        self.assertIn(self.failed_id, failed)
        self.open("/console/requests")
        Select(self.one('form#filters select[name="status"]', "the status filter")).select_by_value("failed")
        self.submit("form#filters")
        self.check_page()
        self.assertEqual(self.log_ids(), failed, "status=failed shows other rows than the failed requests")

        # Filter by model, as /stats reads it: the model that served a request, or that a failed one was
        # routed to (good-large: no request failed over from or to it).
        model = "good-large"
        by_model = [r["request_id"] for r in records
                    if (r["llm"]["model"] if r.get("llm") else (r.get("routing") or {}).get("chosen_model")) == model]
        self.assertIn(self.named_id, by_model)
        self.open("/console/requests")
        field = self.one('form#filters input[name="model"]', "the model filter")
        field.clear()
        field.send_keys(model)
        self.submit("form#filters")
        self.check_page()
        self.assertEqual(self.log_ids(), by_model, f"model={model} shows other rows than its requests")

    @step
    def test_d_request_page(self):
        self.ensure_signed_in()
        walked = self.walk_request_log(until=self.failover_id)
        self.assertIn(self.failover_id, walked, "the failed-over request is not in the request log")
        row = self.one(f'#request-log tbody tr[data-request-id="{self.failover_id}"]', "the failed-over request's row")
        link = self.one('a[href^="/console/requests/"]', "the failed-over request's row links to its page", row)
        self.click(link)
        self.wait(lambda _: self.path() == f"/console/requests/{self.failover_id}",
                  "the row's link did not open /console/requests/<id>")
        self.check_page()
        self.screenshot("request.png")

        self.one('#attempts [data-outcome="failed"][data-provider="flaky"]', "a failed attempt on provider flaky")
        self.one('#attempts [data-outcome="succeeded"][data-provider="good"]', "a succeeded attempt on provider good")
        self.one('#proof[data-verified="true"]', "the request's proof verified")
        audit = self.admin_json(f"/v1/requests/{self.failover_id}")
        self.assertEqual(len(self.css("#events tbody tr")), len(audit["events"]),
                         "#events rows != the events of GET /v1/requests/{id}")

    @step
    def test_e_xss(self):
        self.ensure_signed_in()
        self.open(f"/console/requests/{self.xss_id}")
        self.assertEqual(self.path(), f"/console/requests/{self.xss_id}")
        self.assertIsNone(self.driver.execute_script("return window.__xss"), "the prompt's script ran")
        self.assertFalse(self.css('img[src="x"]'), "the prompt's <img src=x> is an element of the page")
        scripts = self.driver.execute_script(
            "return Array.from(document.querySelectorAll('script')).map(s => s.textContent)")
        self.assertFalse([s for s in scripts if "__xss" in s], "the prompt's <script> is an element of the page")
        prompt = self.one("#prompt", "the request page shows the prompt").text
        self.assertIn("<script>window.__xss=1</script>", prompt, "#prompt does not show the prompt's text literally")
        # The request log shows prompts too (the XSS request is on its first page).
        self.open("/console/requests")
        self.assertIn(self.xss_id, self.log_ids())

    @step
    def test_f_providers(self):
        self.ensure_signed_in()
        self.open("/console/providers")
        for name in ["good", "flaky", "dead"]:
            self.one(f'tr[data-provider="{name}"]', f"the providers page lists {name}")

        self.click(self.one('tr[data-provider="good"] form.test-connection button', "good's Test connection button"))
        result = self.wait_css('#test-result[data-ok="true"]', "Test connection on good did not succeed")
        self.check_page()
        latency = result.get_attribute("data-latency-ms")
        self.assertTrue(latency is not None or re.search(r"\d+(?:\.\d+)?\s*ms", result.text),
                        f"the good provider's test result shows no latency: {result.text!r}")

        self.click(self.one('tr[data-provider="dead"] form.test-connection button', "dead's Test connection button"))
        result = self.wait_css('#test-result[data-ok="false"]', "Test connection on dead did not fail")
        self.check_page()
        self.assertTrue(result.text.strip(), "the dead provider's test result has no error message")
        self.screenshot("providers.png")
        self.assertNotIn(self.upstream_key, self.driver.page_source, "the provider key's value is on the page")

    @step
    def test_g_what_if(self):
        self.ensure_signed_in()
        stats = self.admin_json("/stats")
        requests = stats["total_calls"] + stats["failed_calls"]
        model = "router-complexity-0.5"
        report = self.admin_json("/v1/replay", {"model": model})

        self.open("/console/what-if")
        field = self.one('#what-if-form input[name="model"]', "the what-if form's model field")
        field.clear()
        field.send_keys(model)
        # A page that shows a report already must load a new one; otherwise the report may come in place.
        self.submit("#what-if-form", navigates=bool(self.css("#replay-report")))
        shown = self.wait_css("#replay-report", "no #replay-report after submitting the what-if form")
        self.check_page()
        selected = self.one('[data-field="selected"]', "the replay report's selected count", shown)
        value = selected.get_attribute("data-value")
        count = int(number(value if value is not None else selected.text))
        self.assertEqual(count, report["requests"]["selected"], "selected != POST /v1/replay's requests.selected")
        self.assertEqual(count, requests, "selected != the number of requests")
        self.one("#sweep-chart svg", "the what-if page has an SVG chart in #sweep-chart")
        self.screenshot("what-if.png")

    @step
    def test_h_live_mode(self):
        self.ensure_signed_in()
        self.open("/console/requests")
        before = self.css("#live-status")
        before_text = before[0].text.strip() if before else None
        self.click(self.one("#live-toggle", "the request log has #live-toggle"))
        self.wait(
            lambda _: (lambda s: s and "live" in s[0].text.lower() and s[0].text.strip() != before_text)(
                self.css("#live-status")),
            f"#live-status does not read 'live' after #live-toggle (before: {before_text!r})")
        self.check_page()

        request_id, _ = self.chat("Live mode check: what colour is the sky?")
        self.assertTrue(request_id, "the gateway gave no request id")
        self.wait_css(f'#request-log tbody tr[data-request-id="{request_id}"]',
                      f"the new request {request_id} did not appear in live mode")
        self.check_page()
        self.assertEqual(self.log_ids()[0], request_id, "the live request is not the log's first (newest) row")

    @step
    def test_i_models_and_configuration(self):
        self.ensure_signed_in()
        self.open("/console/models")
        self.screenshot("models.png")
        cells = {cell.text.strip() for cell in self.css("table tbody tr td, table tbody tr th")}
        for model in CATALOG_MODELS:
            self.assertIn(model, cells, f"the models page does not list {model}")

        status = self.admin_json("/status")
        self.open("/console/configuration")
        self.screenshot("configuration.png")
        self.assertEqual(self.one("#config-hash", "the configuration's hash").text.strip(), status["config_hash"],
                         "#config-hash != GET /status config_hash")
        self.assertGreaterEqual(len(self.css("#config-history tbody tr")), 1, "#config-history has no row")
        source = self.driver.page_source
        self.assertIn(UPSTREAM_KEY_ENV, source, "the configuration page does not name the provider key's variable")
        for name, secret in [("provider key", self.upstream_key), ("admin key", self.admin_key),
                             ("client key", self.client_key)]:
            self.assertNotIn(secret, source, f"the {name}'s value is on the configuration page")

    @step
    def test_j_sign_out(self):
        self.ensure_signed_in()
        session = next(c for c in self.driver.get_cookies() if c["name"] == "rl_console")
        self.click(self.one('form[action="/console/sign-out"] button', "the sign-out button"))
        self.wait(lambda _: self.path() == "/console/sign-in", "sign-out did not return to the sign-in page")
        self.check_page()
        self.open("/console/overview")
        self.assertEqual(self.path(), "/console/sign-in", "/console/overview after sign-out did not go to sign-in")
        # The old session is over on the server too, not only forgotten by the browser.
        self.driver.add_cookie({"name": "rl_console", "value": session["value"], "path": "/console"})
        self.open("/console/overview")
        self.assertEqual(self.path(), "/console/sign-in", "the signed-out session cookie still opens the console")


if __name__ == "__main__":
    unittest.main(verbosity=2)
