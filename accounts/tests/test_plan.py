"""The dated plan: layout for an interview in 2, 10 and 40 days, ticks, moves, the page, the .ics."""

import json
from datetime import date, timedelta
from types import SimpleNamespace

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import scheduling, services
from accounts.models import PlanTask
from accounts.plan import services as plan_services
from accounts.plan.layout import LIGHT_REVIEW_MAX, mock_days, plan_build
from accounts.plan.selectors import plan_inputs_for, shown_tasks
from accounts.tests.factories import client_for, client_signed_in_with_password
from questions.models import ChecklistItem, PrepTip
from questions.tests.factories import make_question, make_role

TODAY = date(2026, 12, 1)
# The backend guide's windows (days before): (min, max)
WINDOWS = [(14, 21), (7, 14), (7, 7), (3, 5), (1, 1)]
# session, user, profile, due counts, tips, checklist, the stored tasks (in a savepoint); the header's
# guides and due count are cached by then
PLAN_QUERIES = 9
# the first time: the header's guides and due count, and the tasks are inserted at once and read back
PLAN_FIRST_QUERIES = PLAN_QUERIES + 4


def tips(windows=WINDOWS):
    return [
        SimpleNamespace(pk=number, title=f"Tip {number}", days_before_min=low, days_before_max=high, order=number)
        for number, (low, high) in enumerate(windows, start=1)
    ]


def by_key(tasks) -> dict:
    return {task.key: task for task in tasks}


def days_before(interview: date, task) -> int:
    return (interview - task.day).days


# --- Layout ------------------------------------------------------------------------------------


def test_interview_in_40_days_puts_each_tip_in_its_window_and_three_mocks_in_the_last_fortnight():
    interview = TODAY + timedelta(days=40)
    tasks = by_key(plan_build(today=TODAY, interview_date=interview, tips=tips(), due_counts={TODAY: 7}, new_per_day=5))
    for number, (low, high) in enumerate(WINDOWS, start=1):
        assert low <= days_before(interview, tasks[f"tip-{number}"]) <= high
        assert not tasks[f"tip-{number}"].catch_up
    assert days_before(interview, tasks["tip-3"]) == 7
    assert days_before(interview, tasks["tip-5"]) == 1  # a day-before tip (setup, rest) stays on the light day
    assert [days_before(interview, tasks[f"mock-{n}"]) for n in (1, 2, 3)] == [14, 8, 2]
    assert tasks["interview"].day == interview
    assert tasks["rest"].day == interview - timedelta(days=1)
    assert tasks[f"review-{TODAY}"].title == "Review 7 due questions"
    reviews = [task for task in tasks.values() if task.kind == "review"]
    assert len(reviews) == 40  # every day from today to the light day


def test_interview_in_10_days_catches_up_a_passed_tip_today_and_clamps_the_others():
    interview = TODAY + timedelta(days=10)
    tasks = by_key(plan_build(today=TODAY, interview_date=interview, tips=tips(), due_counts={}, new_per_day=5))
    assert tasks["tip-1"].day == TODAY and tasks["tip-1"].catch_up  # 14–21 days before: already past
    assert TODAY <= tasks["tip-2"].day <= interview - timedelta(days=7)  # 7–14, clamped to today
    assert days_before(interview, tasks["tip-3"]) == 7
    assert 3 <= days_before(interview, tasks["tip-4"]) <= 5
    assert [days_before(interview, tasks[f"mock-{n}"]) for n in (1, 2, 3)] == [10, 6, 2]
    assert tasks[f"review-{TODAY}"].title == "Practise 5 new questions from your guide"


def test_interview_in_2_days_has_one_mock_today_and_a_light_day_tomorrow():
    interview = TODAY + timedelta(days=2)
    due = {TODAY: 3, TODAY + timedelta(days=1): 30}
    planned = plan_build(today=TODAY, interview_date=interview, tips=tips(), due_counts=due)
    tasks = by_key(planned)
    assert [task.key for task in planned if task.kind == "mock"] == ["mock-1"]
    assert tasks["mock-1"].day == TODAY
    assert all(tasks[f"tip-{n}"].day == TODAY and tasks[f"tip-{n}"].catch_up for n in (1, 2, 3, 4))
    light_day = [task for task in planned if task.day == TODAY + timedelta(days=1)]
    assert {task.key for task in light_day} == {"rest", "tip-5", f"review-{TODAY + timedelta(days=1)}"}
    assert tasks[f"review-{TODAY + timedelta(days=1)}"].title == f"Short review: {LIGHT_REVIEW_MAX} due questions"
    assert [task.key for task in planned if task.day == interview] == ["interview"]


