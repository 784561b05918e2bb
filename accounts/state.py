"""A version of each candidate's own data, and what is cached under it.

A signed-in page is never cached whole, but the parts drawn only from the candidate's
own rows (the dashboard's body, the header's due count) stay the same until those rows
change. Every service that writes a candidate's practice rows, review log, profile or
stories calls :func:`user_state_changed`, and so does the admin of those models; the
version changes at once and again when the transaction commits, so rows read before a
commit are never kept under the version after it. An entry holds the versions it was
built under, the user's and the content's (``questions.public_cache``), and is used only
while both are still the current ones.

A version starts at a random number (``questions.public_cache.version_start``), so a
version key that the cache dropped can never come back at a number an old entry still
holds. If the cache misses a change during an
outage, ``STATE_SECONDS`` bounds how long an entry built before it can be served.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from django.core.cache import cache
from django.db.models import Count, Min, Q
from django.utils import timezone

from accounts.models import Practice
from questions.public_cache import content_version_with, version_bump, version_start

T = TypeVar("T")
STATE_SECONDS = 15 * 60
ENTRY_FORMAT = 1  # bump when what an entry holds changes shape, so a deploy never reads the old shape


def _version_key(user_id: int) -> str:
    return f"prepsite:user-state:{user_id}"


def user_state_changed(user_id: int) -> None:
    """Make everything cached from this user's rows stale: at once and again on commit
    (``questions.public_cache.version_bump``)."""
    version_bump(_version_key(user_id))


def new_account_version(*, instance, created: bool, raw: bool = False, **_kwargs) -> None:
    """``post_save`` of the user model: a new account never matches entries kept for its id before."""
    if created and not raw:
        user_state_changed(instance.pk)


def cached_for_user(user_id: int, name: str, build: Callable[[], T], *, valid: Callable[[T], bool]) -> T:
    """What ``build`` returns for this user, kept until their data or the site's content
    changes, or ``valid`` says no.

    One cache round trip when the entry is current: both versions and the entry are read
    together. ``valid`` checks what the versions cannot know (the day, the clock); it gets
    what ``build`` returned. ``build`` runs after the versions are read, so what it reads
    is at least as new as what it is stored under.
    """
    version_key, entry_key = _version_key(user_id), f"prepsite:user-cache:{ENTRY_FORMAT}:{user_id}:{name}"
    content, found = content_version_with([version_key, entry_key])
    version = found.get(version_key)
    if version is None:
        version = version_start(version_key)
    stamp = (version, content)
    entry = found.get(entry_key)
    if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == stamp and valid(entry[1]):
        return entry[1]
    value = build()
    cache.set(entry_key, (stamp, value), STATE_SECONDS)
    return value


def due_count(user) -> int:
    """How many of the user's questions are due now: the number in the site header.

    Cached with the moment it next grows (the earliest due time still to come), so a
    signed-in page reads it from the cache until then or until the user's data changes;
    on a miss, one query finds both.
    """
    now = timezone.now()

    def build() -> tuple[int, datetime | None]:
        figures = (
            Practice.objects.filter(user=user)
            .scheduled()
            .aggregate(due_now=Count("pk", filter=Q(due__lte=now)), next_due=Min("due", filter=Q(due__gt=now)))
        )
        return figures["due_now"], figures["next_due"]

    count, next_due = cached_for_user(
        user.pk, "due-count", build, valid=lambda value: value[1] is None or now < value[1]
    )
    return count
