"""Replayed and incomplete posts change nothing: a rating counts once, a missing field saves nothing."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from accounts import services
from accounts.models import Practice, ReviewLog
from accounts.tests.factories import client_for, make_user
from accounts.tests.test_concurrency import THREADS, run_in_parallel
from questions.tests.factories import make_question, make_role


def rating_form(client, question) -> dict:
    """The fields of the rating form as the revealed practice page shows them."""
    page = client.get(reverse("accounts:practice", args=[question.slug]), {"reveal": "1"}).content.decode()
    form = page[page.index('class="rating-form"') :]
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', form.split("</form>")[0]))
    return {**fields, "rating": "good"}


@pytest.mark.django_db
def test_posting_the_same_rating_form_twice_counts_once_and_answers_the_same(alice):
    role = make_role()
    first, second = make_question(role=role, number=1), make_question(role=role, number=2)
    client = client_for(alice)
    form = {**rating_form(client, first), "set": f"role:{role.slug}"}
    assert len(form["token"]) == 32
    answers = [client.post(reverse("accounts:rate", args=[first.slug]), form) for _ in range(2)]
    assert answers[0]["Location"] == answers[1]["Location"]
    assert answers[0]["Location"].startswith(reverse("accounts:practice", args=[second.slug]))
    assert ReviewLog.objects.filter(user=alice).count() == 1
    assert Practice.objects.get(user=alice, question=first).times_practised == 1


@pytest.mark.django_db
def test_each_showing_of_the_page_carries_a_new_token_so_practising_again_counts(alice):
    question = make_question()
    client = client_for(alice)
    for _ in range(2):
        client.post(reverse("accounts:rate", args=[question.slug]), rating_form(client, question))
    assert ReviewLog.objects.filter(user=alice).count() == 2
    assert Practice.objects.get(user=alice, question=question).times_practised == 2


@pytest.mark.django_db
def test_a_replayed_token_returns_the_first_rating_unchanged(alice):
    question = make_question()
    first = services.practice_record(user=alice, question=question, rating="hard", seconds_spent=5, token="a" * 32)
    replay = services.practice_record(user=alice, question=question, rating="easy", seconds_spent=9, token="a" * 32)
    assert replay.pk == first.pk
    practice = Practice.objects.get(user=alice, question=question)
    assert (practice.times_practised, practice.last_rating) == (1, "hard")


@pytest.mark.django_db
def test_one_questions_rating_form_posted_for_another_says_so_and_records_nothing(alice):
    role = make_role()
    first, second = make_question(role=role), make_question(role=role)
    client = client_for(alice)
    form = rating_form(client, first)
    client.post(reverse("accounts:rate", args=[first.slug]), form)
    response = client.post(reverse("accounts:rate", args=[second.slug]), form, follow=True)
    assert "This rating form was for another question" in response.content.decode()
    assert list(ReviewLog.objects.filter(user=alice).values_list("question", flat=True)) == [first.pk]
    assert not Practice.objects.filter(user=alice, question=second, times_practised__gt=0).exists()


@pytest.mark.django_db
def test_another_users_token_does_not_swallow_a_rating(alice, bob):
    question = make_question()
    services.practice_record(user=alice, question=question, rating="good", seconds_spent=1, token="b" * 32)
    services.practice_record(user=bob, question=question, rating="good", seconds_spent=1, token="b" * 32)
    assert ReviewLog.objects.filter(question=question).count() == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL (DATABASE_URL): SQLite serialises every writer, so it cannot show a race",
)
def test_parallel_copies_of_one_rating_form_make_one_row():
    user, question = make_user(), make_question()
    errors = run_in_parallel(
        lambda: services.practice_record(user=user, question=question, rating="good", seconds_spent=1, token="c" * 32)
    )
    assert errors == []
    assert THREADS > 1
    assert ReviewLog.objects.filter(user=user, question=question).count() == 1
    assert Practice.objects.get(user=user, question=question).times_practised == 1


@pytest.mark.django_db
@pytest.mark.parametrize(("endpoint", "field"), [("accounts:notes", "notes_md"), ("accounts:draft", "draft_md")])
@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_a_post_without_the_text_field_is_a_400_that_keeps_the_text(alice, endpoint, field, htmx):
    question = make_question()
    services.practice_text_save(user=alice, question=question, field=field, text="keep me")
    headers = {"HX-Request": "true"} if htmx else {}
    response = client_for(alice).post(reverse(endpoint, args=[question.slug]), {"set": ""}, headers=headers)
    assert response.status_code == 400
    assert field in response.content.decode()
    assert getattr(Practice.objects.get(user=alice, question=question), field) == "keep me"
