"""The load benchmark: Prepsite's production path on this machine, loaded by wrk.

``make bench`` (``manage.py bench_load``) builds a scratch site — a fresh SQLite file,
or a scratch database beside the one ``DATABASE_URL`` names, migrated, with the static
files collected, the starter guides and one candidate with a profile, ratings and
bookmarks — and starts gunicorn on it exactly as ``make serve`` does (its config file,
``DEBUG=0``, ``WEB_CONCURRENCY`` sync workers; Redis when ``REDIS_URL`` is set, else the
database cache), except that workers are not recycled during the run. Two such servers
run side by side: one with the page cache, one with it off (``PAGE_CACHE=0``), so a
public page can be measured both from the cache and rendered.

Each row is loaded by ``wrk`` for a bounded time and reported as requests per second,
p50 and p99 latency, server CPU per request and shares of two bare rows that
``prepsite.bench_wsgi`` adds to the same processes: a view returning
``HttpResponse("ok")`` through Django and the site's middleware (what any page of the
site costs before its view runs; the issue's targets are shares of it), and a path
answered before Django (the most this machine serves through gunicorn). Ratios from one
run are comparable; absolute numbers are only comparable on the same machine. Nothing
here is a test assertion.

The module also runs as ``python -m prepsite.loadbench prepare`` inside the scratch
site's environment, where it builds the site and prints what the rows need as JSON.
"""

from __future__ import annotations

import http.client
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
STARTUP_SECONDS = 60
BARE_PATH = "/__bench__/bare"  # answered by prepsite.bench_wsgi, in the benchmark's servers only
BARE_VIEW_PATH = "/__bench__/view"  # HttpResponse("ok") through Django, in the same servers only
FILTERED_LIST = "/questions/?category=technical&difficulty=hard"
CANDIDATE_EMAIL = "bench-candidate@example.com"
# Settings of the scratch site that the calling environment must not leak into.
SITE_VARIABLES = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "SQLITE_PATH",
    "STATIC_ROOT",
    "PORT",
    "BIND_ADDRESS",
    "PAGE_CACHE",
    "SECURE_SSL_REDIRECT",
    "DJANGO_SETTINGS_MODULE",
}


class BenchmarkError(RuntimeError):
    """The benchmark cannot run here, or a page did not answer as it should; the message says which."""


# --- wrk's output ----------------------------------------------------------------------------

_TIME_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
_DURATION = r"([\d.]+)(us|ms|s|m|h)"


@dataclass(frozen=True)
class WrkResult:
    """What one wrk run measured: throughput, latency percentiles (ms) and failures."""

    requests: int
    seconds: float
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    non_2xx_3xx: int = 0
    socket_errors: int = 0


def _milliseconds(number: str, unit: str) -> float:
    return float(number) * _TIME_UNITS[unit]


def parse_wrk(output: str) -> WrkResult:
    """Read ``wrk --latency`` output; a run without the lines we need is an error, not a zero."""

    def search(pattern: str) -> re.Match:
        match = re.search(pattern, output, re.MULTILINE)
        if match is None:
            raise BenchmarkError(f"wrk printed no {pattern!r}; its output was:\n{output}")
        return match

    total = search(rf"^\s*(\d+) requests in {_DURATION}")
    p50 = search(rf"^\s*50(?:\.0+)?%\s+{_DURATION}")
    p99 = search(rf"^\s*99(?:\.0+)?%\s+{_DURATION}")
    rate = search(r"^Requests/sec:\s+([\d.]+)")
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return WrkResult(
        requests=int(total.group(1)),
        seconds=_milliseconds(total.group(2), total.group(3)) / 1000,
        requests_per_second=float(rate.group(1)),
        p50_ms=_milliseconds(p50.group(1), p50.group(2)),
        p99_ms=_milliseconds(p99.group(1), p99.group(2)),
        non_2xx_3xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=sum(int(count) for count in errors.groups()) if errors else 0,
    )


# --- The table ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One line of the table: a path on one of the two servers, as a visitor or signed in."""

    label: str
    path: str
    cached: bool = True  # served by the server with the page cache on
    signed_in: bool = False
    public_page: bool = False  # a page the page cache keeps for visitors


@dataclass(frozen=True)
class Measurement:
    row: Row
    result: WrkResult
    cpu_ms_per_request: float | None = None


