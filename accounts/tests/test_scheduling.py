"""The review schedule without a database: FSRS as it is, then the same-day and interview rules."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import fsrs
import pytest

from accounts import scheduling
from accounts.scheduling import CardState, ScheduleSettings, apply_rules, due_label, replay, review

TOKYO = ZoneInfo("Asia/Tokyo")
NOON = datetime(2026, 11, 10, 12, 0, tzinfo=UTC)
PLAIN = ScheduleSettings()


def graduated(rating: str = "good") -> CardState:
    """A card in the Review state: rated Good on two days, then ``rating`` ten days later."""
    log = [("good", NOON), ("good", NOON + timedelta(days=1)), (rating, NOON + timedelta(days=11))]
    return replay(log, settings=PLAIN)


@pytest.mark.parametrize("rating", ["again", "hard", "good", "easy"])
def test_a_review_card_moves_as_fsrs_says_for_each_rating(rating):
    card = graduated()
    at = card.due + timedelta(hours=3)
    ours = review(card, rating, reviewed_at=at, settings=PLAIN)
    theirs, _ = fsrs.Scheduler(enable_fuzzing=False).review_card(
        fsrs.Card(
            card_id=1,
            state=fsrs.State(card.state),
            step=card.step,
            stability=card.stability,
            difficulty=card.difficulty,
            due=card.due,
            last_review=card.last_review,
        ),
        fsrs.Rating[rating.capitalize()],
        review_datetime=at,
    )
    assert (ours.state, ours.step, ours.stability, ours.difficulty) == (
        int(theirs.state),
        theirs.step,
        theirs.stability,
        theirs.difficulty,
    )
    next_day = datetime.combine(at.date() + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
    assert ours.due == max(theirs.due, next_day)  # FSRS's due, unless that is still today
    assert (ours.due == theirs.due) == (rating != "again")
    assert ours.last_review == at


def test_better_ratings_are_due_later():
    card = graduated()
    at = card.due
    dues = [review(card, rating, reviewed_at=at, settings=PLAIN).due for rating in ("again", "hard", "good", "easy")]
    assert dues == sorted(dues) and len(set(dues)) == 4


def test_a_learning_step_of_minutes_moves_to_the_start_of_the_next_local_day():
    just_before_midnight = datetime(2026, 11, 10, 14, 59, tzinfo=UTC)  # 23:59 in Tokyo
    card = review(CardState(), "again", reviewed_at=just_before_midnight, settings=ScheduleSettings(zone=TOKYO))
    assert card.state == scheduling.LEARNING
    assert card.due == datetime(2026, 11, 10, 15, 0, tzinfo=UTC)  # 00:00 on the 11th in Tokyo


def test_a_rating_just_after_local_midnight_is_due_the_next_day_not_the_same():
    just_after_midnight = datetime(2026, 11, 10, 15, 0, tzinfo=UTC)  # 00:00 on the 11th in Tokyo
    card = review(CardState(), "again", reviewed_at=just_after_midnight, settings=ScheduleSettings(zone=TOKYO))
    assert card.due == datetime(2026, 11, 11, 15, 0, tzinfo=UTC)


def test_a_due_already_on_a_later_day_is_left_as_fsrs_said():
    raw = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    assert apply_rules(raw, reviewed_at=NOON, settings=PLAIN) == raw


INTERVIEW = date(2026, 12, 1)
BEFORE_INTERVIEW = ScheduleSettings(interview_date=INTERVIEW)


def test_a_due_after_the_day_before_the_interview_moves_to_that_day():
    on_interview_day = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)
    assert apply_rules(on_interview_day, reviewed_at=NOON, settings=BEFORE_INTERVIEW) == datetime(
        2026, 11, 30, 0, 0, tzinfo=UTC
    )


def test_a_due_on_the_day_before_the_interview_stays():
    last_minute = datetime(2026, 11, 30, 23, 59, tzinfo=UTC)
    assert apply_rules(last_minute, reviewed_at=NOON, settings=BEFORE_INTERVIEW) == last_minute


def test_the_interview_day_is_counted_in_the_profiles_time_zone():
    settings = ScheduleSettings(zone=TOKYO, interview_date=INTERVIEW)
    # 16:00 UTC on 30 November is already 1 December in Tokyo: past the day before.
    assert apply_rules(datetime(2026, 11, 30, 16, 0, tzinfo=UTC), reviewed_at=NOON, settings=settings) == datetime(
        2026, 11, 29, 15, 0, tzinfo=UTC
    )


def test_a_rating_on_the_day_before_the_interview_is_not_moved_back_to_that_same_day():
    on_last_day = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    card = review(graduated(), "easy", reviewed_at=on_last_day, settings=BEFORE_INTERVIEW)
    assert card.due >= datetime(2026, 12, 1, 0, 0, tzinfo=UTC)


def test_every_practised_question_falls_due_in_the_last_week_before_the_interview():
    log = [("easy", NOON), ("easy", NOON + timedelta(days=2)), ("easy", NOON + timedelta(days=9))]
    far = replay(log, settings=PLAIN)
    assert far.due.date() > INTERVIEW  # FSRS alone would skip the whole final week
    settings = ScheduleSettings(interview_date=INTERVIEW)
    card = replay(log, settings=settings)
    window_start = datetime(2026, 11, 24, 0, 0, tzinfo=UTC)
    window_end = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)
    assert card.due < window_end
    # rated again inside the week, it is due once more before the interview
    again = review(card, "good", reviewed_at=window_start + timedelta(hours=10), settings=settings)
    assert window_start < again.due < window_end


@pytest.mark.parametrize("value", [0.80, 0.90, 0.97])
def test_retention_inside_the_range_is_accepted(value):
    scheduling.check_retention(value)


@pytest.mark.parametrize("value", [0.79, 0.98, 1.0, 0.0])
def test_retention_outside_the_range_is_refused(value):
    with pytest.raises(ValueError, match="between 0.80 and 0.97"):
        scheduling.check_retention(value)


def test_higher_retention_means_shorter_intervals():
    card = graduated()
    low = review(card, "good", reviewed_at=card.due, settings=ScheduleSettings(desired_retention=0.80))
    high = review(card, "good", reviewed_at=card.due, settings=ScheduleSettings(desired_retention=0.97))
    assert high.due < low.due


def test_replay_is_deterministic():
    log = [("good", NOON + timedelta(days=day)) for day in range(0, 40, 3)]
    assert replay(log, settings=PLAIN) == replay(log, settings=PLAIN)


def test_times_must_carry_a_zone():
    with pytest.raises(ValueError):
        review(CardState(), "good", reviewed_at=datetime(2026, 11, 10, 12, 0), settings=PLAIN)


@pytest.mark.parametrize(
    ("due", "label"),
    [
        (NOON, "Due now"),
        (NOON - timedelta(days=3), "Due now"),
        (NOON + timedelta(hours=1), "Due later today"),
        (datetime(2026, 11, 11, 0, 0, tzinfo=UTC), "Due tomorrow"),
        (datetime(2026, 11, 13, 0, 0, tzinfo=UTC), "Due in 3 days"),
        (None, ""),
    ],
)
def test_due_labels_count_calendar_days(due, label):
    assert due_label(due, now=NOON, zone=ZoneInfo("UTC")) == label
