# cleaner: developer entry points. `make demo` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HASH := $(shell cat pyproject.toml | cksum | cut -d' ' -f1)
STAMP := $(VENV)/.installed-$(HASH)
CORE_STAMP := $(VENV)/.core-$(HASH)
DEMO_OUT ?= demo-output

.PHONY: install install-core report demo lint test fixtures clean-venv train card bench-quality bench-topics bench bench-memory

# Every extra: the integrations, the test tools, the browser driver of the report's test.
$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev,browser,scrapy,datatrove,hf,dask]'
	@rm -f $(VENV)/.installed-* $(VENV)/.core-*
	@touch $(STAMP) $(CORE_STAMP)

# cleaner alone, for the demo (a full install satisfies it too).
$(CORE_STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	@rm -f $(VENV)/.core-*
	@touch $(CORE_STAMP)

install: $(STAMP)

install-core: $(CORE_STAMP)

demo: install-core
	@rm -rf $(DEMO_OUT)
	$(VENV)/bin/cleaner clean fixtures/seeds --output $(DEMO_OUT)
	@echo; echo "== before: fixtures/seeds/004_1264d0ae378510b8.txt (last 12 lines)"; tail -n 12 fixtures/seeds/004_1264d0ae378510b8.txt; echo
	@echo; echo "== after: $(DEMO_OUT)/004_1264d0ae378510b8.txt (last 5 lines)"; tail -n 5 $(DEMO_OUT)/004_1264d0ae378510b8.txt
	@echo; echo "== what was removed from it, and why:"; $(VENV)/bin/cleaner explain fixtures/seeds/004_1264d0ae378510b8.txt --width 70 | grep DROP | head -n 12
	@$(VENV)/bin/cleaner report fixtures/seeds --output $(DEMO_OUT)/report.html
	@echo; echo "Cleaned documents are in $(DEMO_OUT)/; open $(DEMO_OUT)/report.html in a browser to see every removal."

# The style check CI runs before the tests (rules in pyproject.toml's [tool.ruff]).
lint: install
	$(VENV)/bin/ruff check .

test: install
	$(PY) -m pytest

# Retrain the block model from ../shared/data/articles (train split) and rewrite models/MODEL_CARD.md.
train: install
	$(VENV)/bin/cleaner train

# Re-score the existing model on the dev split and rewrite its card (no training).
card: install
	$(VENV)/bin/cleaner train --card-only

# The dev-split quality table: identity, jusText and cleaner for each input kind.
bench-quality: install
	$(VENV)/bin/cleaner eval --corpus ../shared/data/articles --markdown

# Pasted-story sets built from the dev split: how much of an unrelated pasted story survives.
bench-topics: install
	$(VENV)/bin/cleaner eval-topics --corpus ../shared/data/articles

# Speed and memory: whole cleaner processes vs jusText on the same files (writes bench/results.md).
bench: install
	$(PY) bench/bench.py

# bench plus streaming a 1 GB JSON Lines file (slow).
bench-memory: install
	$(PY) bench/bench.py --memory

# Rewrite fixtures/expected from the current pipeline; review the diff before committing it.
fixtures: install
	rm -rf fixtures/expected
	$(VENV)/bin/cleaner clean fixtures/seeds --output fixtures/expected

# The HTML audit page of the seeds (open it in a browser).
report: install-core
	$(VENV)/bin/cleaner report fixtures/seeds --output report.html

clean-venv:
	rm -rf $(VENV)
