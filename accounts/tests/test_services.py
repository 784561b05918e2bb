"""The write services: counts, limits, resets and deletion, built as a user would."""

import pytest
from django.core.exceptions import ValidationError

from accounts import services
from accounts.models import DRAFT_MAX_LENGTH, Practice, Profile, ReviewLog
from accounts.tests.factories import make_user
from questions.tests.factories import make_question

pytestmark = pytest.mark.django_db


def test_each_rating_counts_once_and_writes_a_review_log():
    user, question = make_user(), make_question()
    services.practice_record(user=user, question=question, rating="good", seconds_spent=42)
    services.practice_record(user=user, question=question, rating="hard", seconds_spent=10)
    practice = Practice.objects.get(user=user, question=question)
    assert practice.times_practised == 2
    assert practice.last_rating == "hard"
    assert practice.last_practised is not None
    assert list(ReviewLog.objects.filter(user=user).values_list("rating", "seconds_spent").order_by("pk")) == [
        ("good", 42),
        ("hard", 10),
    ]


def test_an_unknown_rating_is_refused_and_writes_nothing():
    user, question = make_user(), make_question()
    with pytest.raises(ValidationError):
        services.practice_record(user=user, question=question, rating="brilliant", seconds_spent=5)
    assert not Practice.objects.exists()
    assert not ReviewLog.objects.exists()


def test_seconds_spent_is_kept_within_bounds():
    user, question = make_user(), make_question()
    negative = services.practice_record(user=user, question=question, rating="easy", seconds_spent=-30)
    huge = services.practice_record(user=user, question=question, rating="easy", seconds_spent=10**9)
    assert negative.seconds_spent == 0
    assert huge.seconds_spent == services.MAX_SECONDS_SPENT


def test_setting_a_bookmark_twice_leaves_it_set():
    user, question = make_user(), make_question()
    services.bookmark_set(user=user, question=question, bookmarked=True)
    services.bookmark_set(user=user, question=question, bookmarked=True)
    assert Practice.objects.get(user=user, question=question).bookmarked is True
    services.bookmark_set(user=user, question=question, bookmarked=False)
    assert Practice.objects.get(user=user, question=question).bookmarked is False
    assert Practice.objects.count() == 1


def test_a_draft_over_the_limit_is_refused_and_the_old_draft_kept():
    user, question = make_user(), make_question()
    services.practice_text_save(user=user, question=question, field="draft_md", text="My first go.")
    with pytest.raises(ValidationError):
        services.practice_text_save(user=user, question=question, field="draft_md", text="x" * (DRAFT_MAX_LENGTH + 1))
    assert Practice.objects.get(user=user, question=question).draft_md == "My first go."


def test_reset_keeping_notes_clears_counts_and_history_only():
    user = make_user()
    noted, plain = make_question(), make_question()
    services.practice_text_save(user=user, question=noted, field="notes_md", text="Mention idempotency keys.")
    services.practice_record(user=user, question=noted, rating="good", seconds_spent=1)
    services.practice_record(user=user, question=plain, rating="again", seconds_spent=1)
    services.progress_reset(user=user, keep_notes=True)
    assert not ReviewLog.objects.filter(user=user).exists()
    remaining = Practice.objects.get(user=user)
    assert remaining.question == noted
    assert remaining.notes_md == "Mention idempotency keys."
    assert (remaining.times_practised, remaining.last_rating, remaining.last_practised) == (0, "", None)


def test_reset_without_keeping_notes_clears_everything_of_that_user_only():
    user, other, question = make_user(), make_user(), make_question()
    for someone in (user, other):
        services.bookmark_set(user=someone, question=question, bookmarked=True)
        services.practice_record(user=someone, question=question, rating="good", seconds_spent=1)
    services.progress_reset(user=user, keep_notes=False)
    assert not Practice.objects.filter(user=user).exists()
    assert not ReviewLog.objects.filter(user=user).exists()
    assert Practice.objects.get(user=other).times_practised == 1
    assert ReviewLog.objects.filter(user=other).count() == 1


def test_account_delete_removes_the_user_and_everything_they_own():
    user, other, question = make_user(), make_user(), make_question()
    services.profile_update(user=user, target_role=None, interview_date=None, experience_level="", time_zone="UTC")
    services.practice_record(user=user, question=question, rating="good", seconds_spent=1)
    services.practice_record(user=other, question=question, rating="good", seconds_spent=1)
    services.account_delete(user=user)
    assert not Profile.objects.filter(user_id=user.pk).exists()
    assert not Practice.objects.filter(user_id=user.pk).exists()
    assert not ReviewLog.objects.filter(user_id=user.pk).exists()
    assert Practice.objects.filter(user=other).count() == 1


def test_profile_refuses_an_unknown_time_zone():
    user = make_user()
    with pytest.raises(ValidationError):
        services.profile_update(
            user=user, target_role=None, interview_date=None, experience_level="", time_zone="Mars/Olympus"
        )
    assert not Profile.objects.filter(user=user).exists()
