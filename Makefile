# «Наставник»: two commands — `make run` and `make test`. Each creates its own virtual environment.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
DEMO_DB ?= demo-data/demo.sqlite

.PHONY: run test lint venv clean bundle wheelhouse

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

# The one-folder bundle for this platform (dist/nastavnik/): packaging/build_bundle.py.
bundle: $(VENV)/.installed
	$(PY) packaging/build_bundle.py

# Every wheel for win_amd64 and manylinux x86_64 (glibc ≤ 2.28), Python 3.11–3.13, with
# install.sh / install.bat for computers without internet (wheelhouse/).
wheelhouse: $(VENV)/.installed
	$(PY) packaging/wheelhouse.py --out wheelhouse

clean:
	rm -rf $(VENV) demo-data build dist wheelhouse
