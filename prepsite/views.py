"""Project-wide pages: health check, robots.txt, the error pages and the admin Markdown preview."""

from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseForbidden, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from prepsite.markdown import render_markdown


@never_cache
@require_safe
def healthz(request):
    """200 when the database answers a query, 503 when it does not (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


@require_safe
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /me/", "Disallow: /practice/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain")


def page_not_found(request, exception):
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
