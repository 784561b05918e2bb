"""Production refuses to start half-configured, and passes Django's deployment checks."""

import os
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


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    ignored = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {key: value for key, value in os.environ.items() if key not in ignored}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
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