def test_interview_tomorrow_keeps_today_light_and_drops_passed_tips():
    planned = plan_build(today=TODAY, interview_date=TODAY + timedelta(days=1), tips=tips(), due_counts={})
    assert {task.key for task in planned} == {"rest", f"review-{TODAY}", "tip-5", "interview"}
    assert mock_days(today=TODAY, interview_date=TODAY + timedelta(days=1)) == []


def test_tips_sharing_a_window_are_spread_over_its_days():
    interview = TODAY + timedelta(days=30)
    planned = plan_build(today=TODAY, interview_date=interview, tips=tips([(3, 5)] * 3), due_counts={})
    days = sorted(days_before(interview, task) for task in planned if task.kind == "tip")
    assert days == [3, 4, 5]


def test_only_tips_meant_for_the_day_before_land_on_the_light_day():
    interview = TODAY + timedelta(days=30)
    windows = [(1, 2), (1, 2), (1, 1)]
    tasks = by_key(plan_build(today=TODAY, interview_date=interview, tips=tips(windows), due_counts={}))
    assert [days_before(interview, tasks[f"tip-{n}"]) for n in (1, 2, 3)] == [2, 2, 1]


def test_an_interview_in_the_past_has_no_plan():
    assert plan_build(today=TODAY, interview_date=TODAY - timedelta(days=1), tips=tips(), due_counts={}) == []


# --- Stored tasks: ticks, moves, regeneration -------------------------------------------------------


def sync(user, *, today, interview, guide_tips=(), due_counts=None):
    planned = plan_build(today=today, interview_date=interview, tips=guide_tips, due_counts=due_counts or {})
    return plan_services.plan_sync(user=user, planned=planned, interview_date=interview, today=today)


def make_tip(role, low: int, high: int, order: int) -> PrepTip:
    window = {"days_before_min": low, "days_before_max": high}
    return PrepTip.objects.create(role=role, title=f"Tip {low}-{high}", body_md="Do *this*.", order=order, **window)


@pytest.fixture
def prep_tips():
    role = make_role()
    return role, [make_tip(role, low, high, order) for order, (low, high) in enumerate(WINDOWS)]


def test_ticks_survive_a_new_interview_date_for_tasks_that_still_exist(alice, prep_tips):
    _, guide_tips = prep_tips
    tip = guide_tips[1]
    first = TODAY + timedelta(days=20)
    rows = by_key(sync(alice, today=TODAY, interview=first, guide_tips=guide_tips))
    for key in (f"tip-{tip.pk}", "mock-3", "interview"):
        plan_services.plan_task_set_done(task=rows[key], done=True)
    moved = TODAY + timedelta(days=5)  # closer: two mocks only
    rows = by_key(sync(alice, today=TODAY, interview=moved, guide_tips=guide_tips))
    assert rows[f"tip-{tip.pk}"].done and rows["interview"].done
    assert rows[f"tip-{tip.pk}"].catch_up and rows[f"tip-{tip.pk}"].day == TODAY
    assert rows["interview"].day == moved and rows["interview"].sequence == 1
    assert "mock-3" not in rows and not alice.plan_tasks.filter(key="mock-3").exists()
    assert not rows["mock-1"].done
    assert alice.plan_tasks.count() == len(rows)


def test_a_second_sync_of_an_unchanged_plan_writes_nothing(alice, prep_tips, django_assert_num_queries):
    interview = TODAY + timedelta(days=12)
    first = sync(alice, today=TODAY, interview=interview, guide_tips=prep_tips[1])
    with django_assert_num_queries(3):  # reads the stored tasks in a savepoint, nothing to write
        again = sync(alice, today=TODAY, interview=interview, guide_tips=prep_tips[1])
    assert sorted((row.pk, row.day, row.sequence) for row in again) == sorted((row.pk, row.day, 0) for row in first)


def test_an_unticked_task_of_a_past_day_shows_today_as_moved(alice):
    interview = TODAY + timedelta(days=12)
    due = {TODAY: 4, TODAY + timedelta(days=1): 2}
    rows = by_key(sync(alice, today=TODAY, interview=interview, due_counts=due))
    assert rows["mock-1"].day == TODAY
    plan_services.plan_task_set_done(task=rows[f"review-{TODAY}"], done=True)
    later = TODAY + timedelta(days=2)
    rows = by_key(sync(alice, today=later, interview=interview))
    assert rows["mock-1"].day == TODAY  # stored where it was planned
    assert f"review-{TODAY + timedelta(days=1)}" not in rows  # a missed review: its questions are due today
    shown = {item.task.key: item for item in shown_tasks(list(rows.values()), today=later)}
    assert shown["mock-1"].day == later and shown["mock-1"].moved_from == TODAY
    assert f"review-{TODAY}" not in shown  # done on a past day: history, not shown
    assert rows[f"review-{TODAY}"].done  # ...but kept
    assert shown["interview"].moved_from is None


