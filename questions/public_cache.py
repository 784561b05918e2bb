"""Caching of public pages, invalidated whenever content changes.

Anonymous visitors' GET responses are kept in the cache under a key that includes a
*content version*. Any change to guide content bumps that version (signals for admin
edits, the pack import explicitly), so every cached page is stale at once without
having to know which pages a change touched. The same version makes the ETag, so a
browser revalidating an unchanged page gets a 304 and no body.

Pay data lives in another app; it calls :func:`content_changed` too.
"""

import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers

VERSION_KEY = "prepsite:content-version"


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def content_changed(**_kwargs) -> None:
    """Make every cached public page stale (callable as a signal receiver)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Cache a public page for anonymous visitors and answer conditional requests.

    Signed-in users always get a fresh page (it may show their own state), so the
    cache is bypassed for them and their responses are marked private.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in {"GET", "HEAD"} or request.user.is_authenticated:
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_cache=True)
            return response
        variant = "htmx" if request.headers.get("HX-Request") else "page"
        version = content_version()
        digest = hashlib.sha256(f"{version}|{variant}|{request.get_full_path()}".encode()).hexdigest()[:32]
        etag = f'"{digest}"'
        if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
            response = HttpResponseNotModified()
            response["ETag"] = etag
            return response
        key = f"prepsite:page:{digest}"
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            # A response that sets a cookie (a CSRF token, say) belongs to one visitor only.
            if response.status_code == 200 and not response.cookies:
                if hasattr(response, "render") and callable(response.render):
                    response.render()
                response["ETag"] = etag
                patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
                patch_vary_headers(response, ["HX-Request", "Cookie"])
                cache.set(key, response, settings.PUBLIC_CACHE_SECONDS)
        return response

    return wrapper
