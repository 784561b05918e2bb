"""The load benchmark (``make bench``): its WSGI wrapper, its reading of wrk, and one real run.

No number is asserted: the run only has to build its site, serve every row with a 200
and print a complete table. It needs wrk; without it the run skips and says why,
unless PREPSITE_REQUIRE_SERVER=1 (set by .ci/run), where a missing wrk fails.
"""

import re
import shutil

import pytest

from prepsite import bench_wsgi
from prepsite.loadbench import (
    BARE_PATH,
    BARE_VIEW_PATH,
    BenchmarkError,
    Measurement,
    Options,
    Row,
    format_table,
    parse_wrk,
    run,
)
from prepsite.tests.test_serving import cannot_serve
from prepsite.tests.test_settings import clean_environ

# wrk 4.1.0 against the benchmark's gunicorn (one worker, one connection): microseconds.
WRK_BARE = """\
Running 1s test @ http://127.0.0.1:18778/__bench__/bare
  1 threads and 1 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.38ms    2.02ms  12.26ms   84.58%
    Req/Sec     1.72k     1.20k    3.65k    70.00%
  Latency Distribution
     50%  238.00us
     75%    1.93ms
     90%    4.51ms
     99%    8.44ms
  1714 requests in 1.01s, 261.12KB read
Requests/sec:   1690.57
Transfer/sec:    257.55KB
"""

# wrk 4.1.0 against a server answering 404 to every request, plus wrk's socket-error line.
WRK_FAILING = """\
Running 1s test @ http://127.0.0.1:18777/missing
  2 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     8.31ms   12.45ms  81.52ms   92.39%
    Req/Sec   373.95    183.42   800.00     75.00%
  Latency Distribution
     50%    3.91ms
     75%    9.08ms
     90%   15.90ms
     99%    1.07s
  748 requests in 1.01s, 379.84KB read
  Socket errors: connect 0, read 3, write 1, timeout 2
  Non-2xx or 3xx responses: 748
Requests/sec:    741.06
Transfer/sec:    376.32KB
"""


class Recorder:
    def __init__(self):
        self.status, self.headers = None, None

    def __call__(self, status, headers, exc_info=None):
        self.status, self.headers = status, dict(headers)


def call(application, path: str) -> tuple[Recorder, bytes]:
    from wsgiref.util import setup_testing_defaults

    environ = {"PATH_INFO": path}
    setup_testing_defaults(environ)
    recorder = Recorder()
    body = b"".join(application(environ, recorder))
    return recorder, body


def test_the_bench_wrapper_answers_its_bare_path_without_django(monkeypatch):
    def django_must_not_run(environ, start_response):
        raise AssertionError("the bare path reached Django")

    monkeypatch.setattr(bench_wsgi, "prepsite_application", django_must_not_run)
    recorder, body = call(bench_wsgi.application, BARE_PATH)
    assert recorder.status == "200 OK"
    assert body == b"ok\n"
    assert recorder.headers["Content-Length"] == "3"


@pytest.mark.django_db
@pytest.mark.django_db  # Django's 404 page reads the header's guides
def test_the_bench_wrapper_passes_every_other_path_to_django(wsgi_keeps_connections):
    recorder, body = call(bench_wsgi.application, "/healthz")
    assert recorder.status == "200 OK" and body == b"ok\n"
    assert "Content-Security-Policy" in recorder.headers  # Django's middleware answered
    recorder, _body = call(bench_wsgi.application, BARE_PATH + "/more")
    assert recorder.status.startswith("404")


@pytest.mark.django_db
def test_the_bench_wrapper_answers_its_bare_view_through_django(wsgi_keeps_connections):
    recorder, body = call(bench_wsgi.application, BARE_VIEW_PATH)
    assert recorder.status == "200 OK" and body == b"ok"
    assert "Content-Security-Policy" in recorder.headers  # the site's middleware ran around it
    recorder, body = call(bench_wsgi.application, "/questions/")
    assert recorder.status == "200 OK" and b"<h1" in body  # the site's own pages are all there


