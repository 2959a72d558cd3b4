# routeledger — build, run and test on a fresh Debian machine.
# Every target first installs the system libraries it needs, only when absent.

SWIFT      ?= swift
PYTHON     ?= python3
LEDGER     ?= ./routeledger.sqlite
APT_PKGS   := libsqlite3-dev libzstd-dev pkg-config
CONSOLE_APT_PKGS := chromium chromium-driver
POSTGRES_APT_PKGS := postgresql
SUDO       := $(shell [ "$$(id -u)" = "0" ] || echo sudo)

.PHONY: all deps sdk-deps console-deps postgres-deps load-deps build release run test bench bench-gateway bench-history bench-console bench-replicas train-classifier clean

all: build

## Install the system libraries (apt) that are missing; a no-op when all are present.
deps:
	@missing=""; \
	for p in $(APT_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

## The official OpenAI Python SDK, which one test file drives the live server with (pip, when absent).
sdk-deps:
	@$(PYTHON) -c "import openai" 2>/dev/null || \
		$(PYTHON) -m pip install --quiet --disable-pip-version-check "openai>=1.50,<3"

## The console's browser test: Debian's Chromium and its WebDriver (apt) and selenium (pip), each
## only when absent. The test names /usr/bin/chromium and /usr/bin/chromedriver itself, so
## selenium never downloads a browser or a driver.
console-deps:
	@missing=""; \
	for p in $(CONSOLE_APT_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi
	@$(PYTHON) -c "import selenium" 2>/dev/null || \
		$(PYTHON) -m pip install --quiet --disable-pip-version-check "selenium>=4.11,<5"

## PostgreSQL's server (apt, when absent), for the tests of the PostgreSQL ledger and of several
## replicas. The tests start a throwaway cluster of their own (Tests/Postgres/test-cluster.sh);
## the package's own cluster service is not used.
postgres-deps:
	@missing=""; \
	for p in $(POSTGRES_APT_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

## The main job: serve the gateway on the built-in configuration (simulated provider, no API key)
## at http://127.0.0.1:8080 with the ledger in ./routeledger.sqlite; it prints where it listens.
run: release
	$(SWIFT) run -c release routeledger serve --ledger $(LEDGER)

## Builds everything (including the crash-probe helper and routeledger-bench, which tests start) and
## runs all tests: the Swift suites, the OpenAI Python SDK against a real `routeledger serve` process,
## an independent Python (hashlib only) checker of the ledger's Merkle proofs, and the web console
## in headless Chromium (selenium) against a real `routeledger serve` with a stub OpenAI upstream
## (screenshots of every page in .build/console-test). The Swift suites run beside a throwaway
## PostgreSQL cluster, started before them and stopped by its PID after (Tests/Postgres/test-cluster.sh).
test: deps sdk-deps console-deps postgres-deps load-deps
	$(SWIFT) build --build-tests
	Tests/Postgres/test-cluster.sh run $(SWIFT) test --skip-build
	ROUTELEDGER_BIN="$$($(SWIFT) build --show-bin-path)/routeledger" $(PYTHON) Tests/SDK/test_openai_sdk.py
	ROUTELEDGER_BIN="$$($(SWIFT) build --show-bin-path)/routeledger" $(PYTHON) Tests/Proofs/test_merkle_proofs.py
	ROUTELEDGER_BIN="$$($(SWIFT) build --show-bin-path)/routeledger" CONSOLE_TEST_OUTPUT=.build/console-test \
		$(PYTHON) Tests/Console/test_console_browser.py

## The benchmarks are their own executable, routeledger-bench; `release` builds it beside the
## routeledger it runs.
bench: release
	$(SWIFT) run -c release routeledger-bench ledger

## wrk and nginx (apt, when absent): the gateway benchmarks' load and stand-in upstream, and the
## test of `routeledger-bench replicas`' gateway part.
load-deps:
	@command -v wrk >/dev/null && command -v nginx >/dev/null || \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light

bench-gateway: release load-deps
	$(SWIFT) run -c release routeledger-bench gateway

## A year of imported llm-compass history through the CLI and HTTP API, against issue 14's targets
## (REQUESTS=N for another size than 1,000,000 records).
bench-history: release
	$(SWIFT) run -c release routeledger-bench history --requests $(or $(REQUESTS),1000000)

## The console's pages, signed in, on a year of imported history against issue 17's target (p99 ≤ 50 ms
## per page; REQUESTS=N for another size than 1,000,000 records).
bench-console: release
	$(SWIFT) run -c release routeledger-bench console --requests $(or $(REQUESTS),1000000)

## Appends through 1, 2 and 3 replicas' PostgreSQL stores beside one SQLite store, on a throwaway
## PostgreSQL cluster started around the benchmark (issue 19).
bench-replicas: release postgres-deps load-deps
	Tests/Postgres/test-cluster.sh run $(SWIFT) run -c release routeledger-bench replicas

## Retrains the bundled prompt classifier from Training/corpus and the evaluation set's dev split
## (Training/README.md), then reports the holdout with the built-in configuration.
train-classifier: deps
	$(SWIFT) run -c release routeledger-train --train-on-dev
	$(SWIFT) run -c release routeledger eval --set Tests/RouterTests/Fixtures/Eval/routing_eval.jsonl --split holdout

clean:
	rm -rf .build
