# ketluan — `make run` (whole pipeline) and `make test` (test suite) set everything up.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
export HF_HUB_OFFLINE := 1
# DVC stages call `python`: the project's virtual environment must come first on PATH
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
export PYTHONHASHSEED := 0

.PHONY: help install system run repro test test-fast lint notebooks bench bench-scale bench-ocr fuzz eval-real corpus-formats clean
# Debian packages of the optional readers: OCR of scanned PDFs, Word 97-2003 .doc, .rtf/.odt
SYSTEM_PACKAGES := tesseract-ocr tesseract-ocr-vie antiword catdoc libreoffice-writer-nogui

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-15s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "ketluan needs Python 3.11"'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip==25.3
	$(PY) -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP) system  ## create .venv and install pinned dependencies (and `system`)

system:  ## install the optional readers' Debian packages when root on Debian/Ubuntu (SYSTEM_PACKAGES= to skip)
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "installing Debian packages:$$missing"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null) \
	    || echo "could not install$$missing: scans, .doc, .rtf and .odt will be rejected with a reason (see \`ketluan doctor\`)"; \
	else echo "optional readers missing:$$missing (as root: apt-get install$$missing); see \`ketluan doctor\`"; fi

run: install  ## run the whole pipeline on corpus/raw (dvc repro), then say what became of each input
	$(PY) -m dvc repro
	@$(PY) -m pipeline summary

repro: run

test: install  ## run the whole test suite (slow end-to-end and notebook tests included)
	$(PY) -m pytest -q

test-fast: install  ## tests without the slow end-to-end and notebook ones
	$(PY) -m pytest -q -m "not slow"

lint: install  ## ruff
	$(PY) -m ruff check pipeline tests

notebooks: install  ## start Jupyter on notebooks/
	$(VENV)/bin/jupyter lab notebooks/

bench: install  ## throughput and memory benchmark (prints figures; not a test)
	$(PY) -m pipeline.bench

bench-scale: install  ## corpus-wide stages on 1,000/10,000/100,000 re-keyed notices (SIZES=1000,10000; FULL=1 adds the 10,000-notice dvc repro)
	$(PY) -m pipeline.bench_scale $(if $(SIZES),--sizes $(SIZES),) $(if $(FULL),--full-10k,)

bench-ocr: install  ## scans benchmark: test notices typeset as scans at 300/200 dpi, OCR'd and scored (not a test)
	$(PY) -m pipeline.bench_ocr $(if $(JOBS),--jobs $(JOBS),)

eval-real: install  ## score the real-text set (corpus/real) on the texts in $$KETLUAN_REAL_DIR (default ../real); BATCH=n for one batch
	$(PY) -m pipeline score-real $(if $(BATCH),--batch $(BATCH),) --errors $(or $(KETLUAN_REAL_DIR),../real)/errors.csv

fuzz: install  ## fuzz campaign: N adversarial inputs (default N=10000 SEED=1); exit 1 if one escaped
	$(PY) -m tests.fuzz.campaign --n $(or $(N),10000) --seed $(or $(SEED),1) --jobs $(or $(JOBS),2)

corpus-formats: install  ## rebuild the .docx/.pdf/.html/legacy-encoded notices from corpus/src
	$(PY) corpus/build_formats.py

clean:  ## remove outputs (DVC restores them from its cache on the next run)
	rm -rf outputs/* metrics/*
