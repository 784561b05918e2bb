"""Parallel requests never make two practice rows nor lose a count (PostgreSQL only)."""

import threading

import pytest
from django.db import connection, connections
from django.urls import reverse

from accounts import scheduling, services
from accounts.models import Practice, ReviewLog
from accounts.tests.factories import client_for, make_user
from questions.tests.factories import make_question

THREADS = 8
ROUNDS = 5

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL (DATABASE_URL): SQLite serialises every writer, so it cannot show a race",
    ),
]


def run_in_parallel(action) -> list[BaseException]:
    """Start ``THREADS`` threads together, each with its own connection; return their errors."""
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def worker():
        try:
            barrier.wait()
            for _ in range(ROUNDS):
                action()
        except BaseException as error:  # noqa: BLE001 - reported to the test below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_parallel_ratings_make_one_row_and_count_every_rating():
    user, question = make_user(), make_question()
    errors = run_in_parallel(
        lambda: services.practice_record(user=user, question=question, rating="good", seconds_spent=1)
    )
    assert errors == []
    practice = Practice.objects.get(user=user, question=question)
    assert practice.times_practised == THREADS * ROUNDS
    assert ReviewLog.objects.filter(user=user, question=question).count() == THREADS * ROUNDS


def test_parallel_first_bookmarks_make_one_row():
    user, question = make_user(), make_question()
    errors = run_in_parallel(lambda: services.bookmark_set(user=user, question=question, bookmarked=True))
    assert errors == []
    assert Practice.objects.filter(user=user, question=question).count() == 1
    assert Practice.objects.get(user=user, question=question).bookmarked is True


def test_two_clients_rating_one_question_at_once_keep_every_review_in_the_schedule():
    user, question = make_user(), make_question()
    services.bookmark_set(user=user, question=question, bookmarked=True)  # the row exists: both read it
    clients = [client_for(user), client_for(user)]
    barrier = threading.Barrier(len(clients))
    statuses: list[int] = []

    def rate(client, rating):
        try:
            for _ in range(ROUNDS):
                barrier.wait()
                response = client.post(reverse("accounts:rate", args=[question.slug]), {"rating": rating})
                statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=rate, args=pair) for pair in zip(clients, ["good", "again"], strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * 2 * ROUNDS
    log = ReviewLog.objects.filter(user=user, question=question).order_by("reviewed_at", "pk")
    assert log.count() == 2 * ROUNDS
    practice = Practice.objects.get(user=user, question=question)
    assert practice.times_practised == 2 * ROUNDS
    # Each rating was scheduled from the state the other left: the stored card is the replay of all.
    replayed = scheduling.replay(log.values_list("rating", "reviewed_at"), settings=scheduling.ScheduleSettings())
    assert practice.card == replayed