def test_ticking_twice_keeps_the_first_time_and_unticking_clears_it(alice):
    task = by_key(sync(alice, today=TODAY, interview=TODAY + timedelta(days=3)))["interview"]
    first = plan_services.plan_task_set_done(task=task, done=True).done_at
    assert plan_services.plan_task_set_done(task=task, done=True).done_at == first
    assert plan_services.plan_task_set_done(task=task, done=False).done_at is None


# --- Pages --------------------------------------------------------------------------------------------


def local_today(zone_name="Pacific/Auckland"):
    return scheduling.local_day(timezone.now(), scheduling.zone_named(zone_name))


def set_interview(user, days: int | None, *, role=None, zone_name="Pacific/Auckland"):
    when = None if days is None else local_today(zone_name) + timedelta(days=days)
    services.profile_update(user=user, target_role=role, interview_date=when, experience_level="", time_zone=zone_name)
    return when


def test_plan_page_lists_tasks_in_the_users_time_zone(alice, prep_tips):
    role, _ = prep_tips
    ChecklistItem.objects.create(role=role, text="Charge the laptop")
    interview = set_interview(alice, 10, role=role)
    page = client_for(alice).get(reverse("accounts:plan")).content.decode()
    assert "Your interview is in 10 days" in page and "Pacific/Auckland" in page
    assert f"Today, {local_today():%A} {local_today().day}" in page
    assert "Tip 7-7" in page and "<em>this</em>" in page and "Charge the laptop" in page
    assert 'href="/practice/mock/new/"' in page
    assert alice.plan_tasks.get(key="interview").day == interview


def test_page_shows_a_missed_task_today_with_where_it_came_from(alice):
    interview = set_interview(alice, 10)
    yesterday = local_today() - timedelta(days=1)
    sync(alice, today=yesterday, interview=interview)
    assert alice.plan_tasks.get(key="mock-1").day == yesterday
    page = client_for(alice).get(reverse("accounts:plan")).content.decode()
    assert f"(moved from {yesterday:%a} {yesterday.day} {yesterday:%b})" in page


