"""Fixed-window rate limits for our own actions, counted in the shared cache.

allauth limits its own views (sign-in, sign-up, password reset). Everything else that
needs a limit (contributions, the public API) asks here, so a limit is counted the same
way everywhere: in the cache every process shares (Redis in production, else the
database cache), never in one process's memory.

A window is a fixed slice of time (``period`` seconds); ``limit`` hits fit in it. When
the cache cannot count (Redis down, see ``prepsite.cache``) a limit fails closed by
default, like allauth's: a write that cannot be counted is refused. A read-only caller
may pass ``fail_open=True`` instead, so that a cache outage does not take it down.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class Limit:
    """``limit`` hits per ``period`` seconds for one action."""

    action: str
    limit: int
    period: int


def client_address(request) -> str:
    """The client's address as allauth sees it (it honours ALLAUTH_TRUSTED_PROXY_COUNT)."""
    from allauth.account.adapter import get_adapter

    return get_adapter(request).get_client_ip(request) or "unknown"


def consume(rule: Limit, key: str, *, fail_open: bool = False) -> int | None:
    """Count one hit of ``rule`` for ``key``.

    Returns ``None`` when the hit is allowed, otherwise the whole seconds until the
    current window ends (the value for a ``Retry-After`` header).
    """
    now = time.time()
    window = int(now // rule.period)
    retry_after = max(1, math.ceil((window + 1) * rule.period - now))
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    cache_key = f"ratelimit:{rule.action}:{digest}:{window}"
    # add() creates the counter only once per window; it expires with the window.
    cache.add(cache_key, 0, timeout=rule.period + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # the cache could not count (or lost the key in between)
        return None if fail_open else retry_after
    return None if count <= rule.limit else retry_after
