# The README's two commands: `make demo` runs the app, `make test` runs every check. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint typecheck pytest clean

demo: $(VENV)/.installed-app
	$(BIN)/volimage --demo

test: $(VENV)/.installed-test lint typecheck pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

pytest: $(VENV)/.installed-test
	$(BIN)/pytest

# Benchmarks against the simulated cloud: listing time vs raw HTTP and the openstack CLI, image creation's request
# count vs the by-hand openstack recipe, the UI's first paint and filter keystroke, the lineage of 200 placeholders vs
# the openstack CLI's server list per image, and what the openstack plugin adds to every openstack run. They print
# ratios measured in the same run; nothing fails on speed.
.PHONY: bench screenshots
bench: $(VENV)/.installed-test
	$(BIN)/python bench/listing.py
	$(BIN)/python bench/creation_requests.py
	$(BIN)/python bench/ui_first_paint.py
	$(BIN)/python bench/ui_filter.py
	$(BIN)/python bench/lineage.py
	$(BIN)/python bench/osc_plugin.py

# The README's tour, made by headless mode against the demo cloud from screenshots/scripts/ (PNG: rsvg-convert).
SHOT_SIZE := 140x40
screenshots: $(VENV)/.installed-app
	for script in screenshots/scripts/*.txt; do \
		name=$$(basename $$script .txt); \
		$(BIN)/volimage --demo --headless --size $(SHOT_SIZE) --script $$script \
			--screenshot screenshots/$$name.svg --text screenshots/$$name.txt || exit 1; \
		rsvg-convert --background-color=white screenshots/$$name.svg -o screenshots/$$name.png || exit 1; \
	done

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "volimage needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-app: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed-app

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis *.egg-info

# A real OpenStack (Keystone, Glance, Cinder, Placement, Nova, Neutron, RabbitMQ) on 127.0.0.1, from PyPI and
# Debian, the services cached in the user cache dir: `conformance` starts it, runs the checks against it and stops it
# whatever happens; the other three manage a long-lived one by hand (see realcloud/).
.PHONY: conformance realcloud-up realcloud-down realcloud-status
# The smoke test (the harness itself, with the openstack CLI), the scenarios `make test` runs against the
# simulated cloud, and the differential test of the simulation against the real services; one at a time (-n 0), as
# they share one real project.
CONFORMANCE_TESTS := realcloud/smoke tests/scenarios realcloud/conformance
conformance: $(VENV)/.installed-test
	$(BIN)/python -m realcloud run -- $(BIN)/pytest -p no:cacheprovider -n 0 $(CONFORMANCE_TESTS)

realcloud-up: $(VENV)/.installed-test
	$(BIN)/python -m realcloud install
	$(BIN)/python -m realcloud up

realcloud-down: $(VENV)/.installed-test
	$(BIN)/python -m realcloud down

realcloud-status: $(VENV)/.installed-test
	$(BIN)/python -m realcloud status
