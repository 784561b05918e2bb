"""`make backup` taken while another process writes restores into a fresh database, whole.

Each case runs the real commands in subprocesses against a scratch database of its own:
SQLite files in a temporary folder, or (in the PostgreSQL pass of .ci/run) scratch
databases on the same server as the test database.
"""

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
WRITES = 300

# Writes companies one by one, saying when it has started, so the backup runs mid-stream.
WRITER = f"""
import os, pathlib, time
from questions.models import Company
for n in range({WRITES}):
    Company.objects.create(slug=f"writer-{{n}}", name=f"Writer {{n}}")
    if n == 20:
        pathlib.Path(os.environ["WRITER_READY"]).write_text("started")
    time.sleep(0.003)
"""

COUNTS = """
import json
from django.apps import apps
from questions.models import Company
tables = {m._meta.db_table: m.objects.count() for m in apps.get_models()}
written = Company.objects.filter(slug__startswith="writer-").values_list("slug", flat=True)
slugs = sorted(int(slug.split("-")[1]) for slug in written)
print(json.dumps([tables, slugs]))
"""


def environment(database_env: dict[str, str], **extra: str) -> dict[str, str]:
    """This process's environment pointed at one scratch database (and no other)."""
    ignored = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "SQLITE_PATH"}
    return {key: value for key, value in os.environ.items() if key not in ignored} | database_env | extra


def manage(database_env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess:
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


def counts(database_env: dict[str, str]) -> tuple[dict[str, int], list[int]]:
    tables, slugs = json.loads(manage(database_env, "shell", "--no-imports", "-c", COUNTS).stdout)
    return tables, slugs


def sqlite_databases(tmp_path):
    yield {"SQLITE_PATH": str(tmp_path / "live.sqlite3")}, {"SQLITE_PATH": str(tmp_path / "fresh.sqlite3")}


def postgres_databases(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL backups are tested in the PostgreSQL pass of .ci/run (DATABASE_URL)")
    import psycopg

    db = connection.settings_dict
    server = {"host": db["HOST"], "port": db["PORT"] or 5432, "user": db["USER"], "password": db["PASSWORD"]}
    names = [f"prepsite_backup_{kind}_{uuid.uuid4().hex[:8]}" for kind in ("live", "fresh")]
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
    auth = f"{server['user']}:{server['password'] or ''}@" if server["user"] else ""
    urls = [f"postgres://{auth}{server['host']}:{server['port']}/{name}" for name in names]
    try:
        yield {"DATABASE_URL": urls[0]}, {"DATABASE_URL": urls[1]}
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def databases(request, tmp_path):
    factory = sqlite_databases if request.param == "sqlite" else postgres_databases
    generator = factory(tmp_path)
    yield next(generator)
    generator.close()


@pytest.mark.django_db
def test_backup_taken_during_writes_restores_into_a_fresh_database(databases, tmp_path):
    live, fresh = databases
    manage(live, "migrate", "--noinput")
    ready = tmp_path / "writer-started"
    writer = subprocess.Popen(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", WRITER],
        cwd=ROOT,
        env=environment(live, WRITER_READY=str(ready)),
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert writer.poll() is None, writer.stderr.read()
            assert time.monotonic() < deadline, "the writer never started"
            time.sleep(0.05)
        backup_file = tmp_path / "backups" / "during-writes.backup"
        manage(live, "backup", "--output", str(backup_file))
        assert writer.wait(timeout=120) == 0, writer.stderr.read()
    finally:
        writer.kill()

    manage(fresh, "restore", str(backup_file), "--yes")

    assert manage(fresh, "migrate", "--check", check=False).returncode == 0
    live_tables, live_slugs = counts(live)
    fresh_tables, fresh_slugs = counts(fresh)
    assert live_slugs == list(range(WRITES))
    # A consistent snapshot: some of the writer's rows, always a gap-free prefix of them...
    print(f"restored {len(fresh_slugs)} of the writer's {WRITES} rows")
    assert 21 <= len(fresh_slugs) <= WRITES
    assert fresh_slugs == list(range(len(fresh_slugs)))
    # ...and every table the writer did not touch is exactly as it was.
    untouched = {table: n for table, n in live_tables.items() if table != "questions_company"}
    assert {table: fresh_tables[table] for table in untouched} == untouched
    assert fresh_tables["auth_permission"] > 0


def test_backup_refuses_to_overwrite_and_restore_refuses_a_damaged_file(tmp_path):
    live = {"SQLITE_PATH": str(tmp_path / "live.sqlite3")}
    manage(live, "migrate", "--noinput")
    existing = tmp_path / "taken.sqlite3"
    existing.write_text("keep me")
    refused = manage(live, "backup", "--output", str(existing), check=False)
    assert refused.returncode != 0 and "never overwrites" in refused.stderr
    assert existing.read_text() == "keep me"

    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"not a database" * 100)
    before = counts(live)
    refused = manage(live, "restore", str(damaged), "--yes", check=False)
    assert refused.returncode != 0 and "not a SQLite backup" in refused.stderr
    assert counts(live) == before
