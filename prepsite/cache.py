"""A Redis cache that serves without Redis while Redis is down.

Everything Prepsite keeps in the cache can be rebuilt: a public page renders again, the
content version starts again, a rate-limit counter starts again. So when Redis stops
answering, a cache operation answers as a miss instead of failing the request, and the
site keeps serving, uncached. Per process, the first failure logs one line (no
traceback); then Redis is left alone for ``RETRY_SECONDS`` so that a Redis that
accepts connections but never answers costs one timeout per interval, not one per
operation. The first operation that works again logs that the cache is back.

While Redis is down allauth's rate limits cannot count, and allauth then refuses the
limited actions (sign-in, sign-up, password reset answer 429: they fail closed, never
open), and an edit cannot bump the content version, so pages cached before the outage may be served for up to
``PUBLIC_CACHE_SECONDS`` after it ends. ``/readyz`` reports the outage (503).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0


@dataclass
class Outage:
    """Whether one cache server is taken to be down, shared by every thread of a process."""

    since: float | None = None
    retry_at: float = 0.0

    def skipping(self) -> bool:
        return self.since is not None and time.monotonic() < self.retry_at

    def failed(self, error: RedisError, location: str) -> None:
        now = time.monotonic()
        if self.since is None:
            self.since = now
            logger.warning(
                "Cache %s is not answering (%s: %s); serving without it, retrying every %.0f s",
                location,
                type(error).__name__,
                error,
                RETRY_SECONDS,
            )
        self.retry_at = now + RETRY_SECONDS

    def answered(self, location: str) -> None:
        if self.since is not None:
            logger.info("Cache %s answers again after %.0f s", location, time.monotonic() - self.since)
            self.since = None


OUTAGES: dict[str, Outage] = {}
MISSING = object()


class ClientPerPool(RedisCacheClient):
    """Django's Redis client, keeping one ``redis.Redis`` per connection pool.

    Django builds a new ``redis.Redis`` for every cache operation, and building one
    fills its table of reply parsers: about 0.15 ms of CPU, several times what the
    operation itself costs. The client holds no state but its pool, which hands each
    thread a connection of its own, so one per pool serves every thread; redis-py's pool
    notices a fork and opens new connections in the child.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class TolerantRedisCache(RedisCache):
    """Django's RedisCache, where a Redis error is a cache miss (see the module docstring)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ClientPerPool
        self._location = ",".join(_without_password(url) for url in self._servers)
        self._outage = OUTAGES.setdefault(self._location, Outage())

    def _guarded(self, fallback, operation, *args):
        if self._outage.skipping():
            return fallback
        try:
            result = operation(*args)
        except RedisError as error:
            self._outage.failed(error, self._location)
            return fallback
        self._outage.answered(self._location)
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._guarded(default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._guarded(False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._guarded({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._guarded(False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        result = self._guarded(MISSING, super().incr, key, delta, version)
        if result is MISSING:
            raise ValueError(f"Key '{key}' not found: the cache is not answering.")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._guarded(None, super().delete_many, keys, version)

    def clear(self):
        return self._guarded(False, super().clear)


def _without_password(url: str) -> str:
    """A server's address as it may appear in a log: ``redis://:secret@host`` loses the secret."""
    parts = urlsplit(url.strip())
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname or ''}{port}{parts.path}"
