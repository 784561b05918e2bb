"""Request checks that hold for every page, the answer when the database is down, and the
cheap front of the middleware stack: the site's CSP header built once, ``/healthz`` answered
before sessions and users exist.
"""

import logging

from csp.constants import HEADER as CSP_HEADER
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)

#: What the database raises when it is down or unreachable (the 503 below).
DATABASE_DOWN = (OperationalError, InterfaceError)
HEALTH_PATH = "/healthz"


def null_character_message(request: HttpRequest) -> str | None:
    """Why the request is refused if its query string or form holds a NUL character, else None."""
    for params in (request.GET, request.POST if request.method == "POST" else None):
        if params is None:
            continue
        for key, values in params.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return f"The value of “{key.replace(chr(0), '')[:40]}” holds a NUL character, which no page accepts."
    return None


class RejectNullCharactersMiddleware:
    """Answer 400 to a query string or form holding a NUL character.

    No page has a use for one, PostgreSQL cannot store one in a text column, and
    letting one through would turn a typo or a probe into a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        message = null_character_message(request)
        if message is not None:
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
        if not isinstance(exception, DATABASE_DOWN):
            return None
        return database_unavailable(request, exception)


def database_unavailable(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 503 page for a database that did not answer, and its one log line."""
    logger.warning("Database unavailable, answering 503 for %s: %s", request.path, exception)
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = "30"
    patch_cache_control(response, no_store=True)
    return response


_site_policy: dict[str, str] = {}


@receiver(setting_changed)
def _forget_site_policy(*, setting, **_kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _site_policy.clear()


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the site's policy built once instead of for every response.

    django-csp rebuilds the header from the settings on each response (about 50 µs,
    a large share of a cached page). The site's policy only changes with the settings, so
    a response that asks for nothing else gets the header built the first time. One that
    does — a view's ``@csp_update`` or ``@csp_exempt``, a template that used the nonce,
    a report-only policy, excluded prefixes, Django's debug pages — goes through django-csp
    unchanged.
    """

    PER_RESPONSE = (
        "_csp_config",
        "_csp_update",
        "_csp_replace",
        "_csp_exempt",
        "_csp_config_ro",
        "_csp_update_ro",
        "_csp_replace_ro",
        "_csp_exempt_ro",
    )

    def process_response(self, request, response):
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
        if (
            settings.DEBUG
            or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            or policy.get("EXCLUDE_URL_PREFIXES")
            or getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in self.PER_RESPONSE)
        ):
            return super().process_response(request, response)
        header = _site_policy.get(CSP_HEADER)
        if header is None:
            header = _site_policy[CSP_HEADER] = build_policy()
        if header and CSP_HEADER not in response:
            response[CSP_HEADER] = header
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


class HealthCheckMiddleware:
    """Answer ``/healthz`` before sessions, CSRF, users and URL routing run.

    A supervisor asks it every few seconds and it needs none of them; it sits after the
    middleware that set the security headers and the CSP, so the answer carries the same
    headers as before. An unknown ``Host`` is still refused (400), as on every page.
    """

    def __init__(self, get_response):
        from prepsite.views import healthz

        self.get_response = get_response
        self.healthz = healthz

    def __call__(self, request):
        if request.path_info == HEALTH_PATH:
            request.get_host()
            return self.healthz(request)
        return self.get_response(request)
