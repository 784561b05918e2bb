"""`make backup` taken while another process writes restores into a fresh database, whole.

Each case runs the real commands in subprocesses against scratch databases
(``prepsite/tests/scratch.py``), on SQLite and, in the PostgreSQL pass, on PostgreSQL.
"""

import json
import subprocess
import sys
import time

from prepsite.tests.scratch import ROOT, environment, manage

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


def counts(database_env: dict[str, str]) -> tuple[dict[str, int], list[int]]:
    tables, slugs = json.loads(manage(database_env, "shell", "--no-imports", "-c", COUNTS).stdout)
    return tables, slugs


def test_backup_taken_during_writes_restores_into_a_fresh_database(new_database, tmp_path):
    live, fresh = new_database(), new_database()
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
