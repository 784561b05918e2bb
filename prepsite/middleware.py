"""Request checks that hold for every page, and the answer when the database is down."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)


class RejectNullCharactersMiddleware:
    """Answer 400 to a query string or form holding a NUL character.

    No page has a use for one, PostgreSQL cannot store one in a text column, and
    letting one through would turn a typo or a probe into a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for params in (request.GET, request.POST if request.method == "POST" else None):
            if params is None:
                continue
            for key, values in params.lists():
                if "\x00" in key or any("\x00" in value for value in values):
                    message = (
                        f"The value of “{key.replace(chr(0), '')[:40]}” holds a NUL character, which no page accepts."
                    )
                    if request.path.startswith("/api/"):  # the API answers in JSON, errors too
                        return JsonResponse({"detail": message, "errors": []}, status=400)
                    return render(request, "400.html", {"message": message}, status=400)
        return self.get_response(request)


class NoStoreForSignedInMiddleware:
    """Forbid any cache, the browser's included, to keep a response for a signed-in user.

    Their pages hold private notes, progress and addresses; ``no-store`` keeps them out of
    shared caches and off the disk of a shared computer after signing out. A request
    that signs in or out counts too: its response was decided with someone's session.
    Public pages for visitors keep the caching ``questions.public_cache`` gives them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        signed_in = request.user.is_authenticated
        response = self.get_response(request)
        if signed_in or request.user.is_authenticated:
            response["Cache-Control"] = "private, no-store"
        return response


class DatabaseUnavailableMiddleware:
    """Answer a short 503 page when the database is down or unreachable.

    The page is rendered without the request, so it needs neither session nor user,
    which would ask the database again; the error is logged as one line, since a
    traceback per request says nothing more during an outage.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.warning("Database unavailable, answering 503 for %s: %s", request.path, exception)
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        patch_cache_control(response, no_store=True)
        return response
