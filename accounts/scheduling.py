"""The review schedule: FSRS (the ``fsrs`` package) plus Prepsite's rules on top of it.

This is the only module that imports ``fsrs``. Everything here is a pure function of
(card state, rating, time, the candidate's schedule settings): no database, no clock,
so the rules are tested at their boundaries without either.

FSRS decides stability, difficulty, state, step and the raw next due time. Prepsite then
moves that due time, in this order:

1. never due again the same calendar day (in the candidate's time zone): FSRS's learning
   steps are minutes long, which suits flashcards; a spoken answer said again ten minutes
   later is recited, not recalled, so any due time today moves to the start of tomorrow;
2. nothing after the interview: a due day later than the day before the interview
   moves to that day, while there is still a day left to review on. Because every due
   time is clamped so, each practised question falls due at least once in the last
   seven days before the interview (an overdue question stays due until rated).

Only the *last* due time matters (FSRS reads the last review, never the due time), so
the rules are applied to the final state of a replay with the current settings. That is
why a change of interview date, time zone or retention replays the log again.

Fuzzing is off: the same log must always give the same state (``replay`` equals the
stored state), and a few questions a day do not need their load spread.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import fsrs

RETENTION_MIN = 0.80
RETENTION_MAX = 0.97
RETENTION_DEFAULT = 0.90
FINAL_WEEK_DAYS = 7

#: Card states as stored (``fsrs.State`` plus "new": a question never rated).
NEW, LEARNING, REVIEW, RELEARNING = 0, int(fsrs.State.Learning), int(fsrs.State.Review), int(fsrs.State.Relearning)
STATE_CHOICES = [(NEW, "New"), (LEARNING, "Learning"), (REVIEW, "Review"), (RELEARNING, "Relearning")]

_RATINGS = {
    "again": fsrs.Rating.Again,
    "hard": fsrs.Rating.Hard,
    "good": fsrs.Rating.Good,
    "easy": fsrs.Rating.Easy,
}


@dataclass(frozen=True)
class CardState:
    """What the ``Practice`` row stores about one question's schedule."""

    state: int = NEW
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None
    last_review: datetime | None = None


@dataclass(frozen=True)
class ScheduleSettings:
    """The candidate's settings the schedule depends on (from their profile)."""

    zone: ZoneInfo = ZoneInfo("UTC")
    interview_date: date | None = None
    desired_retention: float = RETENTION_DEFAULT


def zone_of(profile) -> ZoneInfo:
    """The candidate's zone from their profile (anything with ``time_zone``), or UTC without one."""
    return zone_named(profile.time_zone if profile is not None else None)


def zone_named(name: str | None) -> ZoneInfo:
    """The zone called ``name``, or UTC if there is no such zone (or no name)."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def check_retention(value: float) -> None:
    if not RETENTION_MIN <= value <= RETENTION_MAX:
        raise ValueError(
            f"Desired retention must be between {RETENTION_MIN:.2f} and {RETENTION_MAX:.2f}; {value:.2f} is not."
        )


@lru_cache(maxsize=32)
def _scheduler(desired_retention: float) -> fsrs.Scheduler:
    check_retention(desired_retention)
    return fsrs.Scheduler(desired_retention=desired_retention, enable_fuzzing=False)


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("review times must be timezone-aware")
    return moment.astimezone(UTC)


def start_of_day(day: date, zone: ZoneInfo) -> datetime:
    """The first instant of ``day`` in ``zone``, in UTC."""
    return datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC)


def local_day(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def apply_rules(due: datetime, *, reviewed_at: datetime, settings: ScheduleSettings) -> datetime:
    """FSRS's due time moved by Prepsite's rules (same day, interview date); see the module docstring."""
    zone = settings.zone
    review_day = local_day(reviewed_at, zone)
    tomorrow = start_of_day(review_day + timedelta(days=1), zone)
    due = max(_utc(due), tomorrow)
    if settings.interview_date is not None:
        last_day = settings.interview_date - timedelta(days=1)
        if last_day > review_day and local_day(due, zone) > last_day:
            due = start_of_day(last_day, zone)
    return due


def _to_fsrs(card: CardState) -> fsrs.Card:
    if card.state == NEW:
        return fsrs.Card(card_id=1)
    return fsrs.Card(
        card_id=1,
        state=fsrs.State(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=_utc(card.due) if card.due else None,
        last_review=_utc(card.last_review) if card.last_review else None,
    )


def review_raw(card: CardState, rating: str, *, reviewed_at: datetime, settings: ScheduleSettings) -> CardState:
    """One rating through FSRS alone: the due time is FSRS's, before Prepsite's rules."""
    if rating not in _RATINGS:
        raise ValueError(f"{rating!r} is not a rating")
    reviewed_at = _utc(reviewed_at)
    result, _log = _scheduler(settings.desired_retention).review_card(
        _to_fsrs(card), _RATINGS[rating], review_datetime=reviewed_at
    )
    return CardState(
        state=int(result.state),
        step=result.step,
        stability=result.stability,
        difficulty=result.difficulty,
        due=result.due,
        last_review=result.last_review,
    )


def review(card: CardState, rating: str, *, reviewed_at: datetime, settings: ScheduleSettings) -> CardState:
    """The card's state after one rating: FSRS, then the same-day and interview rules."""
    raw = review_raw(card, rating, reviewed_at=reviewed_at, settings=settings)
    return replace(raw, due=apply_rules(raw.due, reviewed_at=reviewed_at, settings=settings))


def replay(ratings: Iterable[tuple[str, datetime]], *, settings: ScheduleSettings) -> CardState:
    """The state a card reaches from a log of (rating, time) pairs, oldest first."""
    card = CardState()
    for rating, reviewed_at in ratings:
        card = review(card, rating, reviewed_at=reviewed_at, settings=settings)
    return card


def replay_each(rows: Iterable[tuple[int, str, datetime]], *, settings: ScheduleSettings) -> dict[int, CardState]:
    """Replay many cards at once from (card key, rating, time) rows in time order."""
    cards: dict[int, CardState] = {}
    for key, rating, reviewed_at in rows:
        cards[key] = review(cards.get(key, CardState()), rating, reviewed_at=reviewed_at, settings=settings)
    return cards


def due_label(due: datetime | None, *, now: datetime, zone: ZoneInfo) -> str:
    """ "Due now", "Due tomorrow", "Due in 3 days": counted in calendar days in ``zone``."""
    if due is None:
        return ""
    if due <= now:
        return "Due now"
    days = (local_day(due, zone) - local_day(now, zone)).days
    if days <= 0:
        return "Due later today"
    if days == 1:
        return "Due tomorrow"
    return f"Due in {days} days"
