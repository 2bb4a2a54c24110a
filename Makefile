# Every target creates the environment it needs: on a fresh clone `make demo` and
# `make test` are the whole set-up. pip's cache lives outside the clone (~/.cache/pip),
# so llama-cpp-python is compiled once per machine, not once per clone.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
FACTSUM := $(VENV)/bin/factsum
STAMP := $(VENV)/.installed-stamp
SEED := seeds/kim-beijing-parade.txt
LLAMA_CPP_VERSION := 0.3.36
# git clones of heathher/Named-Entity-Recognition and artidoro/frank (evals/public/README.md)
CLONES ?= $(or $(FACTSUM_CLONES),$(HOME)/clones)
PUBLIC := evals/public/data
export PIP_CACHE_DIR ?= $(HOME)/.cache/pip
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: install install-note demo test test-fast lint bench bench-batch eval eval-data eval-facts eval-summaries eval-public clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "factsum needs Python >= 3.11")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	@$(MAKE) --no-print-directory -s install-note PY=$(PY)
	$(PY) -m pip install --quiet -e ".[local,small,dev,eval]"
	touch $(STAMP)

install: $(STAMP)

# What the install is about to do: compiling llama-cpp-python takes minutes, a cached wheel seconds.
install-note:
	@if $(PY) -m pip cache list 'llama_cpp_python-$(LLAMA_CPP_VERSION)-*' 2>/dev/null | grep -q '\.whl'; then \
		echo "installing factsum and its dependencies; llama-cpp-python $(LLAMA_CPP_VERSION) comes from the pip cache (no compile)"; \
	else \
		echo "installing factsum and its dependencies; llama-cpp-python $(LLAMA_CPP_VERSION) is not in the pip cache, so pip compiles it (about 4 minutes on 2 cores, once per machine)"; \
	fi

demo: $(STAMP)
	@echo "== factsum summarize $(SEED)  (embedded model, offline)"
	$(FACTSUM) summarize $(SEED)
	@echo
	@echo "== factsum extract $(SEED)"
	$(FACTSUM) extract $(SEED)

test: $(STAMP)
	$(PY) -m pytest -q

test-fast: $(STAMP)
	$(PY) -m pytest -q -m "not real_model"

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/mypy src
	$(VENV)/bin/lint-imports

bench: $(STAMP)
	$(PY) bench/bench_extract.py
	@$(MAKE) --no-print-directory bench-batch

# bench_batch.py talks to a server (it uses factsum's public API only): start llama.cpp's own
# on the 0.5B model for the run, and stop it however the run ends.
BENCH_PORT ?= 8765
bench-batch: $(STAMP)
	@model=$$($(PY) -c 'from factsum import load_settings; from factsum.api import local_model_file; \
		print(local_model_file(load_settings({"model": "local:qwen2.5-coder-0.5b"}))[0])') || exit 1; \
	$(PY) -m llama_cpp.server --model "$$model" --host 127.0.0.1 --port $(BENCH_PORT) --n_ctx 4096 \
		--n_threads 2 >/dev/null 2>&1 & pid=$$!; trap "kill $$pid 2>/dev/null" EXIT; \
	for i in $$(seq 240); do $(PY) -c 'import urllib.request as u; u.urlopen("http://127.0.0.1:$(BENCH_PORT)/v1/models", timeout=2)' \
		2>/dev/null && break; sleep 0.5; done; \
	$(PY) bench/bench_batch.py --base-url http://127.0.0.1:$(BENCH_PORT)/v1

eval: $(STAMP)
	$(FACTSUM) eval seeds

eval-data: $(STAMP)
	$(FACTSUM) eval-data build --from $(CLONES) $(PUBLIC)

# The real-model evals on public news (embedded 1.5B, 2 cores; cached after the first run).
# Facts: realnews-labelled and conll-dev (about 30 minutes); summaries: cnn-dev (about 15).
eval-facts: eval-data
	$(FACTSUM) eval $(PUBLIC)/realnews-labelled $(PUBLIC)/conll-dev \
		--prompt extract-focused \
		--report evals/report-facts.md --output-dir evals/results/facts \
		--report-title "real-news dev sets, facts (rules were tuned on them; run $$(date +%F))"

eval-summaries: eval-data
	$(FACTSUM) eval $(PUBLIC)/cnn-dev \
		--prompt summary-extract --prompt summary-extract-picks --prompt summary-facts \
		--report evals/report-summaries.md --output-dir evals/results/summaries \
		--report-title "cnn-dev, summaries (rules were tuned on it; run $$(date +%F))"

eval-public: eval-facts eval-summaries

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
