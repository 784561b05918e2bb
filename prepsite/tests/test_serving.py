"""The production recipe, run for real: gunicorn processes on production settings.

Everything listens on 127.0.0.1 only, against a throwaway SQLite file. Outages are
simulated by pointing the site at a closed port or at a listener that never answers;
the shared PostgreSQL and Redis are never touched. Where gunicorn cannot start the
tests skip and say why, unless PREPSITE_REQUIRE_SERVER=1 (set by .ci/run).
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from prepsite.loadbench import stop_process_group
from prepsite.tests.listeners import silent_listener
from prepsite.tests.test_settings import PRODUCTION, ROOT, clean_environ
from questions.tests.factories import PACKS_DIR

BIN = Path(sys.executable).parent
SRE_PACK = PACKS_DIR / "site-reliability-engineer.yaml"
SRE_GUIDE = "/roles/site-reliability-engineer/"
OLD_WORDING = "A Site Reliability Engineer interview checks whether"
NEW_WORDING = "An SRE interview checks whether"
STARTUP_SECONDS = 60
REQUEST_SECONDS = 10


def cannot_serve(reason: str):
    if os.environ.get("PREPSITE_REQUIRE_SERVER") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(port: int, path: str) -> tuple[int, str]:
    """Status and body; urllib's timeout is the bound that tells an answer from a hang."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=REQUEST_SECONDS) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def manage(env: dict[str, str], *args: str) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def production_env(tmp_path_factory) -> dict[str, str]:
    """Production settings on a fresh SQLite file, migrated, with static files and the SRE guide."""
    if not (BIN / "gunicorn").exists():
        cannot_serve(f"no gunicorn in {BIN}: pip install -r requirements.txt")
    site = tmp_path_factory.mktemp("site")
    env = clean_environ(
        **{**PRODUCTION, "ALLOWED_HOSTS": "127.0.0.1"},
        SECURE_SSL_REDIRECT="0",  # plain HTTP on 127.0.0.1; TLS is the proxy's job
        SQLITE_PATH=str(site / "db.sqlite3"),
        STATIC_ROOT=str(site / "static"),
        WEB_CONCURRENCY="1",
    )
    # What `make serve` does before gunicorn starts, then the guide; one process is quicker than four.
    setup = (
        "import django; django.setup(); from django.core.management import call_command as run; "
        "run('migrate', interactive=False, verbosity=0); run('createcachetable'); "
        f"run('collectstatic', interactive=False, verbosity=0); run('import_pack', {str(SRE_PACK)!r})"
    )
    result = subprocess.run(
        [sys.executable, "-c", setup],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "prepsite.settings"},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return env


@contextmanager
def serving(command: list[str], env: dict[str, str], log: Path):
    """Run a server until it answers /healthz on its PORT; stop its whole process group after."""
    port = int(env["PORT"])
    with log.open("w") as output:
        process = subprocess.Popen(  # noqa: S603 - our own commands
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if process.poll() is not None:
                cannot_serve(f"{' '.join(command)} exited with {process.returncode}:\n{log.read_text()[-2000:]}")
            try:
                if fetch(port, "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                cannot_serve(
                    f"{' '.join(command)} did not answer within {STARTUP_SECONDS} s:\n{log.read_text()[-2000:]}"
                )
            time.sleep(0.2)
        yield port
    finally:
        stop_process_group(process)


def make_serve(env: dict[str, str], port: int) -> list[str]:
    make = shutil.which("make")
    if make is None:
        cannot_serve("no make on this machine")
    env["PORT"] = str(port)
    return [make, "--no-print-directory", "-o", ".venv/.installed", "serve", f"BIN={BIN}"]


def cached_pages(env: dict[str, str]) -> int:
    import sqlite3

    with sqlite3.connect(env["SQLITE_PATH"]) as database:
        query = "SELECT count(*) FROM prepsite_cache WHERE cache_key LIKE '%prepsite:page:%'"
        return database.execute(query).fetchone()[0]


def gunicorn(env: dict[str, str], port: int) -> list[str]:
    env["PORT"] = str(port)
    return [str(BIN / "gunicorn"), "--config", "deploy/gunicorn.conf.py"]


def test_an_edit_makes_every_workers_cached_page_stale_at_once(production_env, tmp_path):
    """Two servers (`make serve` and its gunicorn line), no Redis: one edit in a third process reaches both."""
    first_env, second_env = dict(production_env), dict(production_env)
    first_command, second_command = make_serve(first_env, free_port()), gunicorn(second_env, free_port())
    with (
        serving(first_command, first_env, tmp_path / "first.log") as first,
        serving(second_command, second_env, tmp_path / "second.log") as second,
    ):
        for port in (first, second, first, second):
            status, page = fetch(port, SRE_GUIDE)
            assert status == 200
            assert OLD_WORDING in page
        for port in (first, second):
            assert fetch(port, "/readyz") == (200, "database: ok\ncache: ok\n")

        edited = tmp_path / "edited.yaml"
        edited.write_text(SRE_PACK.read_text(encoding="utf-8").replace(OLD_WORDING, NEW_WORDING), encoding="utf-8")
        manage(production_env, "import_pack", str(edited))

        for port in (first, second):
            status, page = fetch(port, SRE_GUIDE)
            assert status == 200
            assert NEW_WORDING in page and OLD_WORDING not in page
        assert cached_pages(production_env) >= 2  # the guide for each server address (host and port): shared
    log = (tmp_path / "first.log").read_text() + (tmp_path / "second.log").read_text()
    assert "Traceback" not in log, log


@pytest.mark.parametrize("database", ["closed port", "silent listener"])
def test_a_database_outage_is_a_quick_plain_503(production_env, tmp_path, database):
    with silent_listener() as (silent_port, _accepted):
        port = 1 if database == "closed port" else silent_port
        env = {**production_env, "DATABASE_URL": f"postgres://prepsite@127.0.0.1:{port}/prepsite"}
        with serving(gunicorn(env, free_port()), env, tmp_path / "gunicorn.log") as server:
            for path in ("/", "/questions/?q=slo", SRE_GUIDE):
                started = time.monotonic()
                status, page = fetch(server, path)
                print(f"{database} {path}: {status} in {time.monotonic() - started:.2f} s")
                assert status == 503
                assert "Prepsite is back in a moment" in page
            assert fetch(server, "/readyz") == (503, "database: unavailable\ncache: unavailable\n")
            assert fetch(server, "/healthz") == (200, "ok\n")
    log = (tmp_path / "gunicorn.log").read_text()
    assert "Traceback" not in log, log
    assert "Database unavailable, answering 503 for /" in log
