"""The plan as an iCalendar file, written with the ``icalendar`` package.

One all-day event per shown task, on the day the plan shows it (a date in the
candidate's time zone, which the calendar also names: ``X-WR-TIMEZONE`` and its
``VTIMEZONE``). The UID is the task's key and the user's id, so importing the file
again updates the events instead of adding copies; ``SEQUENCE`` counts the task's
moves and renames, and ``DTSTAMP`` / ``LAST-MODIFIED`` are its last change, so two
downloads of an unchanged plan are identical.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from icalendar import Calendar, Event, Timezone

from accounts.plan.selectors import ShownTask

PRODID = "-//Prepsite//Dated plan//EN"


def event_uid(task, user) -> str:
    return f"{task.key}-{user.pk}@prepsite"


def plan_calendar(
    items: list[ShownTask], *, user, time_zone: str, interview_date: date, plan_url: str, mock_url: str
) -> bytes:
    """A task shown today because it was missed moves once a day: each move is one more SEQUENCE."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Prepsite: plan to the interview")
    calendar.add("x-wr-timezone", time_zone)
    first = min((item.day for item in items), default=interview_date) - timedelta(days=1)
    last = interview_date + timedelta(days=2)
    calendar.add_component(Timezone.from_tzid(time_zone, first_date=first, last_date=last))
    for item in items:
        task = item.task
        event = Event()
        event.add("uid", event_uid(task, user))
        event.add("summary", task.title)
        event.add("dtstart", item.day)
        event.add("dtend", item.day + timedelta(days=1))
        changed = task.updated_at
        sequence = task.sequence
        if item.moved_from:
            changed = max(changed, datetime.combine(item.day, time.min, tzinfo=UTC))
            sequence += (item.day - item.moved_from).days
        event.add("dtstamp", changed)
        event.add("last-modified", changed)
        event.add("sequence", sequence)
        event.add("transp", "TRANSPARENT")
        event.add("categories", [task.get_kind_display()])
        notes = [f"Moved from {item.moved_from:%A %d %B}."] if item.moved_from else []
        if task.kind == "mock":
            notes.append(f"Start it at {mock_url}")
        notes.append(f"Your plan: {plan_url}")
        event.add("description", "\n".join(notes))
        calendar.add_component(event)
    return calendar.to_ical()