@pytest.mark.django_db
def test_the_sites_own_urls_have_no_bare_path(client):
    assert client.get(BARE_PATH).status_code == 404
    assert client.get(BARE_VIEW_PATH).status_code == 404


def test_wrk_output_is_read_with_its_units():
    result = parse_wrk(WRK_BARE)
    assert result.requests == 1714
    assert result.seconds == pytest.approx(1.01)
    assert result.requests_per_second == pytest.approx(1690.57)
    assert result.p50_ms == pytest.approx(0.238)
    assert result.p99_ms == pytest.approx(8.44)
    assert (result.non_2xx_3xx, result.socket_errors) == (0, 0)


def test_wrk_failures_are_counted():
    result = parse_wrk(WRK_FAILING)
    assert result.p99_ms == pytest.approx(1070)
    assert result.non_2xx_3xx == 748
    assert result.socket_errors == 6


def test_wrk_output_without_results_is_an_error_not_a_zero():
    with pytest.raises(BenchmarkError, match="requests in"):
        parse_wrk("unable to connect to 127.0.0.1:1 Connection refused\n")


def test_the_table_gives_every_row_as_a_share_of_the_bare_rows():
    bare = parse_wrk(WRK_BARE)
    failing = parse_wrk(WRK_FAILING)
    table = format_table(
        [
            Measurement(Row("bare WSGI path", BARE_PATH), bare, 0.35),
            Measurement(Row("bare Django view", BARE_VIEW_PATH), failing, 0.7),
            Measurement(Row("missing page", "/missing"), failing, 1.4),
        ],
        title="Run title",
    )
    lines = table.splitlines()
    assert lines[0] == "Run title"
    header, rule, wsgi_line, view_line, failing_line = lines[2:]
    assert header.split("|")[3:6] == [" req/s ", " % of view ", " % of WSGI "]
    assert rule.startswith("|---") and rule.endswith(":|")
    assert [cell.strip() for cell in wsgi_line.split("|")[1:-1]] == [
        "bare WSGI path",
        f"`{BARE_PATH}`",
        "1691",
        "228.1",
        "100.0",
        "0.24",
        "8.44",
        "0.35",
        "200.0",
    ]
    assert [cell.strip() for cell in view_line.split("|")[1:-1]][3:5] == ["100.0", "43.8"]
    cells = [cell.strip() for cell in failing_line.split("|")[1:-1]]
    assert cells[0] == "missing page (754 failed)"
    assert cells[2:5] == ["741", "100.0", "43.8"]
    assert cells[-2:] == ["1.40", "50.0"]
    assert len({len(line) for line in lines[2:]}) == 1  # the columns line up


def test_a_run_on_sqlite_serves_every_row_and_prints_the_table():
    """The real thing for about a second per row: scratch site, two gunicorns, wrk."""
    if shutil.which("wrk") is None:
        cannot_serve("no wrk on this machine: apt-get install wrk (the load benchmark uses it)")
    options = Options(seconds=1, connections=4, threads=1, workers=1, install_wrk=False)
    progress: list[str] = []
    table = run(options, environ=clean_environ(), progress=progress.append)
    print(table)
    assert "sqlite3, database cache" in table.splitlines()[0]
    rows = [line for line in table.splitlines() if line.startswith("| ")][1:]
    labels = [row.split("|")[1].strip() for row in rows]
    assert labels == [
        "bare WSGI path (benchmark only)",
        "bare Django view (benchmark only)",
        "static file (WhiteNoise)",
        "/healthz",
        "guide, rendered",
        "guide, page cache",
        "list /questions/, rendered",
        "list /questions/, page cache",
        "filtered list, rendered",
        "filtered list, page cache",
        "question page, visitor, rendered",
        "question page, visitor, page cache",
        "question page, signed in",
        "dashboard /me/, signed in",
    ]
    for row in rows:
        rate = row.split("|")[3].strip()
        assert re.fullmatch(r"\d+", rate) and int(rate) > 0, row
    assert progress[0].startswith("building the scratch site")
