# «Наставник»: two commands — `make run` and `make test`. Each creates its own virtual environment.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
DEMO_DB ?= demo-data/demo.sqlite

.PHONY: run test lint venv clean

$(VENV)/.installed: pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --upgrade pip
	$(PY) -m pip install -e '.[dev]'
	touch $@

venv: $(VENV)/.installed

$(DEMO_DB): $(VENV)/.installed
	mkdir -p $(dir $(DEMO_DB))
	$(PY) -m nastavnik_desktop demo --db $(DEMO_DB)

run: $(VENV)/.installed $(DEMO_DB)
	$(PY) main.py --db $(DEMO_DB)

test: $(VENV)/.installed
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m mypy

clean:
	rm -rf $(VENV) demo-data