def rows_for(site: dict) -> list[Row]:
    """The rows, in the order they run and print; ``site`` is what ``prepare`` printed."""
    pages = [
        ("guide", site["guide"]),
        ("list /questions/", "/questions/"),
        ("filtered list", FILTERED_LIST),
        ("question page, visitor", site["question"]),
    ]
    rows = [
        Row("bare WSGI path (benchmark only)", BARE_PATH),
        Row("bare Django view (benchmark only)", BARE_VIEW_PATH),
        Row("static file (WhiteNoise)", site["static"]),
        Row("/healthz", "/healthz"),
    ]
    for label, path in pages:
        rows.append(Row(f"{label}, rendered", path, cached=False, public_page=True))
        rows.append(Row(f"{label}, page cache", path, public_page=True))
    rows.append(Row("question page, signed in", site["question"], cached=False, signed_in=True))
    rows.append(Row("dashboard /me/, signed in", "/me/", cached=False, signed_in=True))
    return rows


def format_table(measurements: list[Measurement], *, title: str) -> str:
    """One Markdown table; every row also as a share of the bare rows of the same run.

    The issue's targets are shares of the bare Django view's requests per second; the
    share of the bare WSGI path is beside it (what is left once gunicorn is paid for),
    and the share of the bare view's server CPU per request, which other load on the
    machine disturbs far less than req/s.
    """
    by_path = {m.row.path: m for m in measurements}
    view, wsgi = by_path.get(BARE_VIEW_PATH), by_path.get(BARE_PATH)
    view_rate = view.result.requests_per_second if view else None
    wsgi_rate = wsgi.result.requests_per_second if wsgi else None
    view_cpu = view.cpu_ms_per_request if view else None

    def share(part: float | None, whole: float | None) -> str:
        return f"{100 * part / whole:.1f}" if part and whole else "–"

    header = ["row", "path", "req/s", "% of view", "% of WSGI", "p50 ms", "p99 ms", "CPU ms/req", "% of view CPU"]
    lines = []
    for measurement in measurements:
        result, cpu = measurement.result, measurement.cpu_ms_per_request
        label = measurement.row.label
        failures = result.non_2xx_3xx + result.socket_errors
        if failures:
            label += f" ({failures} failed)"
        rate = result.requests_per_second
        lines.append(
            [
                label,
                f"`{measurement.row.path}`",
                f"{rate:.0f}",
                share(rate, view_rate),
                share(rate, wsgi_rate),
                f"{result.p50_ms:.2f}",
                f"{result.p99_ms:.2f}",
                f"{cpu:.2f}" if cpu is not None else "–",
                share(view_cpu, cpu),
            ]
        )
    widths = [max(len(cells[i]) for cells in [header, *lines]) for i in range(len(header))]
    right = set(range(2, len(header)))

    def line(cells: list[str]) -> str:
        pairs = enumerate(zip(cells, widths, strict=True))
        padded = [cell.rjust(width) if i in right else cell.ljust(width) for i, (cell, width) in pairs]
        return "| " + " | ".join(padded) + " |"

    rule = "|" + "|".join("-" * (w + 1) + ":" if i in right else "-" * (w + 2) for i, w in enumerate(widths)) + "|"
    return "\n".join([title, "", line(header), rule, *map(line, lines)])


# --- The scratch site -----------------------------------------------------------------------


def prepare() -> dict:
    """Build the scratch site this process's settings point at; runs inside ``python -m``.

    What ``make serve`` does before gunicorn starts, then the starter guides and a
    candidate who has practised, so that the dashboard and the signed-in question page
    show real state. Returns the paths and the cookies (session, CSRF) the rows need.
    """
    import io

    import django

    django.setup()
    from allauth.account.models import EmailAddress
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from accounts.models import Rating
    from accounts.services import bookmark_set, practice_record, profile_update
    from questions.models import Question, Role

    log = io.StringIO()
    call_command("migrate", interactive=False, verbosity=0, stdout=log)
    call_command("createcachetable", stdout=log)
    call_command("collectstatic", interactive=False, verbosity=0, stdout=log)
    call_command("load_starter_content", stdout=log)

    role = Role.objects.published().order_by("order", "title").first()
    questions = list(Question.objects.published().filter(role=role).order_by("number"))
    user = get_user_model().objects.create_user(username="bench-candidate", email=CANDIDATE_EMAIL)
    EmailAddress.objects.create(user=user, email=CANDIDATE_EMAIL, verified=True, primary=True)
    today = timezone.localdate()
    profile_update(
        user=user, target_role=role, interview_date=today + timedelta(days=21), experience_level="mid", time_zone="UTC"
    )
    ratings = [Rating.GOOD, Rating.HARD, Rating.EASY, Rating.AGAIN]
    now = timezone.now()
    for number, question in enumerate(questions[:24]):
        for review in range(3):
            reviewed_at = now - timedelta(days=30 - number - review * 2, hours=review)
            practice_record(
                user=user,
                question=question,
                rating=ratings[(number + review) % len(ratings)],
                seconds_spent=90,
                reviewed_at=reviewed_at,
            )
    for question in questions[::7]:
        bookmark_set(user=user, question=question, bookmarked=True)
    client = Client()
    client.force_login(user)
    # What a browser holds after its first page: the session and the CSRF cookie.
    client.get("/me/", secure=False, HTTP_HOST="127.0.0.1")
    cookies = [
        f"{name}={client.cookies[name].value}"
        for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
        if name in client.cookies
    ]
    return {
        "guide": role.get_absolute_url(),
        "question": questions[0].get_absolute_url(),
        "static": staticfiles_storage.url("css/site.css"),
        "cookie": "; ".join(cookies),
        "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
        "cache": "Redis" if settings.REDIS_URL else "database",
    }


