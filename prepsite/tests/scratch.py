"""Scratch databases for tests that run the real commands in other processes.

A backup taken during writes, or twenty writers at once, needs a database that several
processes share, as in production: a SQLite file in a temporary folder, or (in the
PostgreSQL pass of .ci/run) a scratch database on the test database's server.
"""

import os
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
NewDatabase = Callable[[], dict[str, str]]


def environment(database_env: dict[str, str], **extra: str) -> dict[str, str]:
    """This process's environment pointed at one scratch database (and no other)."""
    ignored = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "SQLITE_PATH"}
    return {key: value for key, value in os.environ.items() if key not in ignored} | database_env | extra


def manage(database_env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """``manage.py ARGS`` in a subprocess against the scratch database."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment(database_env),
        capture_output=True,
        text=True,
        timeout=300,
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


@contextmanager
def sqlite_databases(folder: Path) -> Iterator[NewDatabase]:
    names = (f"scratch-{number}.sqlite3" for number in range(1, 100))
    yield lambda: {"SQLITE_PATH": str(folder / next(names))}


@contextmanager
def postgres_databases(folder: Path) -> Iterator[NewDatabase]:
    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL case runs in the PostgreSQL pass of .ci/run (DATABASE_URL)")
    import psycopg

    db = connection.settings_dict
    server = {"host": db["HOST"], "port": db["PORT"] or 5432, "user": db["USER"], "password": db["PASSWORD"]}
    auth = f"{server['user']}:{server['password'] or ''}@" if server["user"] else ""
    created: list[str] = []

    def new() -> dict[str, str]:
        name = f"prepsite_scratch_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        created.append(name)
        return {"DATABASE_URL": f"postgres://{auth}{server['host']}:{server['port']}/{name}"}

    try:
        yield new
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            for name in created:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
