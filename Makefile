# The project's front door.  `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
DATA_DIR ?= ./data
SOURCES ?= crawler/sources.csv
PORT ?= 8001
FARM_PORT ?= 8899
SEED ?= 1
SIZE ?= 200
FARM_STATE ?= ./farm-state

$(VENV)/.installed: requirements.txt constraints.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt -c constraints.txt
	touch $@

.PHONY: deps
deps: $(VENV)/.installed ## install Debian packages (apt-get) and Python packages (.venv) that are missing
	@scripts/ensure-apt.sh

.PHONY: demo
demo: deps ## the whole job on the bundled portal farm: crawl, parse, build, serve
	$(PY) -m nightly.demo --port $(PORT)

.PHONY: test
test: deps ## run the whole test suite (slow tests included) on two workers
	@# pytest-xdist: each module whole on one worker, longest first (tests/conftest.py LONGEST_FIRST).
	@# pytest's temporary directories in memory (/dev/shm) where there is one, removed after a run that
	@# passed: this disk takes a minute and more to delete the tens of thousands of files a run leaves,
	@# which pytest otherwise does three runs later, at the end of a run.  Only where /dev/shm has room
	@# (4 GB): a container's is 64 MB by default.
	shm=$$(df -Pk /dev/shm 2>/dev/null | awk 'NR==2 {print $$4}'); \
	if [ "$${shm:-0}" -ge 4194304 ]; then tmp=$$(mktemp -d -p /dev/shm nianbao-test.XXXXXX); \
	else tmp=$$(mktemp -d -t nianbao-test.XXXXXX); fi; \
	$(PY) -m pytest -n 2 --dist loadfile --no-loadscope-reorder --basetemp="$$tmp"; status=$$?; \
	if [ $$status -eq 0 ]; then rm -rf "$$tmp"; else echo "temporary files kept in $$tmp" >&2; fi; exit $$status

.PHONY: check
check: deps ## the edit-test loop in seconds: ruff, the fast tests (not slow), the docs test
	@# lint (complexity included: C90 in pyproject.toml) and format; module and function lengths are
	@# tests/test_structure.py's, run with the fast tests
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest -q -m "not slow"

.PHONY: lint
lint: deps ## ruff
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

.PHONY: parse
parse: deps ## parse documents: make parse FILES="a.pdf b.html"
	$(PY) -m parsers $(FILES)

.PHONY: corpus
corpus: deps ## regenerate the generated parser corpus and format fixtures (docgen)
	$(PY) -m docgen.build_corpus && $(PY) -m docgen.build_fixtures

.PHONY: farm
farm: deps ## run the simulated portal farm in the foreground: make farm SIZE=200 SEED=1 FARM_PORT=8899
	$(PY) -m farm serve --port $(FARM_PORT) --seed $(SEED) --size $(SIZE) --state-dir $(FARM_STATE)

.PHONY: crawl
crawl: deps ## crawl every source: make crawl SOURCES=<csv> DATA_DIR=<dir>
	$(PY) -m crawler.run --sources $(SOURCES) --data-dir $(DATA_DIR)

.PHONY: build
build: deps ## parse what is new in the archive and build DATA_DIR/archive.db
	$(PY) -m archive.build --data-dir $(DATA_DIR)

.PHONY: serve
serve: deps ## publish DATA_DIR/archive.db with Datasette
	$(PY) -m archive.serve --data-dir $(DATA_DIR) --port $(PORT)

.PHONY: nightly
nightly: deps ## incremental crawl + build + atomic publish (exits non-zero on a bad run)
	$(PY) -m nightly.run --sources $(SOURCES) --data-dir $(DATA_DIR)

.PHONY: bench
bench: deps ## throughput and memory of parsers, crawler and archive, with ratios to baselines
	$(PY) -m bench

.PHONY: newfamily
newfamily: deps ## skeletons of a new CMS family (crawler, farm, test): make newfamily NAME=<name>
	@test -n "$(NAME)" || { echo "usage: make newfamily NAME=<name>"; exit 2; }
	$(PY) scripts/newfamily.py $(NAME)

.PHONY: bench-national
bench-national: deps ## the archive at real length: sizes, build rates, nightly increment, page times, projected to national scale
	$(PY) -m bench.archive_scale

.PHONY: help
help:
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'
