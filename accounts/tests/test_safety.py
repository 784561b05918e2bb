"""Another user's anything is a 404; writes refuse GET; CSRF holds, for htmx too."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.models import Practice, ReviewLog
from accounts.tests.factories import PASSWORD, client_for, client_signed_in_with_password
from questions.tests.factories import make_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def alices_practice(alice):
    question = make_question()
    services.bookmark_set(user=alice, question=question, bookmarked=True)
    services.practice_text_save(user=alice, question=question, field="notes_md", text="Alice's private note")
    services.practice_text_save(user=alice, question=question, field="draft_md", text="Alice's private draft")
    services.practice_record(user=alice, question=question, rating="good", seconds_spent=30)
    return alice.practices.get(question=question)


def snapshot(practice: Practice) -> tuple:
    practice = Practice.objects.get(pk=practice.pk)
    reviews = ReviewLog.objects.filter(user=practice.user_id).count()
    return (practice.bookmarked, practice.notes_md, practice.draft_md, practice.times_practised, reviews)


def test_other_users_practice_record_is_404(alices_practice, bob):
    response = client_for(bob).get(reverse("accounts:record", args=[alices_practice.pk]))
    assert response.status_code == 404
    assert "Alice's private" not in response.content.decode()


def test_other_users_practice_cannot_be_cleared(alices_practice, bob):
    before = snapshot(alices_practice)
    response = client_for(bob).post(reverse("accounts:clear", args=[alices_practice.pk]))
    assert response.status_code == 404
    assert snapshot(alices_practice) == before


def test_owner_sees_and_clears_their_own_record(alices_practice, alice):
    client = client_for(alice)
    page = client.get(reverse("accounts:record", args=[alices_practice.pk])).content.decode()
    assert "private note" in page
    assert client.post(reverse("accounts:clear", args=[alices_practice.pk])).status_code == 302
    assert not Practice.objects.filter(pk=alices_practice.pk).exists()
    assert not ReviewLog.objects.filter(user=alice).exists()


def test_other_users_writes_to_the_same_question_touch_only_their_own_row(alices_practice, bob):
    before = snapshot(alices_practice)
    slug = alices_practice.question.slug
    client = client_for(bob)
    client.post(reverse("accounts:bookmark", args=[slug]), {"bookmarked": "0"})
    client.post(reverse("accounts:notes", args=[slug]), {"notes_md": "overwritten"})
    client.post(reverse("accounts:draft", args=[slug]), {"draft_md": "overwritten"})
    client.post(reverse("accounts:rate", args=[slug]), {"rating": "again"})
    page = client.get(reverse("accounts:practice", args=[slug])).content.decode()
    assert snapshot(alices_practice) == before
    assert "Alice" not in page
    bobs = bob.practices.get(question=alices_practice.question)
    assert (bobs.notes_md, bobs.draft_md, bobs.times_practised) == ("overwritten", "overwritten", 1)


def test_export_holds_only_the_signed_in_users_data(alices_practice, bob):
    response = client_signed_in_with_password(bob).get(reverse("accounts:export"))
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["account"]["email"] == "bob@example.com"
    assert data["practice"] == []
    assert "Alice" not in response.content.decode()


def test_export_is_for_signed_in_users_only(alices_practice):
    response = Client().get(reverse("accounts:export"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


STATE_CHANGING = [
    ("accounts:bookmark", "slug"),
    ("accounts:draft", "slug"),
    ("accounts:notes", "slug"),
    ("accounts:rate", "slug"),
    ("accounts:clear", "pk"),
    ("accounts:reset", None),
    ("accounts:delete", None),
    ("accounts:story_link", "slug"),
]


@pytest.mark.parametrize(("name", "argument"), STATE_CHANGING)
def test_state_changing_urls_refuse_get(alices_practice, alice, name, argument):
    args = {"slug": [alices_practice.question.slug], "pk": [alices_practice.pk], None: []}[argument]
    before = snapshot(alices_practice)
    assert client_for(alice).get(reverse(name, args=args)).status_code == 405
    assert snapshot(alices_practice) == before


@pytest.mark.parametrize(("name", "argument"), STATE_CHANGING)
def test_post_without_csrf_token_is_403(alices_practice, alice, name, argument):
    args = {"slug": [alices_practice.question.slug], "pk": [alices_practice.pk], None: []}[argument]
    before = snapshot(alices_practice)
    client = client_for(alice, enforce_csrf_checks=True)
    payload = {"bookmarked": "0", "draft_md": "x", "notes_md": "x", "rating": "again", "confirm": "on"}
    assert client.post(reverse(name, args=args), {**payload, "password": PASSWORD}).status_code == 403
    assert snapshot(alices_practice) == before


def test_htmx_post_with_the_token_from_the_body_header_passes_csrf(alice):
    question = make_question()
    client = client_for(alice, enforce_csrf_checks=True)
    page = client.get(question.get_absolute_url()).content.decode()
    token = page.split('data-hx-headers=\'{"X-CSRFToken": "', 1)[1].split('"', 1)[0]
    response = client.post(
        reverse("accounts:bookmark", args=[question.slug]),
        {"bookmarked": "1"},
        HTTP_HX_REQUEST="true",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 200
    assert alice.practices.get(question=question).bookmarked is True


def test_only_the_one_click_unsubscribe_skips_csrf():
    """Mail clients post RFC 8058 one-click unsubscribes without a token; nothing else may."""
    from django.urls import get_resolver

    def callbacks(resolver):
        for pattern in resolver.url_patterns:
            if hasattr(pattern, "url_patterns"):
                yield from callbacks(pattern)
            else:
                yield pattern.callback

    ours = ("accounts", "questions", "compensation", "prepsite")
    exempt = {
        f"{callback.__module__}.{callback.__name__}"
        for callback in callbacks(get_resolver())
        if getattr(callback, "csrf_exempt", False) and callback.__module__.split(".")[0] in ours
    }
    assert exempt == {"accounts.review_views.unsubscribe"}