def site_environment(environ: dict[str, str], folder: Path, database_url: str) -> dict[str, str]:
    """Production settings for the scratch site: DEBUG off, plain HTTP on 127.0.0.1."""
    env = {key: value for key, value in environ.items() if key not in SITE_VARIABLES}
    env |= {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_hex(32),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SQLITE_PATH": str(folder / "db.sqlite3"),
        "STATIC_ROOT": str(folder / "static"),
        "DJANGO_SETTINGS_MODULE": "prepsite.settings",
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    if environ.get("REDIS_URL"):
        env["REDIS_URL"] = environ["REDIS_URL"]
    return env


@contextmanager
def scratch_database(database_url: str) -> Iterator[str]:
    """A fresh PostgreSQL database beside the one ``database_url`` names, dropped afterwards.

    The benchmark creates a user and rewrites the starter guides, so it never runs
    against the database it was pointed at. Without a URL, the scratch site's SQLite
    file is the scratch database.
    """
    if not database_url:
        yield ""
        return
    import psycopg

    parts = urlsplit(database_url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise BenchmarkError(f"the benchmark knows SQLite and PostgreSQL, not {parts.scheme}:")
    server = {
        "host": parts.hostname or "localhost",
        "port": parts.port or 5432,
        "user": parts.username or None,
        "password": parts.password or None,
    }
    name = f"prepsite_loadbench_{uuid.uuid4().hex[:12]}"
    try:
        with psycopg.connect(dbname="postgres", autocommit=True, connect_timeout=5, **server) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as error:
        raise BenchmarkError(f"cannot create a scratch database on {server['host']}: {error}") from error
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, connect_timeout=5, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def build_site(env: dict[str, str]) -> dict:
    result = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "prepsite.loadbench", "prepare"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0:
        raise BenchmarkError(f"building the scratch site failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- Servers and requests ---------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """One GET, redirects not followed: a row that redirects must be seen, not measured."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


@dataclass
class Server:
    port: int
    process: subprocess.Popen
    log: Path

    def cpu_seconds(self) -> float | None:
        """CPU time of the gunicorn master and every worker, alive or already reaped (Linux only)."""
        ticks = os.sysconf("SC_CLK_TCK")
        try:
            master = _proc_times(self.process.pid, with_children=True)
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        except OSError:
            return None
        total = master
        for child in children:
            try:
                total += _proc_times(int(child), with_children=True)
            except OSError:
                continue  # a worker that just exited; its time lands in the master's children
        return total / ticks


def _proc_times(pid: int, *, with_children: bool) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    # After the command name: state is field 3, utime 14, stime 15, cutime 16, cstime 17.
    times = [int(value) for value in fields[11:15]]
    return sum(times if with_children else times[:2])


@contextmanager
def serving(env: dict[str, str], log: Path) -> Iterator[Server]:
    """gunicorn with ``make serve``'s config on the benchmark's WSGI module, until the block ends."""
    port = free_port()
    command = [
        str(BIN / "gunicorn"),
        "--config",
        "deploy/gunicorn.conf.py",
        # A worker replaced mid-row would bill the fastest rows for a Django start-up.
        "--max-requests",
        "0",
        "prepsite.bench_wsgi:application",
    ]
    with log.open("w") as output:
        process = subprocess.Popen(  # noqa: S603 - our own gunicorn
            command,
            cwd=ROOT,
            env={**env, "PORT": str(port)},
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(port, process, log)
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if process.poll() is not None:
                raise BenchmarkError(f"gunicorn exited with {process.returncode}:\n{log.read_text()[-3000:]}")
            try:
                if fetch(port, BARE_PATH)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise BenchmarkError(f"gunicorn did not answer within {STARTUP_SECONDS} s:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        yield server
    finally:
        stop_process_group(process)


def stop_process_group(process: subprocess.Popen) -> None:
    """Stop a server started in its own session, and every process it started (gunicorn's workers)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def check_row(server: Server, row: Row, headers: dict[str, str], warmups: int) -> None:
    """The row answers 200 as the right kind of visitor, before wrk measures it; workers warm up."""
    for _ in range(warmups):
        status, response_headers, body = fetch(server.port, row.path, headers)
        if status != 200:
            raise BenchmarkError(f"{row.label}: {row.path} answered {status}, not 200:\n{body[:500]!r}")
    cache_control = response_headers.get("cache-control", "")
    if row.signed_in and "no-store" not in cache_control:
        raise BenchmarkError(f"{row.label}: the session cookie was not accepted (Cache-Control: {cache_control})")
    if row.public_page and "public" not in cache_control:
        raise BenchmarkError(f"{row.label}: {row.path} is not a public page (Cache-Control: {cache_control})")


def find_wrk(*, install: bool) -> str:
    """The wrk binary; with ``install``, Debian's package is installed when it is missing."""
    wrk = shutil.which("wrk")
    if wrk:
        return wrk
    how = "install it with `sudo apt-get install wrk` (Debian, Ubuntu) or from https://github.com/wg/wrk"
    apt = shutil.which("apt-get")
    if install and apt and os.geteuid() == 0:
        print("wrk is missing: apt-get install wrk", file=sys.stderr)
        subprocess.run([apt, "install", "--yes", "--no-install-recommends", "wrk"], check=False)  # noqa: S603
        wrk = shutil.which("wrk")
        if wrk:
            return wrk
    raise BenchmarkError(f"the load benchmark needs wrk: {how}")


@dataclass(frozen=True)
class Options:
    seconds: float = 5.0
    connections: int = 16
    threads: int = 2
    workers: int = 2
    install_wrk: bool = True


def run_wrk(wrk: str, options: Options, port: int, path: str, headers: dict[str, str]) -> WrkResult:
    command = [
        wrk,
        f"-t{options.threads}",
        f"-c{options.connections}",
        f"-d{options.seconds:g}s",
        "--latency",
        "--timeout",
        "10s",
    ]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://127.0.0.1:{port}{path}")
    result = subprocess.run(command, capture_output=True, text=True, timeout=options.seconds + 60)  # noqa: S603
    if result.returncode != 0:
        raise BenchmarkError(f"wrk failed ({result.returncode}): {result.stderr or result.stdout}")
    return parse_wrk(result.stdout)


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = os.cpu_count() or 0
    return f"{cores} cores{f' ({model})' if model else ''}, {platform.system()}, Python {platform.python_version()}"


def run(
    options: Options,
    environ: dict[str, str] | None = None,
    progress: Callable[[str], None] = lambda _line: None,
) -> str:
    """Build the scratch site, serve it, load every row and return the table."""
    environ = dict(os.environ if environ is None else environ)
    wrk = find_wrk(install=options.install_wrk)
    if not (BIN / "gunicorn").exists():
        raise BenchmarkError(f"no gunicorn in {BIN}: pip install -r requirements.txt")
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="prepsite-bench-")))
        database_url = stack.enter_context(scratch_database(environ.get("DATABASE_URL", "")))
        env = site_environment(environ, folder, database_url)
        env["WEB_CONCURRENCY"] = str(options.workers)
        progress("building the scratch site (migrate, collectstatic, starter guides, a candidate)")
        site = build_site(env)
        progress("starting gunicorn twice: with the page cache, and with it off")
        servers = {
            True: stack.enter_context(serving(env, folder / "cached.log")),
            False: stack.enter_context(serving({**env, "PAGE_CACHE": "0"}, folder / "rendered.log")),
        }
        rows = rows_for(site)
        measurements = []
        for row in rows:
            server = servers[row.cached]
            headers = {"Cookie": site["cookie"]} if row.signed_in else {}
            check_row(server, row, headers, warmups=2 * options.workers + 2)
            before = server.cpu_seconds()
            result = run_wrk(wrk, options, server.port, row.path, headers)
            after = server.cpu_seconds()
            cpu = None
            if before is not None and after is not None and result.requests:
                cpu = 1000 * (after - before) / result.requests
            measurements.append(Measurement(row, result, cpu))
            progress(f"{row.label}: {result.requests_per_second:.0f} req/s")
        for server in servers.values():
            log = server.log.read_text()
            if "Traceback" in log:
                raise BenchmarkError(f"a server logged an error during the run:\n{log[-3000:]}")
    title = (
        f"Prepsite load benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {machine()}; "
        f"{site['database']}, {site['cache']} cache; gunicorn {options.workers} sync workers; "
        f"wrk -t{options.threads} -c{options.connections} -d{options.seconds:g}s"
    )
    return format_table(measurements, title=title)


if __name__ == "__main__" and sys.argv[1:] == ["prepare"]:
    print(json.dumps(prepare()))
