"""Every write to the dated plan: keyword-only functions, each in one transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from accounts import scheduling
from accounts.models import Profile
from accounts.plan.layout import PlannedTask
from accounts.plan.models import PlanTask
from accounts.services import profile_update

DEFAULT_WEEKS = 4
#: What the layout decides about a task (``PlannedTask`` and ``PlanTask`` share these names).
_PLACED_FIELDS = ("kind", "title", "day", "tip_id", "catch_up")


def _differs(row: PlanTask, task: PlannedTask, *, interview_date: date) -> bool:
    return row.interview_date != interview_date or any(
        getattr(row, name) != getattr(task, name) for name in _PLACED_FIELDS
    )


def _keeps_its_day(row: PlanTask, *, today: date, interview_date: date) -> bool:
    """Ticked tasks, and unticked ones whose day has passed (shown today as moved), stay put
    while the interview date is the one they were planned for; a new date re-places them all."""
    return row.interview_date == interview_date and (row.done_at is not None or row.day < today)


def _is_history(row: PlanTask, *, today: date) -> bool:
    return row.done_at is not None and row.day < today


@transaction.atomic
def plan_sync(
    *, user, planned: Iterable[PlannedTask], interview_date: date, today: date, now: datetime | None = None
) -> list[PlanTask]:
    """Store the laid-out tasks under their keys and return all the user's rows (with their tips).

    Ticks are kept for every key that is still planned; keys no longer planned are
    deleted, except ticked tasks of past days (what the candidate did). A missed
    review session is deleted too: its questions are overdue, so today's session
    counts them. Nothing is written when the stored plan is already up to date.
    Two requests syncing at once write the same rows; the unique key keeps one copy.
    """
    now = now or timezone.now()
    rows = {row.key: row for row in user.plan_tasks.select_related("tip")}
    planned = list(planned)
    wanted = {task.key for task in planned}
    created, changed = [], []
    for task in planned:
        row = rows.get(task.key)
        if row is None:
            placed = {name: getattr(task, name) for name in _PLACED_FIELDS}
            created.append(PlanTask(user=user, key=task.key, interview_date=interview_date, updated_at=now, **placed))
        elif not _keeps_its_day(row, today=today, interview_date=interview_date) and _differs(
            row, task, interview_date=interview_date
        ):
            if (row.day, row.title) != (task.day, task.title):
                row.sequence += 1
            for name in _PLACED_FIELDS:
                setattr(row, name, getattr(task, name))
            row.interview_date, row.updated_at = interview_date, now
            changed.append(row)
    stale = [row.pk for key, row in rows.items() if key not in wanted and not _is_history(row, today=today)]
    if stale:
        PlanTask.objects.filter(user=user, pk__in=stale).delete()
    if changed:
        PlanTask.objects.bulk_update(changed, [*_PLACED_FIELDS, "interview_date", "sequence", "updated_at"])
    if created:
        PlanTask.objects.bulk_create(created, ignore_conflicts=True)
        return list(user.plan_tasks.select_related("tip"))
    return [row for row in rows.values() if row.pk not in stale]


@transaction.atomic
def plan_task_set_done(*, task: PlanTask, done: bool, now: datetime | None = None) -> PlanTask:
    """Tick or untick a task; asking for the state it already has changes nothing (a double post is harmless)."""
    task = PlanTask.objects.select_for_update().get(pk=task.pk)
    if done and task.done_at is None:
        task.done_at = now or timezone.now()
    elif not done and task.done_at is not None:
        task.done_at = None
    else:
        return task
    task.updated_at = now or timezone.now()
    task.save(update_fields=["done_at", "updated_at"])
    return task


@transaction.atomic
def plan_default_date_set(*, user, now: datetime | None = None) -> Profile | None:
    """Set the interview date four weeks from today (the user's today) if none is set or it has passed.

    Goes through ``profile_update``, so the review schedule is replayed for the new
    date as for any profile change. Returns ``None`` and changes nothing when a date
    still to come is already set.
    """
    profile = Profile.objects.select_for_update().filter(user=user).first()
    zone = scheduling.zone_of(profile)
    today = scheduling.local_day(now or timezone.now(), zone)
    if profile is not None and profile.interview_date is not None and profile.interview_date >= today:
        return None
    return profile_update(
        user=user,
        target_role=profile.target_role if profile else None,
        interview_date=today + timedelta(weeks=DEFAULT_WEEKS),
        experience_level=profile.experience_level if profile else "",
        time_zone=profile.time_zone if profile else "UTC",
    )
