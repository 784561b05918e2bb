"""The dashboard: coverage bars, streaks in the user's time zone, heatmap, constant queries."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse

from accounts import services
from accounts.models import ReviewLog
from accounts.selectors import dashboard_for, heatmap_for, streaks
from accounts.tests.factories import client_for, make_user
from questions.models import Skill
from questions.tests.factories import make_question, make_role

# session, user, profile, the catalogue's totals per category and difficulty and per skill, the user's
# practised per category and difficulty and per skill, days, recent, bookmarks, storyless questions,
# due per day, retention per category, the due count and the guides in the site header
DASHBOARD_QUERIES = 15
# Again with nothing changed: the body and the due count are kept under the user's and the content's
# versions (accounts.state), the header's guides under the content version; only session and user.
DASHBOARD_QUERIES_WARM = 2
TODAY = date(2026, 11, 25)


def days_ago(*offsets: int) -> set[date]:
    return {TODAY - timedelta(days=offset) for offset in offsets}


def test_streak_counts_back_from_today():
    assert streaks(days_ago(0, 1, 2, 5, 6), TODAY) == (3, 3)


def test_streak_still_runs_if_the_last_rating_was_yesterday():
    assert streaks(days_ago(1, 2), TODAY) == (2, 2)


def test_streak_is_broken_by_a_missed_day_and_longest_is_kept():
    assert streaks(days_ago(2, 3, 10, 11, 12, 13), TODAY) == (0, 4)


def test_no_history_means_no_streak():
    assert streaks(set(), TODAY) == (0, 0)


def test_heatmap_covers_twelve_weeks_ending_today_monday_first():
    heatmap = heatmap_for({TODAY: 2, TODAY - timedelta(days=3): 7}, TODAY)
    assert heatmap.cells[0].day.weekday() == 0
    assert heatmap.cells[-1].day == TODAY
    assert len(heatmap.cells) == 11 * 7 + TODAY.weekday() + 1
    assert [(cell.count, cell.level) for cell in heatmap.active_cells] == [(7, 4), (2, 2)]
    assert heatmap.summary == "9 ratings on 2 days in the last 12 weeks"


@pytest.mark.django_db
def test_days_and_streaks_follow_the_users_time_zone():
    """Two ratings an hour apart, either side of midnight in Tokyo: two days there, one day in UTC."""
    tokyo, utc = make_user(), make_user()
    for user, zone in ((tokyo, "Asia/Tokyo"), (utc, "UTC")):
        services.profile_update(
            user=user, target_role=None, interview_date=date(2026, 12, 5), experience_level="", time_zone=zone
        )
    question = make_question()
    # 23:30 on the 24th and 00:30 on the 25th in Tokyo (UTC+9) are both on the 24th in UTC.
    for moment in (datetime(2026, 11, 24, 14, 30, tzinfo=UTC), datetime(2026, 11, 24, 15, 30, tzinfo=UTC)):
        for user in (tokyo, utc):
            services.practice_record(user=user, question=question, rating="good", seconds_spent=1, reviewed_at=moment)
    now = datetime(2026, 11, 24, 20, 0, tzinfo=UTC)  # 05:00 on the 25th in Tokyo

    in_tokyo = dashboard_for(tokyo, now=now)
    assert in_tokyo.today == TODAY
    assert (in_tokyo.current_streak, in_tokyo.longest_streak) == (2, 2)
    assert [(cell.day, cell.count) for cell in in_tokyo.heatmap.active_cells] == [
        (TODAY - timedelta(days=1), 1),
        (TODAY, 1),
    ]
    assert in_tokyo.days_to_interview == 10

    in_utc = dashboard_for(utc, now=now)
    assert in_utc.today == TODAY - timedelta(days=1)
    assert (in_utc.current_streak, in_utc.longest_streak) == (1, 1)
    assert [(cell.day, cell.count) for cell in in_utc.heatmap.active_cells] == [(TODAY - timedelta(days=1), 2)]
    assert in_utc.days_to_interview == 11


@pytest.mark.django_db
def test_coverage_bars_count_practised_out_of_published_questions():
    user = make_user()
    design = Skill.objects.create(slug="design", name="Design")
    role = make_role()
    hard = make_question(role=role, category="technical", difficulty="hard", skills=[design])
    make_question(role=role, category="technical", difficulty="easy", skills=[design])
    make_question(role=role, category="behavioral", difficulty="easy")
    make_question(role=role, is_published=False)
    services.practice_record(user=user, question=hard, rating="good", seconds_spent=1)
    services.practice_record(user=user, question=hard, rating="easy", seconds_spent=1)
    services.bookmark_set(user=make_user(), question=hard, bookmarked=True)
    dashboard = dashboard_for(user)
    assert (dashboard.practised, dashboard.total) == (1, 3)
    assert [(bar.label, bar.done, bar.total) for bar in dashboard.by_category] == [
        ("Technical", 1, 2),
        ("Behavioral", 0, 1),
    ]
    assert [(bar.label, bar.done, bar.total) for bar in dashboard.by_difficulty] == [("Easy", 0, 2), ("Hard", 1, 1)]
    assert [(bar.label, bar.done, bar.total, bar.percent) for bar in dashboard.by_skill] == [("Design", 1, 2, 50)]


def build_history(user, reviews: int) -> None:
    """``reviews`` ratings spread over questions and the last 100 days, bookmarks included."""
    role = make_role()
    questions = [make_question(role=role) for _ in range(10)]
    for question in questions[:4]:
        services.bookmark_set(user=user, question=question, bookmarked=True)
    now = datetime.now(tz=UTC)
    ReviewLog.objects.bulk_create(
        ReviewLog(
            user=user,
            question=questions[index % len(questions)],
            rating="good",
            seconds_spent=60,
            reviewed_at=now - timedelta(hours=2 * index),
        )
        for index in range(reviews)
    )
    for question in questions:
        services.practice_record(user=user, question=question, rating="hard", seconds_spent=1)


@pytest.mark.django_db
@pytest.mark.parametrize("reviews", [10, 1000])
def test_dashboard_query_count_does_not_grow_with_history(reviews, django_assert_num_queries):
    user = make_user()
    services.profile_update(user=user, target_role=None, interview_date=None, experience_level="", time_zone="UTC")
    build_history(user, reviews)
    client = client_for(user)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = client.get(reverse("accounts:dashboard"))
    with django_assert_num_queries(DASHBOARD_QUERIES_WARM):
        assert client.get(reverse("accounts:dashboard")).status_code == 200
    html = response.content.decode()
    assert response.status_code == 200
    assert "10 of 10" in html
    assert html.count("<rect ") >= 77
    assert html.count("rated <strong>") == 10  # recent activity stays ten rows long
    assert html.count('?set=bookmarks">Practise</a>') == 4  # the four bookmarks


@pytest.mark.django_db
@pytest.mark.parametrize(("questions", "ratings"), [(5, 3), (50, 30)])
def test_dashboard_query_count_does_not_grow_with_the_catalogue(questions, ratings, django_assert_num_queries):
    """Coverage over 50 questions with 30 ratings costs the queries of 5 with 3, cold or warm."""
    user = make_user()
    role = make_role()
    skills = [Skill.objects.create(slug=f"catalogue-{questions}-{n}", name=f"Skill {n}") for n in range(3)]
    services.profile_update(user=user, target_role=role, interview_date=None, experience_level="", time_zone="UTC")
    made = [
        make_question(role=role, category=("technical", "behavioral")[n % 2], skills=skills[: 1 + n % 3])
        for n in range(questions)
    ]
    for number in range(ratings):
        services.practice_record(user=user, question=made[number % len(made)], rating="good", seconds_spent=1)
    client = client_for(user)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = client.get(reverse("accounts:dashboard"))
    practised = min(questions, ratings)
    assert f"{practised} of {questions}" in response.content.decode()
    assert response.context["dashboard"].by_skill[0].total == questions
    with django_assert_num_queries(DASHBOARD_QUERIES_WARM):
        assert client.get(reverse("accounts:dashboard")).status_code == 200


@pytest.mark.django_db
def test_dashboard_without_a_profile_invites_the_candidate_to_set_one(db):
    response = client_for(make_user()).get(reverse("accounts:dashboard"))
    assert response.status_code == 200
    assert reverse("accounts:profile") in response.content.decode()


def test_unpublished_questions_leave_recent_activity_and_bookmarks(db):
    user = make_user()
    kept, withdrawn = make_question(text="Kept?"), make_question(text="Withdrawn?")
    for question in (kept, withdrawn):
        services.bookmark_set(user=user, question=question, bookmarked=True)
        services.practice_record(user=user, question=question, rating="good", seconds_spent=1)
    withdrawn.is_published = False
    withdrawn.save()
    dashboard = dashboard_for(user)
    assert [review.question_id for review in dashboard.recent] == [kept.pk]
    assert [practice.question_id for practice in dashboard.bookmarks] == [kept.pk]
    html = client_for(user).get(reverse("accounts:dashboard")).content.decode()
    assert "Withdrawn?" not in html


def test_forecast_bars_scale_to_the_busiest_day_and_keep_small_counts_visible():
    from accounts.review_selectors import forecast_for

    forecast = forecast_for({TODAY: 60, TODAY + timedelta(days=3): 1}, TODAY)
    assert len(forecast.days) == 14 and forecast.days[0].day == TODAY
    assert [(entry.count, entry.height) for entry in forecast.days[:4]] == [(60, 120), (0, 0), (0, 0), (1, 2)]
    assert forecast.days[0].y == 0 and forecast.days[3].y == 118
    assert forecast.summary == "61 questions due in the next 14 days; the busiest day is Wed 25 Nov with 60"


@pytest.mark.django_db
def test_dashboard_shows_due_counts_forecast_and_retention_per_category():
    from accounts.review_selectors import schedule_summary_for

    user = make_user()
    role = make_role()
    technical = [make_question(role=role, category="technical") for _ in range(3)]
    behavioral = make_question(role=role, category="behavioral")
    now = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    for question in technical[:2]:  # overdue since yesterday: due today
        services.practice_record(
            user=user, question=question, rating="again", seconds_spent=1, reviewed_at=now - timedelta(days=3)
        )
    services.practice_record(user=user, question=technical[2], rating="good", seconds_spent=1, reviewed_at=now)
    services.practice_record(user=user, question=behavioral, rating="hard", seconds_spent=1, reviewed_at=now)
    summary = schedule_summary_for(user, profile=None, now=now)
    assert (summary.due_today, summary.due_this_week) == (2, 4)
    assert [entry.count for entry in summary.forecast.days[:2]] == [2, 2]
    assert [(row.label, row.recalled, row.reviews, row.percent) for row in summary.retention] == [
        ("Technical", 1, 3, 33),
        ("Behavioral", 1, 1, 100),
    ]
    html = client_for(user).get(reverse("accounts:dashboard")).content.decode()
    assert 'class="forecast-bar"' in html and "Questions due per day, next 14 days" in html
    assert "<caption>Questions due per day, next 14 days</caption>" in html
    assert ' style="' not in html


def test_chart_dates_read_as_the_template_date_filter_wrote_them():
    from django.utils.dateformat import format as date_format

    from accounts.templatetags.chart_tags import long_day, short_day

    for offset in range(366):  # every weekday and month name, one- and two-digit days
        day = TODAY + timedelta(days=offset)
        assert short_day(day) == date_format(day, "D j M")
        assert long_day(day) == date_format(day, "l j F")


def test_heatmap_cells_are_one_rect_each_with_their_count():
    from accounts.templatetags.chart_tags import heatmap_cells, heatmap_list_items

    heatmap = heatmap_for({TODAY: 1, TODAY - timedelta(days=3): 7}, TODAY)
    markup = str(heatmap_cells(heatmap))
    assert markup.count("<rect ") == len(heatmap.cells)
    assert f"<title>{TODAY:%a} {TODAY.day} {TODAY:%b}: 1 rating</title>" in markup
    assert markup.count('class="heat-4"') == 1 and markup.count(": 0 ratings</title>") == len(heatmap.cells) - 2
    assert str(heatmap_list_items(heatmap)).count("<li>") == 2


def test_coverage_totals_follow_a_content_change(db):
    """The catalogue's totals are cached per content version: publishing a question counts at once."""
    user = make_user()
    role = make_role()
    make_question(role=role, category="technical")
    assert (dashboard_for(user).total, [bar.total for bar in dashboard_for(user).by_category]) == (1, [1])
    draft = make_question(role=role, category="behavioral", is_published=False)
    assert dashboard_for(user).total == 1
    draft.is_published = True
    draft.save()
    assert [(bar.label, bar.total) for bar in dashboard_for(user).by_category] == [("Technical", 1), ("Behavioral", 1)]
