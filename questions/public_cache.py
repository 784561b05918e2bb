"""Caching of public pages, invalidated whenever content changes.

Anonymous visitors' GET responses are kept in the cache with the *content version*
they were rendered under. Any change to guide content bumps that version (signals for
admin edits, the pack import explicitly), so every cached page is stale at once without
having to know which pages a change touched. The same version makes the ETag, so a
browser revalidating an unchanged page gets a 304 and no body. A cache hit costs one
round trip (version and page together) and, for a visitor without a session, none of
the middleware below ``PublicPageCacheMiddleware``.

Pay data lives in another app; it calls :func:`content_changed` too.
"""

import hashlib
import pickle
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache, partial, wraps
from typing import TypeVar
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started, setting_changed
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, get_urlconf, resolve
from django.utils.cache import patch_cache_control, patch_vary_headers
from django_htmx.middleware import HtmxDetails

from prepsite.middleware import DATABASE_DOWN, database_unavailable, null_character_message

VERSION_KEY = "prepsite:content-version"
SAFE_METHODS = frozenset({"GET", "HEAD"})
MESSAGES_COOKIE = "messages"  # django.contrib.messages' cookie storage
T = TypeVar("T")


# The version a request read first, so the page cache, the header and the page's shared
# fragments ask the cache once per request and agree on one version. Outside a request
# (commands, tests calling in directly) it is read every time.
_request_version: ContextVar[int | None] = ContextVar("prepsite_content_version", default=None)
_in_request: ContextVar[bool] = ContextVar("prepsite_in_request", default=False)


def _request_begins(**_kwargs) -> None:
    _in_request.set(True)
    _request_version.set(None)


def _request_ends(**_kwargs) -> None:
    _in_request.set(False)
    _request_version.set(None)


request_started.connect(_request_begins, dispatch_uid="prepsite-content-version-begins")
request_finished.connect(_request_ends, dispatch_uid="prepsite-content-version-ends")


def version_start(key: str) -> int:
    """The version kept under ``key``, started if the cache has none.

    A version starts at a random number, so a cache that lost the key (evicted, restarted)
    can never count back to a version that old entries were stored under, in the cache or
    in a worker's own copies. The content version and each candidate's data version
    (``accounts.state``) are kept this way.
    """
    first = secrets.randbits(62)
    cache.add(key, first, timeout=None)
    return cache.get(key, first)


def version_bump(key: str, *, before: Callable[[], None] = lambda: None) -> None:
    """Move the version under ``key`` on: now, and again once the current transaction
    commits, since a reader in between may have kept what it read from before the commit
    under the new version. ``before`` runs ahead of each move."""

    def bump() -> None:
        before()
        try:
            cache.incr(key)
        except ValueError:  # no version yet, or the cache dropped it: start a new one
            cache.set(key, secrets.randbits(62), timeout=None)

    bump()
    transaction.on_commit(bump)


def content_version() -> int:
    version = _request_version.get()
    if version is not None:
        return version
    version = cache.get(VERSION_KEY)
    if version is None:
        version = version_start(VERSION_KEY)
    if _in_request.get():
        _request_version.set(version)
    return version


def content_version_with(keys: list[str]) -> tuple[int, dict]:
    """The content version and the entries of ``keys``, read in one cache round trip.

    For a cache entry that is valid only under the current version: asking for both at
    once saves a round trip, and the version read becomes the request's, as
    :func:`content_version` would make it.
    """
    known = _request_version.get()
    if known is not None:  # this request has read it already
        return known, cache.get_many(keys)
    found = cache.get_many([VERSION_KEY, *keys])
    version = found.pop(VERSION_KEY, None)
    if version is None:
        version = content_version()
    elif _in_request.get():
        _request_version.set(version)  # the header and fragments of this request agree with it
    return version, found


def content_changed(**_kwargs) -> None:
    """Make every cached public page stale (callable as a signal receiver), at once and
    again on commit (:func:`version_bump`); this request reads the new version afterwards."""
    version_bump(VERSION_KEY, before=lambda: _request_version.set(None))


