# make run   set up (virtualenv, install, migrate, demo data), serve http://127.0.0.1:8000 on SQLite with a
#            Celery worker and beat beside it (embedded broker in var/broker/; Ctrl-C stops all three)
# make test  set up and run every test (DATABASE_URL picks the database; SQLite without it)
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: setup run test bench-import clean

$(VENV)/.installed: requirements.txt requirements-lab.txt requirements-test.txt constraints.txt
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is needed, found " + sys.version'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-test.txt -c constraints.txt
	touch $@

setup: $(VENV)/.installed

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py run_local $(HOST)

test: setup
	$(PY) -m pytest $(PYTEST_ARGS)

bench-import: setup
	$(PY) manage.py bench_import --json var/bench_import.json

clean:
	rm -rf $(VENV) var staticfiles
