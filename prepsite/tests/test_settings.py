"""Production refuses to start half-configured, and passes Django's deployment checks."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-long-random-production-secret-key-for-tests-only-0123456789abcdef",
    "ALLOWED_HOSTS": "prepsite.example",
}


def clean_environ(**env: str) -> dict[str, str]:
    """This process's environment without the settings it may carry, plus ``env``."""
    ignored = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    ignored |= {"WEB_CONCURRENCY", "PORT", "BIND_ADDRESS", "SQLITE_PATH", "STATIC_ROOT", "MAKEFLAGS", "MFLAGS"}
    return {**{key: value for key, value in os.environ.items() if key not in ignored}, **env}


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean_environ(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(missing):
    env = {key: value for key, value in PRODUCTION.items() if key != missing}
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert f"needs {missing}" in result.stderr


def test_production_refuses_a_wildcard_host():
    result = run_manage("check", **{**PRODUCTION, "ALLOWED_HOSTS": "*"})
    assert result.returncode != 0
    assert "not '*'" in result.stderr


def test_production_passes_the_deployment_checklist():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def run_make(target: str, **env: str) -> subprocess.CompletedProcess:
    make = shutil.which("make")
    if make is None:
        pytest.skip("no make on this machine")
    # The venv is already installed for the tests; make must not try to reinstall it.
    return subprocess.run(
        [make, "--no-print-directory", "-o", ".venv/.installed", target, f"BIN={Path(sys.executable).parent}"],
        cwd=ROOT,
        env=clean_environ(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_make_check_deploy_passes_with_a_production_environment():
    result = run_make("check-deploy", **{key: value for key, value in PRODUCTION.items() if key != "DEBUG"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_make_check_deploy_fails_without_a_secret_key():
    result = run_make("check-deploy", ALLOWED_HOSTS="prepsite.example")
    assert result.returncode != 0
    assert "needs SECRET_KEY" in result.stderr


SHOW_DATA_SETTINGS = (
    "from django.conf import settings; c = settings.CACHES['default']; "
    "print(c['BACKEND'], c.get('OPTIONS', {})); print(settings.DATABASES['default'].get('OPTIONS'))"
)


def test_production_without_redis_shares_the_database_cache():
    result = run_manage("shell", "--no-imports", "-c", SHOW_DATA_SETTINGS, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("django.core.cache.backends.db.DatabaseCache ")


def test_production_gives_redis_and_postgresql_short_timeouts():
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        SHOW_DATA_SETTINGS,
        **PRODUCTION,
        REDIS_URL="redis://127.0.0.1:1/6",
        DATABASE_URL="postgres://prepsite@127.0.0.1:1/prepsite",
    )
    assert result.returncode == 0, result.stderr
    cache_line, database_line = result.stdout.splitlines()
    assert cache_line == "prepsite.cache.TolerantRedisCache {'socket_connect_timeout': 0.5, 'socket_timeout': 0.5}"
    assert "'connect_timeout': 1" in database_line


def test_deployment_check_refuses_an_in_process_cache_in_production(settings):
    from django.core.checks import registry

    from prepsite.checks import check_shared_cache

    assert check_shared_cache in registry.registry.get_checks(include_deployment_checks=True)
    settings.DEBUG = False
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [error.id for error in check_shared_cache(None)] == ["prepsite.E001"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "t"}}
    assert check_shared_cache(None) == []
    settings.DEBUG = True
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert check_shared_cache(None) == []


def test_development_needs_no_environment():
    result = run_manage("check")
    assert result.returncode == 0, result.stderr


def test_whitenoise_comes_right_after_security_middleware():
    assert settings.MIDDLEWARE[:2] == [
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
    ]


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_a_busy_timeout():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite settings only apply without DATABASE_URL")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    # The test database is in memory, where SQLite reports "memory"; the file database uses WAL.
    assert mode in {"wal", "memory"}
    assert settings.DATABASES["default"]["OPTIONS"]["timeout"] >= 5


def test_file_database_uses_wal(tmp_path):
    database = tmp_path / "wal-check.sqlite3"
    result = run_manage("migrate", "--noinput", SQLITE_PATH=str(database))
    assert result.returncode == 0, result.stderr
    import sqlite3

    assert sqlite3.connect(database).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_every_environment_variable_is_in_the_readme_table():
    import re

    sources = [ROOT / "prepsite" / "settings.py", ROOT / "deploy" / "gunicorn.conf.py"]
    read = set()
    for source in sources:
        read |= set(re.findall(r"""(?:environ\.get|env_bool|env_list)\(\s*["']([A-Z_]+)["']""", source.read_text()))
    table = [line for line in (ROOT / "README.md").read_text().splitlines() if line.startswith("| `")]
    documented = {name for line in table for name in re.findall(r"`([A-Z_]+)`", line.split("|")[1])}
    assert {"WEB_CONCURRENCY", "PORT", "REDIS_URL"} <= read
    assert read - documented == set()


CONNECTION_PROBE = """
import io, json, sys
import django
django.setup()
from django.db import connection
from django.db.backends.signals import connection_created
from prepsite.wsgi import application

opened = []
connection_created.connect(lambda sender, connection, **kwargs: opened.append(connection.connection))
environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/readyz", "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80",
           "HTTP_HOST": "127.0.0.1", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr}
statuses = []
for _ in range(3):
    body = application(dict(environ), lambda status, headers: statuses.append(status))
    body.close()  # as a WSGI server does: request_finished, which closes connections due to close
with connection.cursor() as cursor:
    pragmas = [cursor.execute(f"PRAGMA {name}").fetchone()[0] for name in ("journal_mode", "synchronous")]
print(json.dumps({"statuses": statuses, "opened": len(opened), "same": connection.connection is opened[0],
                  "pragmas": pragmas}))
"""


@pytest.mark.parametrize(("max_age", "connections"), [("60", 1), ("0", 4)])
def test_sqlite_keeps_its_connection_between_requests_and_sets_the_pragmas_on_it(tmp_path, max_age, connections):
    """CONN_MAX_AGE: one connection for three requests and the probe's query after them,
    in WAL mode with synchronous=NORMAL; with 0, each request and the probe open their own."""
    result = subprocess.run(
        [sys.executable, "-c", CONNECTION_PROBE],
        cwd=ROOT,
        env=clean_environ(SQLITE_PATH=str(tmp_path / "db.sqlite3"), CONN_MAX_AGE=max_age),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["statuses"] == ["200 OK"] * 3
    assert probe["opened"] == connections
    assert probe["pragmas"] == ["wal", 1]
    assert probe["same"] is (connections == 1)


def test_both_databases_keep_connections_with_health_checks():
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_production_compiles_each_template_once():
    """Django wraps the loaders in its cached loader when ``loaders`` is not set: keep it so."""
    script = (
        "from django.template import engines; "
        "print(' '.join(type(loader).__module__ for loader in engines['django'].engine.template_loaders))"
    )
    result = run_manage("shell", "-c", script, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == ["django.template.loaders.cached"]