def test_ticking_a_task_is_saved_without_javascript_and_with_htmx(alice):
    set_interview(alice, 5)
    client = client_for(alice)
    client.get(reverse("accounts:plan"))
    task = alice.plan_tasks.get(key="mock-1")
    url = reverse("accounts:plan_task", args=[task.pk])
    response = client.post(url, {"done": "1"})
    assert response.status_code == 302 and response["Location"] == f"{reverse('accounts:plan')}#task-{task.pk}"
    task.refresh_from_db()
    assert task.done
    fragment = client.post(url, {"done": "0"}, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith(f'<li id="task-{task.pk}"') and 'aria-pressed="false"' in fragment
    task.refresh_from_db()
    assert not task.done
    assert client.post(url, {"done": "maybe"}).status_code == 400
    assert client.get(url).status_code == 405


def test_another_users_task_is_404_and_unchanged(alice, bob):
    set_interview(alice, 5)
    client_for(alice).get(reverse("accounts:plan"))
    task = alice.plan_tasks.get(key="interview")
    response = client_for(bob).post(reverse("accounts:plan_task", args=[task.pk]), {"done": "1"})
    assert response.status_code == 404
    task.refresh_from_db()
    assert task.done_at is None


def test_no_date_page_says_how_to_set_one_and_the_default_sets_four_weeks(alice):
    client = client_for(alice)
    page = client.get(reverse("accounts:plan")).content.decode()
    assert "set it in your profile" in page and reverse("accounts:profile") in page
    assert reverse("accounts:plan_default") in page
    assert not alice.plan_tasks.exists()
    response = client.post(reverse("accounts:plan_default"))
    assert response["Location"] == reverse("accounts:plan")
    profile = alice.profile
    assert profile.interview_date == scheduling.local_day(timezone.now(), profile.zone) + timedelta(days=28)
    page = client.get(reverse("accounts:plan")).content.decode()
    assert "Your interview is in 28 days" in page
    client.post(reverse("accounts:plan_default"))  # a date is set now: nothing changes
    alice.profile.refresh_from_db()
    assert alice.profile.interview_date == profile.interview_date


def test_the_default_keeps_the_rest_of_the_profile(alice, prep_tips):
    role, _ = prep_tips
    set_interview(alice, None, role=role, zone_name="Europe/Paris")
    client_for(alice).post(reverse("accounts:plan_default"))
    alice.profile.refresh_from_db()
    assert (alice.profile.target_role, alice.profile.time_zone) == (role, "Europe/Paris")
    assert alice.profile.interview_date == local_today("Europe/Paris") + timedelta(days=28)


def test_a_passed_interview_asks_for_a_new_date(alice):
    set_interview(alice, -3)
    page = client_for(alice).get(reverse("accounts:plan")).content.decode()
    assert "has passed" in page
    assert client_for(alice).get(reverse("accounts:plan_ics")).status_code == 404


@pytest.mark.parametrize("days, windows", [(10, WINDOWS[:2]), (40, WINDOWS * 3)])
def test_plan_page_query_count_is_constant(alice, django_assert_num_queries, days, windows):
    role = make_role()
    for n, (low, high) in enumerate(windows):
        make_tip(role, low, high, n)
        ChecklistItem.objects.create(role=role, text=f"Item {n}")
    set_interview(alice, days, role=role)
    client = client_for(alice)
    with django_assert_num_queries(PLAN_FIRST_QUERIES):  # stores the plan
        client.get(reverse("accounts:plan"))
    assert alice.plan_tasks.count() >= days
    with django_assert_num_queries(PLAN_QUERIES):
        response = client.get(reverse("accounts:plan"))
    assert response.status_code == 200


# --- The calendar file --------------------------------------------------------------------------------


def test_calendar_has_one_all_day_event_per_task_with_stable_unique_uids(alice, prep_tips):
    role, _ = prep_tips
    interview = set_interview(alice, 10, role=role)
    client = client_for(alice)
    response = client.get(reverse("accounts:plan_ics"))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="prepsite-plan.ics"'
    calendar = icalendar.Calendar.from_ical(response.content)
    events = calendar.events
    tasks = {task.key: task for task in alice.plan_tasks.all()}
    assert len(events) == len(tasks)
    uids = [str(event["uid"]) for event in events]
    assert len(set(uids)) == len(uids)
    assert set(uids) == {f"{key}-{alice.pk}@prepsite" for key in tasks}
    for event in events:
        task = tasks[str(event["uid"]).removesuffix(f"-{alice.pk}@prepsite")]
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        assert type(start) is date and start == task.day and end == task.day + timedelta(days=1)
        assert str(event["summary"]) == task.title
    assert [event.decoded("dtstart") for event in events if event["uid"].startswith("interview-")] == [interview]
    assert [tz.tz_name for tz in calendar.timezones] == ["Pacific/Auckland"]
    assert str(calendar["x-wr-timezone"]) == "Pacific/Auckland"
    again = icalendar.Calendar.from_ical(client.get(reverse("accounts:plan_ics")).content)
    assert [str(event["uid"]) for event in again.events] == uids
    assert client.get(reverse("accounts:plan_ics")).content == response.content  # unchanged plan, same file


def test_calendar_moves_a_missed_task_to_today_with_a_higher_sequence(alice):
    interview = set_interview(alice, 10)
    two_days_ago = local_today() - timedelta(days=2)
    sync(alice, today=two_days_ago, interview=interview)
    calendar = icalendar.Calendar.from_ical(client_for(alice).get(reverse("accounts:plan_ics")).content)
    mock = next(event for event in calendar.events if event["uid"].startswith("mock-1-"))
    assert mock.decoded("dtstart") == local_today() and mock.decoded("sequence") == 2


# --- Export and deletion ------------------------------------------------------------------------------


def test_plan_tasks_are_exported_and_deleted_with_the_account(alice):
    set_interview(alice, 3)
    client_for(alice).get(reverse("accounts:plan"))
    count = alice.plan_tasks.count()
    data = json.loads(client_signed_in_with_password(alice).get(reverse("accounts:export")).content)
    assert len(data["plan_tasks"]) == count > 0
    assert {"key", "kind", "title", "day", "done_at"} <= set(data["plan_tasks"][0])
    services.account_delete(user=alice)
    assert not PlanTask.objects.exists()


def test_todays_review_session_is_sized_from_the_due_forecast(alice):
    role = make_role()
    for _ in range(3):
        services.practice_record(
            user=alice,
            question=make_question(role=role),
            rating="again",
            seconds_spent=10,
            reviewed_at=timezone.now() - timedelta(days=3),
        )
    set_interview(alice, 10, role=role)
    assert plan_inputs_for(alice).due_counts == {local_today(): 3}  # overdue counts today
    page = client_for(alice).get(reverse("accounts:plan")).content.decode()
    assert "Review 3 due questions" in page
    assert alice.plan_tasks.get(key=f"review-{local_today()}").title == "Review 3 due questions"
