"""Every write to a mock: keyword-only functions, each in one transaction.

The mock row is locked (``select_for_update``) by every step that moves it on, so two
tabs or a double submit queue up and the second sees the first's result: an answer
posted for a question that is no longer the current one changes nothing.
"""

import random
from collections.abc import Mapping, Sequence
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.mocks.models import (
    ANSWER_MAX_LENGTH,
    GRACE_SECONDS,
    MAX_MINUTES,
    MAX_QUESTIONS,
    MIN_MINUTES,
    MIN_QUESTIONS,
    Mock,
    MockQuestion,
)
from accounts.services import practice_record
from questions.models import Category, Question, Role


def _check_settings(*, role: Role, count: int, minutes: int, mix: Mapping[str, int]) -> None:
    if not role.is_published:
        raise ValidationError("Choose a published guide.")
    if not MIN_QUESTIONS <= count <= MAX_QUESTIONS:
        raise ValidationError(f"Choose from {MIN_QUESTIONS} to {MAX_QUESTIONS} questions.")
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise ValidationError(f"Choose from {MIN_MINUTES} to {MAX_MINUTES} minutes per question.")
    unknown = set(mix) - set(Category.values)
    if unknown or not mix:
        raise ValidationError("Choose at least one category.")


def _draw(*, role: Role, count: int, mix: Mapping[str, int | None], rng: random.Random) -> list[Question]:
    """``count`` published questions of the guide: per category as ``mix`` says (``None``: any share)."""
    pool = list(Question.objects.published().filter(role=role, category__in=list(mix)).order_by("number"))
    fixed = {category: wanted for category, wanted in mix.items() if wanted is not None}
    chosen: list[Question] = []
    for category, wanted in fixed.items():
        available = [question for question in pool if question.category == category]
        if len(available) < wanted:
            label = Category(category).label.lower()
            raise ValidationError(
                f"The {role.title} guide has {len(available)} published {label} question"
                f"{'' if len(available) == 1 else 's'}; this mock asks for {wanted}."
            )
        chosen += rng.sample(available, wanted)
    rest = [question for question in pool if question.category not in fixed]
    missing = count - len(chosen)
    if len(rest) < missing:
        labels = ", ".join(Category(category).label.lower() for category in mix)
        raise ValidationError(
            f"The {role.title} guide has only {len(pool)} published question{'' if len(pool) == 1 else 's'} "
            f"in {labels}; choose fewer questions or more categories."
        )
    chosen += rng.sample(rest, missing)
    return chosen


@transaction.atomic
def mock_start(
    *,
    user,
    role: Role,
    categories: Sequence[str],
    count: int,
    minutes_per_question: int,
    hide_difficulty: bool = True,
    shuffle: bool = True,
    mix: Mapping[str, int] | None = None,
    preset: str = "",
    now: datetime | None = None,
    rng: random.Random | None = None,
) -> Mock:
    """A new mock with its questions drawn from the guide, the first one's clock running.

    ``mix`` (from a preset) fixes how many questions each category gives; without it
    the ``count`` questions come from any of ``categories``. Unshuffled, they are asked in
    guide order; shuffled, in a random one.
    """
    mix = dict(mix) if mix else dict.fromkeys(categories)
    if mix and all(wanted is not None for wanted in mix.values()):
        count = sum(mix.values())
    _check_settings(role=role, count=count, minutes=minutes_per_question, mix=mix)
    rng = rng or random.SystemRandom()
    questions = _draw(role=role, count=count, mix=mix, rng=rng)
    if shuffle:
        rng.shuffle(questions)
    else:
        questions.sort(key=lambda question: question.number)
    now = now or timezone.now()
    mock = Mock.objects.create(
        user=user,
        role=role,
        categories=sorted(mix, key=Category.values.index),
        preset=preset,
        minutes_per_question=minutes_per_question,
        hide_difficulty=hide_difficulty,
        shuffled=shuffle,
        started_at=now,
    )
    MockQuestion.objects.bulk_create(
        MockQuestion(mock=mock, question=question, position=position, started_at=now if position == 0 else None)
        for position, question in enumerate(questions)
    )
    return mock


