# Two commands matter: `make run` and `make test`. Each creates or updates .venv by itself.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# A stamp per extra set: re-installs only when pyproject.toml changes.
RUN_STAMP := $(VENV)/.stamp-run
TEST_STAMP := $(VENV)/.stamp-test
LLM_STAMP := $(VENV)/.stamp-llm
# llama-cpp-python ships only source: pip compiles llama.cpp once (CPU only, no BLAS, portable
# instructions so the cached wheel runs on any machine of this kind) and keeps the built wheel
# in its cache, which later installs reuse. The version is pinned here so that they do.
LLAMA_CPP_VERSION ?= 0.3.36
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=OFF -DGGML_BLAS=OFF -DLLAMA_CURL=OFF -DLLAMA_BUILD_TESTS=OFF \
	-DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TOOLS=OFF -DLLAMA_BUILD_SERVER=OFF
# jsonschema[format-nongpl] (pulled in by jupyter-events) imports rfc3987-syntax, which compiles a
# grammar for seconds at every server start. We never validate IRI formats, so it is removed after
# each install (`pip check` stays clean: it is an optional extra). See docs/performance.md.
TRIM_STARTUP := $(BIN)/python -m pip uninstall --quiet --yes rfc3987-syntax 2>/dev/null || true
# An editable install has no byte-code for the package; where PYTHONDONTWRITEBYTECODE is set
# none is ever written, and every page's kernel compiles our modules from source (time and
# ~2.5 MB per kernel). Compile once, as a wheel install does. See docs/performance.md.
COMPILE := $(BIN)/python -m compileall -q toolkit >/dev/null || true
HOST ?= 127.0.0.1
PORT ?= 8866

.PHONY: run test test-llm lint typecheck pytest bench bench-ai train-crisis demo lab clean venv

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --editable .
	$(TRIM_STARTUP)
	$(COMPILE)
	touch $@

$(TEST_STAMP): pyproject.toml $(RUN_STAMP)
	$(BIN)/python -m pip install --quiet --editable '.[test]'
	$(TRIM_STARTUP)
	# axe-core (accessibility rules, injected into pages by the browser tests), from npm
	command -v npm >/dev/null && npm install --silent --no-audit --no-fund --prefix $(VENV)/axe axe-core@4 || true
	$(BIN)/python -m pip freeze --exclude-editable > docs/tested-versions.txt
	touch $@

$(LLM_STAMP): pyproject.toml $(TEST_STAMP)
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" CMAKE_BUILD_PARALLEL_LEVEL=2 \
		$(BIN)/python -m pip install --quiet --editable '.[llm-test]' \
		'llama-cpp-python[server]==$(LLAMA_CPP_VERSION)'
	$(TRIM_STARTUP)
	touch $@

venv: $(RUN_STAMP)

run: $(RUN_STAMP)
	$(COMPILE)
	$(BIN)/cbt serve --host $(HOST) --port $(PORT)

demo: $(RUN_STAMP)
	$(BIN)/cbt demo

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(TEST_STAMP)
	$(BIN)/mypy

pytest: $(TEST_STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The LLM engine against a real llama.cpp server with SmolLM2-135M (tests/test_llm_server.py).
test-llm: $(LLM_STAMP)
	$(BIN)/python -m pytest -m llm tests/test_llm_server.py

bench: $(TEST_STAMP)
	$(BIN)/python benchmarks/bench_pages.py
	$(BIN)/python benchmarks/bench_scale.py

# ENGINE=llm measures the endpoint CBT_LLM_URL points at, side by side with the offline engine.
ENGINE ?= offline
bench-ai: $(RUN_STAMP)
	$(BIN)/python benchmarks/bench_ai.py --engine $(ENGINE)
	$(if $(filter offline,$(ENGINE)),$(BIN)/python benchmarks/bench_crisis.py)

# Rebuild the crisis detector's shipped weights from toolkit/reframing/data/crisis/ (build time
# only: scikit-learn is never imported by a kernel). A test fails until this is rerun after the
# training files change.
train-crisis: $(RUN_STAMP)
	$(BIN)/python -m pip install --quiet --editable '.[train]'
	$(BIN)/python scripts/build_crisis_data.py

# JupyterLab on notebooks/ (example analyses; never served by Voila), with pandas installed.
lab: $(RUN_STAMP)
	$(BIN)/python -m pip install --quiet --editable '.[analysis]'
	$(TRIM_STARTUP)
	$(BIN)/jupyter lab notebooks/ --ServerApp.ip=127.0.0.1

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache test-results
