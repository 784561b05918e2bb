# Two commands: `make run` sets everything up and serves the site; `make test` checks everything.
# `make serve` is the production server (gunicorn, DEBUG off); `make check-deploy` checks its settings.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: run test venv setup lint format serve check-deploy clean bench bench-pages bench-scale backup restore

run: setup
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

setup: venv
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py load_starter_content

# Production: SECRET_KEY and ALLOWED_HOSTS come from the environment (see README), like
# DATABASE_URL and REDIS_URL; WEB_CONCURRENCY workers listen on PORT.
serve check-deploy: export DEBUG = 0
serve: export PORT := $(PORT)

serve: venv
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/gunicorn --config deploy/gunicorn.conf.py

check-deploy: venv
	$(BIN)/python manage.py check --deploy --fail-level WARNING

test: venv $(NODE_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest

venv: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

# axe-core and the W3C Nu checker (vnu-jar), for the tests only; the site itself ships no
# npm code. --ignore-scripts: vnu-jar's install script would fetch a Java runtime, and the
# checker runs on the system's (Debian: default-jre-headless).
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $(NODE_STAMP)

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The load benchmark: a scratch site served by gunicorn as `make serve` does, loaded by wrk
# (BENCH_SECONDS per row, default 5; DATABASE_URL / REDIS_URL for PostgreSQL and Redis).
bench: venv
	$(BIN)/python manage.py bench_load

# The in-process one: each public page rendered through Django's test client, no server.
bench-pages: setup
	$(BIN)/python manage.py bench_pages

# Page cost with the starter content and with 10,000 more questions, in a scratch database
# (a temporary SQLite file, or a throw-away PostgreSQL database with DATABASE_URL).
bench-scale: venv
	$(BIN)/python manage.py bench_scale $(ARGS)

# `make backup` (OUTPUT=file to choose the name); `make restore FILE=backups/prepsite-....dump`.
backup: venv
	$(BIN)/python manage.py backup $(if $(OUTPUT),--output "$(OUTPUT)")

restore: venv
	@test -n "$(FILE)" || { echo "usage: make restore FILE=path/to/backup"; exit 2; }
	$(BIN)/python manage.py restore "$(FILE)"

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3 db.sqlite3-wal db.sqlite3-shm
