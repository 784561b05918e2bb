"""The load benchmark's WSGI application: Prepsite, plus two bare paths of its own.

``manage.py bench_load`` serves this module with gunicorn instead of ``prepsite.wsgi``,
so the processes that serve the pages also answer

- ``BARE_PATH`` with nothing but WSGI, before Django: what gunicorn, the socket and wrk
  cost on this machine;
- ``BARE_VIEW_PATH`` with a view that returns ``HttpResponse("ok")``, routed by Django
  through the site's whole middleware stack like every page: what any page of this site
  costs before its view does anything. The issue's targets are shares of this row.

Both exist only in the benchmark's own servers: its handler routes each request with this
module's URLconf (the bare view, then the site's own routes), while the settings, and so
the product's URLs, stay as they are.
"""

import os

import django
from django.core.handlers.wsgi import WSGIHandler
from django.http import HttpResponse
from django.urls import include, path

from prepsite.loadbench import BARE_PATH, BARE_VIEW_PATH

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prepsite.settings")
django.setup(set_prefix=False)

from prepsite.urls import handler404  # noqa: E402, F401 - the site's 404 page, for this URLconf too

BARE_BODY = b"ok\n"
BARE_HEADERS = [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(BARE_BODY)))]


def bare_view(request):
    return HttpResponse("ok")


urlpatterns = [
    path(BARE_VIEW_PATH.lstrip("/"), bare_view),
    path("", include("prepsite.urls")),
]


class BenchHandler(WSGIHandler):
    """Django's WSGI handler, routing with this module's URLconf (``request.urlconf``)."""

    def get_response(self, request):
        request.urlconf = __name__
        return super().get_response(request)


prepsite_application = BenchHandler()


def application(environ, start_response):
    if environ.get("PATH_INFO") == BARE_PATH:
        start_response("200 OK", list(BARE_HEADERS))
        return [BARE_BODY]
    return prepsite_application(environ, start_response)