class LocalCopies:
    """A worker's own copies of recent fragments, so a warm one costs no cache round trip.

    Keys hold the content version, which every request reads from the shared cache, so
    a copy is never served once the content has changed; copies also expire, within a
    minute, so one outlives its shared entry by a minute at most. Values are kept pickled
    and unpickled per use, so each request gets objects of its own, exactly as from the
    shared cache. Bounded in bytes, least recently used first out; a lock makes it safe for
    threaded servers.
    """

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str):
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry[0] < time.monotonic():
                self._drop(key)
                return None
            self._entries.move_to_end(key)
        return pickle.loads(entry[1])  # noqa: S301 - our own pickle, made in this process

    def put(self, key: str, value, seconds: float) -> None:
        data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        if len(data) > self.max_bytes // 8:
            return  # one entry may not push out most of the others
        with self._lock:
            if key in self._entries:
                self._drop(key)
            self._entries[key] = (time.monotonic() + seconds, data)
            self._bytes += len(data)
            while self._bytes > self.max_bytes:
                self._drop(next(iter(self._entries)))

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def _drop(self, key: str) -> None:
        _expires, data = self._entries.pop(key)
        self._bytes -= len(data)


local_copies = LocalCopies(max_bytes=16 * 1024 * 1024)
# A copy lives a minute at most: it may have been taken just before the shared entry
# expired, so this is how much longer than the shared entry it can outlive it.
LOCAL_SECONDS = 60


def content_fragment(name: str, build: Callable[[], T], *, keep: Callable[[T], bool] = lambda _value: True) -> T:
    """What ``build`` returns, kept in the cache under the content version.

    For the parts of a page that are the same for every reader (a guide's sections, a
    question's answer): signed-in readers, whose pages are never cached whole, then pay
    only for their own state. ``build`` must not read the request or the user; whatever
    it returns is shared by everyone until the content changes. ``keep`` decides whether
    a result may be shared at all (a curator's preview of a draft may not). The worker
    keeps its own copy too (``local_copies``), so a warm fragment is not fetched again.
    """
    key = f"prepsite:fragment:{content_version()}:{name}"
    value = local_copies.get(key)
    if value is not None:
        return value
    value = cache.get(key)
    if value is None:
        value = build()
        if not keep(value):
            return value
        cache.set(key, value, settings.PUBLIC_CACHE_SECONDS)
    local_copies.put(key, value, min(LOCAL_SECONDS, settings.PUBLIC_CACHE_SECONDS))
    return value


def wants_fragment(request: HttpRequest) -> bool:
    """An htmx request for part of a page; htmx restoring history wants the whole page."""
    htmx = getattr(request, "htmx", None)
    if htmx is None:  # before django-htmx's middleware ran: PublicPageCacheMiddleware
        htmx = HtmxDetails(request)
    return bool(htmx) and not htmx.history_restore_request


def _is_personal(request: HttpRequest) -> bool:
    """Whether this request may get a page meant for this visitor only.

    Signed-in users see their own state; a visitor with a pending flash message
    ("You have signed out.") must see it, and nobody else may.
    """
    if request.user.is_authenticated or MESSAGES_COOKIE in request.COOKIES:
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


@dataclass(frozen=True)
class _Lookup:
    """What one round trip to the cache told about a page: its key, ETag and stored copy."""

    key: str
    etag: str
    version: int
    stored: HttpResponse | None


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _look_up(request: HttpRequest, reads) -> _Lookup:
    """The content version and the page's entry, read together in one cache round trip.

    The key leaves the version out and the entry holds the version it was rendered
    under, so both are asked for at once; an entry from an older version is stale and
    is overwritten by the next render. The ETag still changes with the version.
    """
    variant = "htmx" if wants_fragment(request) else "page"
    address = f"{request.scheme}://{request.get_host()}{request.path}?{_read_query(request, reads)}"
    key = f"prepsite:page:{_digest(f'{variant}|{address}')}"
    if settings.PAGE_CACHE:
        version, found = content_version_with([key])
    else:
        version, found = content_version(), {}
    entry = found.get(key)
    fresh = isinstance(entry, tuple) and len(entry) == 2 and entry[0] == version
    return _Lookup(key, f'"{_digest(f"{version}|{variant}|{address}")}"', version, entry[1] if fresh else None)


