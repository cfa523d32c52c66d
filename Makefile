# mixroom: the two commands of the README's quick start, and a few helpers.
#
#   make demo    set up (venv, mixroom) and serve the demo at http://127.0.0.1:8000
#   make test    set up (Chromium, test extras, PostgreSQL, the compiled hot modules) and run
#                ruff, mypy and pytest
#
# Both are idempotent: a second run skips apt-get when Chromium is there and pip when the
# venv's stamp is newer than pyproject.toml.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CHROMIUM ?= /usr/bin/chromium

# The store tests run on SQLite and on this PostgreSQL server; set it empty to skip PostgreSQL.
MIXROOM_TEST_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
export MIXROOM_TEST_DATABASE_URL

PYTEST_ARGS ?= -n 2
JUNIT ?= test-artifacts/junit.xml
LINT_PATHS := $(wildcard src tests bench docs)

.PHONY: help demo test check pytest docs messages bench native chromium ffmpeg wrk postgres format clean

help:
	@echo "make demo    set up and serve the demo at http://127.0.0.1:8000"
	@echo "make test    set up and run the whole test suite (ruff, mypy, pytest)"
	@echo "make docs    regenerate docs/settings.md and docs/cli.md"
	@echo "make messages  extract interface strings and update the catalogues"
	@echo "make bench   run the benchmarks and update BENCHMARKS.md's figures"
	@echo "make native  compile the post import's hot modules with mypyc (a sixth less CPU)"
	@echo "make format  apply ruff's fixes and formatting"

demo: $(VENV)/.stamp-base
	$(VENV)/bin/mixroom demo

test: chromium ffmpeg $(VENV)/.stamp-test postgres native check pytest

check: $(VENV)/.stamp-test
	$(VENV)/bin/ruff check $(LINT_PATHS)
	$(VENV)/bin/ruff format --check $(LINT_PATHS)
	$(VENV)/bin/mypy src/mixroom docs/gen.py $(wildcard bench)

pytest: $(VENV)/.stamp-test
	mkdir -p $(dir $(JUNIT))
	$(PY) -m pytest $(PYTEST_ARGS) --junitxml=$(JUNIT)

docs: $(VENV)/.stamp-base
	$(PY) docs/gen.py

LOCALES := src/mixroom/web/locales
LANGUAGES := fr es ca it de nl pt

messages: $(VENV)/.stamp-base
	$(VENV)/bin/pybabel extract -F babel.cfg -k N_ --no-location --sort-output \
		-o $(LOCALES)/messages.pot .
	for code in $(LANGUAGES); do \
		if [ -f $(LOCALES)/$$code/LC_MESSAGES/messages.po ]; then \
			$(VENV)/bin/pybabel update --no-fuzzy-matching --ignore-obsolete \
				-i $(LOCALES)/messages.pot -d $(LOCALES) -l $$code; \
		else $(VENV)/bin/pybabel init -i $(LOCALES)/messages.pot -d $(LOCALES) -l $$code; fi; \
	done

bench: wrk $(VENV)/.stamp-test native
	$(PY) -m bench.run

# the import's hot modules compiled with mypyc into src/mixroom/_native (see mixroom/native.py);
# nothing is compiled while the build matches the sources, which are used whenever it does not
native: $(VENV)/.stamp-test
	$(PY) -c 'from mixroom import native; native.main()'

format: $(VENV)/.stamp-test
	$(VENV)/bin/ruff check --fix $(LINT_PATHS)
	$(VENV)/bin/ruff format $(LINT_PATHS)

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.stamp-base: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.stamp-test: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e '.[test]'
	touch $@ $(VENV)/.stamp-base

chromium:
	@if [ -x $(CHROMIUM) ]; then echo "chromium: $(CHROMIUM)"; else \
	  $(SUDO) apt-get update -q && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; fi

# video uploads are checked with ffprobe and stripped of metadata with ffmpeg
ffmpeg:
	@command -v ffmpeg >/dev/null || { $(SUDO) apt-get update -q && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends ffmpeg; }

wrk:
	@command -v wrk >/dev/null || { $(SUDO) apt-get update -q && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk; }

postgres:
	@if [ -z "$(MIXROOM_TEST_DATABASE_URL)" ]; then \
	  echo "postgres: MIXROOM_TEST_DATABASE_URL is empty, the PostgreSQL variants will skip"; \
	elif pg_isready -q -h 127.0.0.1; then echo "postgres: up"; else \
	  $(SUDO) pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start; \
	  for _ in $$(seq 60); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done; \
	  pg_isready -h 127.0.0.1; fi

clean:
	rm -rf test-artifacts .pytest_cache .mypy_cache .ruff_cache
