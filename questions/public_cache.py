"""Caching of public pages, invalidated whenever content changes.

Anonymous visitors' GET responses are kept in the cache under a key that includes a
*content version*. Any change to guide content bumps that version (signals for admin
edits, the pack import explicitly), so every cached page is stale at once without
having to know which pages a change touched. The same version makes the ETag, so a
browser revalidating an unchanged page gets a 304 and no body.

Pay data lives in another app; it calls :func:`content_changed` too.
"""

import hashlib
from collections.abc import Callable, Iterable
from functools import partial, wraps
from typing import TypeVar
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers

VERSION_KEY = "prepsite:content-version"
T = TypeVar("T")


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def content_cached(name: str, compute: Callable[[], T]) -> T:
    """``compute()``, kept in the cache under the content version: a read that scans much
    of the catalogue runs once per content change (and per process cache miss), not once
    per request, and any change shows at once. ``compute`` must not return None."""
    key = f"prepsite:content:{content_version()}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, settings.PUBLIC_CACHE_SECONDS)
    return value


def content_changed(**_kwargs) -> None:
    """Make every cached public page stale (callable as a signal receiver)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def _page_key(digest: str) -> str:
    return f"prepsite:page:{digest}"


def wants_fragment(request: HttpRequest) -> bool:
    """An htmx request for part of a page; htmx restoring history wants the whole page."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def _is_personal(request: HttpRequest) -> bool:
    """Whether this request may get a page meant for this visitor only.

    Signed-in users see their own state; a visitor with a pending flash message
    ("You have signed out.") must see it, and nobody else may.
    """
    if request.user.is_authenticated or "messages" in request.COOKIES:
        return True
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return bool(request.session.get("_messages"))
    return False


def _belongs_to_one_visitor(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether rendering touched per-visitor state that middleware will turn into cookies.

    Session, messages and CSRF cookies are set by middleware after the view returns, so
    the response itself does not show them yet; the request does.
    """
    messages = getattr(request, "_messages", None)
    return bool(
        response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or getattr(getattr(request, "session", None), "modified", False)
        or (messages is not None and messages.used)
    )


def _read_query(request: HttpRequest, reads: Iterable[str] | Callable[[], Iterable[str]]) -> str:
    """The query parameters a page reads, in a fixed order, each with the value it reads.

    A page reads ``request.GET[name]`` (the last value), so that is all the key keeps:
    parameters the page ignores, repeats and their order cannot make new cache entries.
    """
    names = reads() if callable(reads) else reads
    return urlencode([(name, request.GET[name]) for name in names if name in request.GET])


def public_page(
    view: Callable[..., HttpResponse] | None = None,
    *,
    reads: Iterable[str] | Callable[[], Iterable[str]] = (),
) -> Callable[..., HttpResponse]:
    """Cache a public page for anonymous visitors and answer conditional requests.

    Personal responses (signed-in users, pending messages) are always fresh and marked
    private. The key holds the content version, scheme, host, path, the query
    parameters the page ``reads`` (names, or a function giving them) and whether it is
    an htmx request, so one site name or one variant never answers for another.
    """
    if view is None:
        return partial(public_page, reads=reads)

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in {"GET", "HEAD"} or _is_personal(request):
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_cache=True)
            return response
        variant = "htmx" if wants_fragment(request) else "page"
        version = content_version()
        address = f"{request.scheme}://{request.get_host()}{request.path}?{_read_query(request, reads)}"
        digest = hashlib.sha256(f"{version}|{variant}|{address}".encode()).hexdigest()[:32]
        etag = f'"{digest}"'
        if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
            response = HttpResponseNotModified()
            response["ETag"] = etag
            return response
        key = _page_key(digest)
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or _belongs_to_one_visitor(request, response):
                patch_cache_control(response, private=True, no_cache=True)
                return response
            if hasattr(response, "render") and callable(response.render):
                response.render()
            response["ETag"] = etag
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
            patch_vary_headers(response, ["HX-Request", "Cookie"])
            cache.set(key, response, settings.PUBLIC_CACHE_SECONDS)
        return response

    return wrapper


def cached_page_forget(response: HttpResponse) -> None:
    """Drop the cached copy of a public page's response (found by its ETag), so the next
    request renders it again: for benchmarks and tests that measure rendering."""
    etag = response.get("ETag", "")
    if etag:
        cache.delete(_page_key(etag.strip('"')))
