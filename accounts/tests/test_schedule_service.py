"""Ratings keep the schedule in real columns, and a replay of the log gives exactly what is stored."""

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from accounts import scheduling, services
from accounts.models import Practice, ReviewLog
from accounts.tests.factories import make_user
from questions.tests.factories import make_question, make_role

pytestmark = pytest.mark.django_db
START = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)


def stored_card(practice: Practice) -> scheduling.CardState:
    practice.refresh_from_db()
    return practice.card


def replay_from_log(user, question, settings) -> scheduling.CardState:
    log = ReviewLog.objects.filter(user=user, question=question).order_by("reviewed_at", "pk")
    return scheduling.replay(log.values_list("rating", "reviewed_at"), settings=settings)


def test_a_random_sequence_of_fifty_ratings_replays_to_the_stored_state():
    user = make_user()
    services.profile_update(
        user=user, target_role=None, interview_date=None, experience_level="", time_zone="Europe/Paris"
    )
    role = make_role()
    questions = [make_question(role=role) for _ in range(3)]
    randomness = random.Random(8)
    moment = START
    for _ in range(50):
        moment += timedelta(hours=randomness.randint(1, 120), minutes=randomness.randint(0, 59))
        services.practice_record(
            user=user,
            question=randomness.choice(questions),
            rating=randomness.choice(["again", "hard", "good", "easy"]),
            seconds_spent=30,
            reviewed_at=moment,
        )
    settings = user.profile.schedule_settings
    assert ReviewLog.objects.filter(user=user).count() == 50
    for question in questions:
        practice = Practice.objects.get(user=user, question=question)
        assert practice.card == replay_from_log(user, question, settings)
        assert practice.card_state != scheduling.NEW
        assert practice.due > practice.last_practised


def test_a_rating_stores_fsrs_state_and_tomorrows_due():
    user, question = make_user(), make_question()
    services.practice_record(user=user, question=question, rating="good", seconds_spent=5, reviewed_at=START)
    practice = Practice.objects.get(user=user, question=question)
    assert practice.card_state == scheduling.LEARNING
    assert practice.stability > 0 and 1 <= practice.difficulty <= 10
    assert practice.due == datetime(2026, 9, 2, 0, 0, tzinfo=UTC)  # not ten minutes later
    assert practice.last_practised == START


def test_a_backdated_rating_replays_the_log_in_time_order():
    user, question = make_user(), make_question()
    services.practice_record(user=user, question=question, rating="good", seconds_spent=5, reviewed_at=START)
    earlier = START - timedelta(days=3)
    services.practice_record(user=user, question=question, rating="again", seconds_spent=5, reviewed_at=earlier)
    practice = Practice.objects.get(user=user, question=question)
    assert practice.card == replay_from_log(user, question, scheduling.ScheduleSettings())
    assert practice.last_practised == START and practice.last_rating == "good"
    assert practice.times_practised == 2


def test_setting_an_interview_date_reschedules_what_was_due_after_it():
    user, question = make_user(), make_question()
    for days, rating in ((0, "easy"), (2, "easy"), (9, "easy")):
        services.practice_record(
            user=user, question=question, rating=rating, seconds_spent=5, reviewed_at=START + timedelta(days=days)
        )
    practice = Practice.objects.get(user=user, question=question)
    assert practice.due.date() > date(2026, 10, 1)
    services.profile_update(
        user=user, target_role=None, interview_date=date(2026, 10, 1), experience_level="", time_zone="UTC"
    )
    assert stored_card(practice).due == datetime(2026, 9, 30, 0, 0, tzinfo=UTC)
    assert practice.card == replay_from_log(user, question, user.profile.schedule_settings)


def test_desired_retention_outside_the_range_is_a_validation_error_and_nothing_changes():
    user = make_user()
    with pytest.raises(ValidationError) as error:
        services.profile_update(
            user=user,
            target_role=None,
            interview_date=None,
            experience_level="",
            time_zone="UTC",
            desired_retention=0.99,
        )
    assert "desired_retention" in error.value.message_dict


def test_progress_reset_keeping_notes_clears_the_schedule():
    user, question = make_user(), make_question()
    services.practice_text_save(user=user, question=question, field="notes_md", text="keep me")
    services.practice_record(user=user, question=question, rating="good", seconds_spent=5)
    services.progress_reset(user=user, keep_notes=True)
    practice = Practice.objects.get(user=user, question=question)
    assert practice.card == scheduling.CardState()
    assert practice.notes_md == "keep me"


def test_the_migration_back_fills_rows_from_their_review_log():
    from importlib import import_module

    from django.apps import apps

    backfill = import_module("accounts.migrations.0004_practice_card_state_backfill").backfill
    user, question = make_user(), make_question()
    Practice.objects.create(user=user, question=question, times_practised=3)  # as rows were before the schedule
    log = [("good", START), ("hard", START + timedelta(days=1)), ("good", START + timedelta(days=4))]
    ReviewLog.objects.bulk_create(
        ReviewLog(user=user, question=question, rating=rating, reviewed_at=moment) for rating, moment in log
    )
    backfill(apps, None)
    practice = Practice.objects.get(user=user, question=question)
    assert practice.card == scheduling.replay(log, settings=scheduling.ScheduleSettings())
    assert practice.card_state == scheduling.REVIEW
