"""Reads of the dated plan that its page, its calendar file and the export share.

``plan_inputs_for`` reads what the layout needs (profile, the guide's tips and
checklist, the due forecast) in a fixed number of queries; ``plan_days`` arranges the
stored tasks by the day they are shown on, without queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils import timezone

from accounts import scheduling
from accounts.models import Profile
from accounts.plan.layout import KIND_ORDER, PlannedTask, plan_build
from accounts.plan.models import PlanTask
from accounts.review_selectors import due_counts_by_day
from questions.models import ChecklistItem, PrepTip


@dataclass
class PlanInputs:
    profile: Profile | None
    today: date
    tips: list[PrepTip] = field(default_factory=list)
    checklist: list[ChecklistItem] = field(default_factory=list)
    due_counts: dict[date, int] = field(default_factory=dict)

    @property
    def interview_date(self) -> date | None:
        return self.profile.interview_date if self.profile else None

    @property
    def has_plan(self) -> bool:
        return self.interview_date is not None and self.interview_date >= self.today

    def layout(self) -> list[PlannedTask]:
        if not self.has_plan:
            return []
        return plan_build(
            today=self.today,
            interview_date=self.interview_date,
            tips=self.tips,
            due_counts=self.due_counts,
            new_per_day=self.profile.new_per_day if self.profile.target_role_id else 0,
        )


def plan_inputs_for(user, *, now: datetime | None = None) -> PlanInputs:
    """Profile, then (with a date to come) due counts, and (with a guide) its tips and checklist."""
    profile = Profile.objects.select_related("target_role").filter(user=user).first()
    zone = scheduling.zone_of(profile)
    inputs = PlanInputs(profile=profile, today=scheduling.local_day(now or timezone.now(), zone))
    if not inputs.has_plan:
        return inputs
    days = (inputs.interview_date - inputs.today).days + 1
    inputs.due_counts = due_counts_by_day(user, zone=zone, today=inputs.today, days=days)
    if profile.target_role_id is not None:
        inputs.tips = list(PrepTip.objects.filter(role_id=profile.target_role_id))
        inputs.checklist = list(ChecklistItem.objects.filter(role_id=profile.target_role_id))
    return inputs


@dataclass
class ShownTask:
    """A stored task on the day it is shown: an unticked task of a past day shows today."""

    task: PlanTask
    day: date
    moved_from: date | None = None


@dataclass
class PlanDay:
    day: date
    tasks: list[ShownTask]
    is_today: bool = False
    is_light: bool = False
    is_interview: bool = False


def shown_tasks(tasks: list[PlanTask], *, today: date) -> list[ShownTask]:
    """The tasks the plan shows, in day order: ticked tasks of past days are left out."""
    shown = []
    for task in tasks:
        if task.day >= today:
            shown.append(ShownTask(task, task.day))
        elif not task.done:
            shown.append(ShownTask(task, today, moved_from=task.day))
    # moved tasks first on their day, then the layout's order
    return sorted(shown, key=lambda item: (item.day, not item.moved_from, KIND_ORDER[item.task.kind], item.task.key))


def plan_days(tasks: list[PlanTask], *, today: date, interview_date: date) -> list[PlanDay]:
    """One entry per day that has a task, from today to the interview."""
    by_day: dict[date, PlanDay] = {}
    light_day = interview_date - timedelta(days=1)
    for item in shown_tasks(tasks, today=today):
        if item.day not in by_day:
            by_day[item.day] = PlanDay(
                item.day,
                [],
                is_today=item.day == today,
                is_light=item.day == light_day,
                is_interview=item.day == interview_date,
            )
        by_day[item.day].tasks.append(item)
    return list(by_day.values())


def plan_export(user) -> list[dict]:
    """Every stored task as plain data (one query)."""
    return [
        {
            "key": task.key,
            "kind": task.kind,
            "title": task.title,
            "day": task.day,
            "interview_date": task.interview_date,
            "done_at": task.done_at,
        }
        for task in user.plan_tasks.order_by("day", "key")
    ]