def _locked(mock: Mock) -> Mock:
    return Mock.objects.select_for_update().get(pk=mock.pk)


def _current_item(mock: Mock, position: int) -> MockQuestion | None:
    """The question at ``position`` if it is the one being answered now, else ``None``."""
    if mock.is_finished or position != mock.position:
        return None
    return MockQuestion.objects.select_for_update().filter(mock=mock, position=position).first()


def _checked_answer(text: str) -> str:
    if len(text) > ANSWER_MAX_LENGTH:
        raise ValidationError(f"The answer is {len(text):,} characters long; the limit is {ANSWER_MAX_LENGTH:,}.")
    return text


@transaction.atomic
def mock_draft_save(*, mock: Mock, position: int, text: str) -> bool:
    """Keep the answer typed so far for the current question; ``False`` if it is no longer current."""
    text = _checked_answer(text)
    mock = _locked(mock)
    item = _current_item(mock, position)
    if item is None:
        return False
    MockQuestion.objects.filter(pk=item.pk).update(answer_md=text)
    return True


@transaction.atomic
def mock_answer(*, mock: Mock, position: int, answer: str, now: datetime | None = None) -> Mock:
    """Record the answer to the current question and move on (finishing after the last).

    An answer arriving after the deadline (plus a few seconds' grace for the automatic
    submit) is kept and marked as over time. Posting for a position that is no longer
    current (a double submit, another tab) changes nothing.
    """
    answer = _checked_answer(answer)
    now = now or timezone.now()
    mock = _locked(mock)
    item = _current_item(mock, position)
    if item is None:
        return mock
    started = item.started_at or now
    elapsed = max(0, int((now - started).total_seconds()))
    item.answer_md = answer
    item.answered_at = now
    item.seconds_taken = elapsed
    item.over_time = elapsed > mock.seconds_per_question + GRACE_SECONDS
    item.save(update_fields=["answer_md", "answered_at", "seconds_taken", "over_time"])
    following = MockQuestion.objects.filter(mock=mock, position=position + 1)
    if following.update(started_at=now):
        mock.position = position + 1
        mock.save(update_fields=["position"])
    else:
        mock.finished_at = now
        mock.save(update_fields=["finished_at"])
    return mock


@transaction.atomic
def mock_finish(*, mock: Mock, now: datetime | None = None) -> Mock:
    """End the mock now; the questions not reached stay unanswered. Finishing twice changes nothing."""
    mock = _locked(mock)
    if not mock.is_finished:
        mock.finished_at = now or timezone.now()
        mock.save(update_fields=["finished_at"])
    return mock


def mock_rating_token(item: MockQuestion) -> str:
    """One per question of a mock: re-posting its rating form is a replay, counted once."""
    return f"mock-{item.mock_id}-{item.question_id}"


@transaction.atomic
def mock_rate(*, mock: Mock, position: int, rating: str, now: datetime | None = None) -> MockQuestion:
    """Rate one question of a finished mock into the review schedule, once.

    The rating goes through ``practice_record`` with a token per mock and question, so
    a second post (or a second tab) records nothing more; the first rating stays.
    """
    mock = _locked(mock)
    if not mock.is_finished:
        raise ValidationError("Finish the mock before rating its answers.")
    item = MockQuestion.objects.select_for_update().select_related("question").filter(mock=mock, position=position)
    item = item.first()
    if item is None:
        raise ValidationError("This mock has no such question.")
    if item.rating:
        return item
    practice_record(
        user=mock.user,
        question=item.question,
        rating=rating,
        seconds_spent=item.seconds_taken or 0,
        reviewed_at=now,
        token=mock_rating_token(item),
    )
    item.rating = rating
    item.save(update_fields=["rating"])
    return item