def _not_modified(request: HttpRequest, etag: str) -> HttpResponse | None:
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
        response["ETag"] = etag
        return response
    return None


def public_page(
    view: Callable[..., HttpResponse] | None = None,
    *,
    reads: Iterable[str] | Callable[[], Iterable[str]] = (),
) -> Callable[..., HttpResponse]:
    """Cache a public page for anonymous visitors and answer conditional requests.

    Personal responses (signed-in users, pending messages) are always fresh and marked
    private. The key holds the scheme, host, path, the query parameters the page
    ``reads`` (names, or a function giving them) and whether it is an htmx request, so
    one site name or one variant never answers for another; the ETag also holds the
    content version. ``PublicPageCacheMiddleware`` serves a stored page before the rest
    of the stack runs, so decorators outside this one must let every GET and HEAD
    through (``require_safe``), as a cached page goes to every visitor anyway.
    """
    if view is None:
        return partial(public_page, reads=reads)

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in SAFE_METHODS or _is_personal(request):
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_cache=True)
            return response
        lookup = getattr(request, "_page_cache_lookup", None) or _look_up(request, reads)
        not_modified = _not_modified(request, lookup.etag)
        if not_modified is not None:
            return not_modified
        if lookup.stored is not None:
            return lookup.stored
        response = view(request, *args, **kwargs)
        if response.status_code != 200 or _belongs_to_one_visitor(request, response):
            patch_cache_control(response, private=True, no_cache=True)
            return response
        if hasattr(response, "render") and callable(response.render):
            response.render()
        response["ETag"] = lookup.etag
        if not response.streaming and not response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
        patch_vary_headers(response, ["HX-Request", "Cookie"])
        if settings.PAGE_CACHE:
            cache.set(lookup.key, (lookup.version, response), settings.PUBLIC_CACHE_SECONDS)
        return response

    wrapper.page_cache_reads = reads  # how PublicPageCacheMiddleware finds the page's key
    return wrapper


@lru_cache(maxsize=4096)
def _page_reads(urlconf, path: str):
    """What the page at ``path`` reads for its cache key, or None if it is not a public page.

    Routing is the same for a path every time, so it is resolved once; the bound keeps
    made-up paths from growing the table.
    """
    try:
        return getattr(resolve(path, urlconf).func, "page_cache_reads", None)
    except Resolver404:
        return None


@receiver(setting_changed)
def _forget_routes(*, setting, **_kwargs):
    if setting == "ROOT_URLCONF":
        _page_reads.cache_clear()


class PublicPageCacheMiddleware:
    """Serve a visitor's cached public page before sessions, CSRF, users and messages exist.

    A cached page is the same bytes for every visitor, so building a session, a user and
    a message store for it is wasted work, and on a cache hit that work was most of the
    request. A request qualifies when it is a GET or HEAD without a session or messages
    cookie (nothing personal can apply: the view would serve the cached copy too), and
    its path resolves to a ``public_page``. Anything else, a miss included, goes on down
    the stack, where the view renders the page with the lookup already made. It sits
    after the middleware that set security headers and the CSP, so a cached page gets
    the same headers; a query holding a NUL character is left to the stack's 400.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self._from_cache(request)
        return response if response is not None else self.get_response(request)

    def _from_cache(self, request: HttpRequest) -> HttpResponse | None:
        if request.method not in SAFE_METHODS or not settings.PAGE_CACHE:
            return None
        if settings.SESSION_COOKIE_NAME in request.COOKIES or MESSAGES_COOKIE in request.COOKIES:
            return None
        reads = _page_reads(get_urlconf(), request.path_info)
        if reads is None or null_character_message(request) is not None:
            return None
        try:
            lookup = _look_up(request, reads)
        except DATABASE_DOWN as error:  # the database cache, when the database is down
            return database_unavailable(request, error)
        not_modified = _not_modified(request, lookup.etag)
        if not_modified is not None:
            return not_modified
        if lookup.stored is None:
            request._page_cache_lookup = lookup
        return lookup.stored
