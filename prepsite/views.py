"""Project-wide pages: health checks, robots.txt, the error pages and the admin Markdown preview."""

import secrets

from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, connection
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseForbidden, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from prepsite.markdown import render_markdown
from prepsite.seo import page_meta
from questions.public_cache import public_page

# What a database that is down, unreachable or gone away raises.
DatabaseErrors = (DatabaseError, InterfaceError)


@never_cache
@require_safe
def healthz(request):
    """200 while the process can answer at all; it touches neither database nor cache.

    For a process supervisor deciding whether to restart a worker. Whether the site
    can serve is ``readyz``'s question.
    """
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseErrors:
        return False
    return True


def _cache_answers() -> bool:
    """A value written to the cache reads back (an unanswered read is a miss, see prepsite.cache)."""
    token = secrets.token_hex(8)
    key = f"prepsite:readyz:{token}"
    try:
        cache.set(key, token, timeout=10)
        answered = cache.get(key) == token
        cache.delete(key)
    except DatabaseErrors:  # the database cache, when the database is down
        return False
    return answered


@never_cache
@require_safe
def readyz(request):
    """200 when the database and the cache both answer, else 503: for load balancers.

    Both give up quickly (the connect timeouts in settings), and the body is a short
    plain-text list, never a traceback.
    """
    checks = {"database": _database_answers(), "cache": _cache_answers()}
    body = "".join(f"{name}: {'ok' if ok else 'unavailable'}\n" for name, ok in checks.items())
    return HttpResponse(body, content_type="text/plain; charset=utf-8", status=200 if all(checks.values()) else 503)


@require_safe
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /me/", "Disallow: /practice/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain")


def page_not_found(request, exception):
    if request.path.startswith("/api/"):  # an address no API endpoint has: JSON, like every API error
        return JsonResponse({"detail": "Not found: no API endpoint has this address.", "errors": []}, status=404)
    return render(request, "404.html", status=404)


MARKDOWN_PREVIEW_MAX_CHARS = 200_000


@require_POST
def markdown_preview(request):
    """Render Markdown exactly as a page would, for the admin editors; staff only.

    The field to render is the one that triggered the request (htmx's
    ``HX-Trigger-Name``), or ``source`` for a plain POST.
    """
    if not (request.user.is_active and request.user.is_staff):
        return HttpResponseForbidden("Only staff can preview Markdown.")
    field = request.headers.get("HX-Trigger-Name") or "source"
    source = request.POST.get(field, "")
    if len(source) > MARKDOWN_PREVIEW_MAX_CHARS:
        return HttpResponseBadRequest(f"Too long to preview: at most {MARKDOWN_PREVIEW_MAX_CHARS} characters.")
    return render(request, "prepsite/_markdown_preview.html", {"html": render_markdown(source)})


@require_safe
@public_page
def privacy(request):
    """What Prepsite keeps, what it shows, and what candidates can do about it."""
    seo = page_meta(
        request,
        title="Privacy: what Prepsite keeps and shows | Prepsite",
        description="What Prepsite collects, what becomes public, how contributions are moderated and kept "
        "anonymous, and how to export or delete your data.",
        trail=[("Home", reverse("questions:home")), ("Privacy", reverse("privacy"))],
    )
    return render(request, "prepsite/privacy.html", {"seo": seo})
