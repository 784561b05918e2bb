"""The load benchmark's WSGI application: Prepsite, plus one bare path answered before Django.

``manage.py bench_load`` serves this module with gunicorn instead of ``prepsite.wsgi``,
so the same processes that serve the pages also answer ``BARE_PATH`` with nothing but
WSGI: that row is what gunicorn, the socket and wrk cost on this machine, and every
other row is a share of it. The path exists only in the benchmark's own servers; the
product's URLs never have it.
"""

from prepsite.loadbench import BARE_PATH
from prepsite.wsgi import application as prepsite_application

BARE_BODY = b"ok\n"
BARE_HEADERS = [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(BARE_BODY)))]


def application(environ, start_response):
    if environ.get("PATH_INFO") == BARE_PATH:
        start_response("200 OK", list(BARE_HEADERS))
        return [BARE_BODY]
    return prepsite_application(environ, start_response)
