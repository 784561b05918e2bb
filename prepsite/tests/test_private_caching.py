"""Responses to a signed-in user are never stored by any cache; visitors' public pages still are."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.tests.factories import PASSWORD, client_for, make_user
from questions.tests.factories import make_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(db):
    return make_question()


@pytest.fixture
def user(question):
    user = make_user()
    services.bookmark_set(user=user, question=question, bookmarked=True)
    return user


@pytest.fixture
def signed_in(user):
    return client_for(user)


def private_paths(question, practice_id: int) -> list[str]:
    return [
        reverse("accounts:dashboard"),
        reverse("accounts:account"),
        reverse("accounts:profile"),
        reverse("accounts:record", args=[practice_id]),
        reverse("accounts:practice", args=[question.slug]),
        reverse("account_email"),
        reverse("account_change_password"),
        question.get_absolute_url(),
        reverse("questions:list"),
        reverse("questions:home"),
    ]


def test_every_page_a_signed_in_user_gets_is_no_store(user, signed_in, question):
    for path in private_paths(question, user.practices.get().pk):
        response = signed_in.get(path)
        assert response.status_code == 200, path
        assert response["Cache-Control"] == "private, no-store", path


def test_writes_and_redirects_for_a_signed_in_user_are_no_store(signed_in, question):
    response = signed_in.post(reverse("accounts:bookmark", args=[question.slug]), {"bookmarked": "0"})
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"


def test_the_response_that_signs_in_is_no_store():
    user = make_user()
    response = Client().post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"


def test_the_response_that_signs_out_is_no_store(signed_in):
    response = signed_in.post(reverse("account_logout"))
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"


def test_visitors_still_get_public_cached_pages(question):
    for path in (question.get_absolute_url(), reverse("questions:list"), reverse("questions:home")):
        response = Client().get(path)
        assert response.status_code == 200, path
        directives = {part.strip() for part in response["Cache-Control"].split(",")}
        assert "public" in directives, path
        assert "no-store" not in directives, path
        assert response.has_header("ETag"), path
