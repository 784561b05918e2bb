"""Where each task of the plan falls: a pure function of dates, tips and due counts.

No database here, so the rules are tested day by day without fixtures:
- the interview day, and the light day before it (a short review and the checklist;
  only tips meant for that very day, such as testing one's setup, land on it);
- each preparation tip on a day of its window (``days_before_max`` to
  ``days_before_min`` days before), clamped to today and to the day before; tips
  sharing days are spread (fewest tips first, then nearest the window's middle). A tip
  whose window has passed is a "catch up" task today, or dropped when today is
  already the light day or the interview;
- a review session each day until the light day, sized from the due forecast (or new
  questions to start when nothing is due);
- up to three mocks over the last fortnight, none on the light day: fewer when it is close (one mock two days before).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from accounts.plan.models import TaskKind

MOCK_WINDOW_DAYS = 14
LIGHT_REVIEW_MAX = 10
#: Order of tasks within a day.
KIND_ORDER = {TaskKind.INTERVIEW: 0, TaskKind.MOCK: 1, TaskKind.TIP: 2, TaskKind.REVIEW: 3, TaskKind.REST: 4}


class TipLike(Protocol):
    pk: int
    title: str
    days_before_min: int
    days_before_max: int
    order: int


@dataclass(frozen=True)
class PlannedTask:
    key: str
    kind: str
    title: str
    day: date
    tip_id: int | None = None
    catch_up: bool = False

    @property
    def sort_key(self) -> tuple:
        return (self.day, KIND_ORDER[self.kind], self.key)


def _questions(count: int) -> str:
    return f"{count} due question{'s' if count != 1 else ''}"


def mock_days(*, today: date, interview_date: date) -> list[date]:
    """The mocks' days: three when nine or more days of the fortnight are left, two from four, else one.

    The first is on the first of those days (a baseline), the others evenly after it;
    the last is never later than two days before the interview.
    """
    first = max(today, interview_date - timedelta(days=MOCK_WINDOW_DAYS))
    last = interview_date - timedelta(days=2)
    available = (last - first).days + 1
    if available < 1:
        return []
    count = 3 if available >= 9 else 2 if available >= 4 else 1
    if count == 1:
        return [last]
    spacing = (available - 1) // (count - 1)
    return [first + timedelta(days=spacing * index) for index in range(count)]


def _tip_tasks(tips: Iterable[TipLike], *, today: date, interview_date: date) -> list[PlannedTask]:
    light_day = interview_date - timedelta(days=1)
    windows = []
    for tip in tips:
        start = max(today, interview_date - timedelta(days=tip.days_before_max))
        end = min(light_day, interview_date - timedelta(days=tip.days_before_min))
        windows.append((tip, start, end))
    load: dict[date, int] = {}
    tasks = []
    for tip, start, end in sorted(windows, key=lambda item: (item[2], item[1], item[0].order, item[0].pk)):
        if end < today:
            if today >= light_day:
                continue  # the light day and the interview day stay light
            day, catch_up = today, True
        else:
            days = [start + timedelta(days=offset) for offset in range((end - start).days + 1)]
            if len(days) > 1 and days[-1] == light_day:
                days.pop()
            middle = (start.toordinal() + end.toordinal()) / 2
            day = min(days, key=lambda when: (load.get(when, 0), abs(when.toordinal() - middle), when))
            catch_up = False
        load[day] = load.get(day, 0) + 1
        tasks.append(PlannedTask(f"tip-{tip.pk}", TaskKind.TIP, tip.title, day, tip_id=tip.pk, catch_up=catch_up))
    return tasks


def plan_build(
    *,
    today: date,
    interview_date: date,
    tips: Iterable[TipLike],
    due_counts: Mapping[date, int],
    new_per_day: int = 0,
) -> list[PlannedTask]:
    """Every task from ``today`` to the interview, in day order; empty if the interview has passed."""
    if interview_date < today:
        return []
    tasks = [PlannedTask("interview", TaskKind.INTERVIEW, "Interview day: you are ready", interview_date)]
    light_day = interview_date - timedelta(days=1)
    if light_day >= today:
        tasks.append(PlannedTask("rest", TaskKind.REST, "Light day: go through the checklist, then rest", light_day))
        due = min(due_counts.get(light_day, 0), LIGHT_REVIEW_MAX)
        title = f"Short review: {_questions(due)}" if due else "Short review: skim your bookmarked questions"
        tasks.append(PlannedTask(f"review-{light_day.isoformat()}", TaskKind.REVIEW, title, light_day))
    day = today
    while day < light_day:
        due = due_counts.get(day, 0)
        if due:
            title = f"Review {_questions(due)}"
        elif new_per_day:
            title = f"Practise {new_per_day} new question{'s' if new_per_day != 1 else ''} from your guide"
        else:
            title = ""
        if title:
            tasks.append(PlannedTask(f"review-{day.isoformat()}", TaskKind.REVIEW, title, day))
        day += timedelta(days=1)
    days = mock_days(today=today, interview_date=interview_date)
    for number, mock_day in enumerate(days, start=1):
        title = f"Mock interview {number} of {len(days)}" if len(days) > 1 else "Mock interview"
        tasks.append(PlannedTask(f"mock-{number}", TaskKind.MOCK, title, mock_day))
    tasks += _tip_tasks(tips, today=today, interview_date=interview_date)
    return sorted(tasks, key=lambda task: task.sort_key)
