"""A candidate's bookmarks and practised questions as Anki decks, and their history as CSV."""

import csv
import io
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from accounts import services
from accounts.models import Profile
from accounts.tests.factories import client_for, make_user
from questions.anki import note_guid
from questions.tests.factories import make_question, make_role
from questions.tests.test_anki import read_deck

pytestmark = pytest.mark.django_db


def rows_of(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def candidate():
    user = make_user()
    Profile.objects.update_or_create(user=user, defaults={"time_zone": "Europe/Paris"})
    role = make_role(title="Backend Developer")
    bookmarked = make_question(role=role, number=1, text="=cmd|' /C calc'!A0")
    practised = make_question(role=role, number=2, text="Explain indexes")
    services.bookmark_set(user=user, question=bookmarked, bookmarked=True)
    services.practice_text_save(user=user, question=bookmarked, field="notes_md", text="@remember this")
    services.practice_record(
        user=user,
        question=practised,
        rating="good",
        seconds_spent=95,
        reviewed_at=datetime(2026, 11, 30, 8, 15, tzinfo=UTC),
    )
    return user, bookmarked, practised


def test_bookmarks_deck_holds_only_the_candidates_bookmarks(candidate):
    user, bookmarked, practised = candidate
    other = make_user()
    services.bookmark_set(user=other, question=practised, bookmarked=True)
    response = client_for(user).get(reverse("accounts:deck", args=["bookmarks"]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert 'filename="prepsite-my-bookmarks.apkg"' in response["Content-Disposition"]
    assert [note["guid"] for note in read_deck(response.content)["notes"]] == [note_guid(bookmarked)]


def test_practised_deck_holds_what_the_candidate_rated(candidate):
    user, _, practised = candidate
    response = client_for(user).get(reverse("accounts:deck", args=["practised"]))
    assert [note["guid"] for note in read_deck(response.content)["notes"]] == [note_guid(practised)]


def test_an_empty_deck_sends_the_candidate_back_with_a_message():
    client = client_for(make_user())
    response = client.get(reverse("accounts:deck", args=["bookmarks"]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:dashboard")
    assert "That deck would be empty" in response.content.decode()


def test_an_unknown_deck_is_404():
    assert client_for(make_user()).get(reverse("accounts:deck", args=["everything"])).status_code == 404


@pytest.mark.parametrize("name", ["accounts:deck", "accounts:history_csv", "accounts:bookmarks_csv"])
def test_downloads_need_sign_in(client, name):
    url = reverse(name, args=["bookmarks"]) if name == "accounts:deck" else reverse(name)
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_practice_history_csv_lists_each_rating_in_the_candidates_time_zone(candidate):
    user, _, practised = candidate
    make_user()  # someone else's history never shows
    rows = rows_of(client_for(user).get(reverse("accounts:history_csv")))
    assert rows[0] == ["reviewed at", "question", "guide", "category", "difficulty", "rating", "seconds spent", "url"]
    assert rows[1:] == [
        [
            "2026-11-30T09:15+01:00",
            "Explain indexes",
            "Backend Developer",
            "Technical",
            "Medium",
            "Good",
            "95",
            f"http://testserver{practised.get_absolute_url()}",
        ]
    ]


def test_bookmarks_csv_quotes_cells_a_spreadsheet_would_run(candidate):
    user, bookmarked, _ = candidate
    rows = rows_of(client_for(user).get(reverse("accounts:bookmarks_csv")))
    assert rows[0][:4] == ["question", "guide", "category", "difficulty"]
    assert len(rows) == 2
    assert rows[1][0] == "'=cmd|' /C calc'!A0"
    assert rows[1][8] == "'@remember this"
    assert rows[1][-1] == f"http://testserver{bookmarked.get_absolute_url()}"


def test_account_page_and_dashboard_link_the_downloads(candidate):
    user, _, _ = candidate
    client = client_for(user)
    account = client.get(reverse("accounts:account")).content.decode()
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    for url in (reverse("accounts:history_csv"), reverse("accounts:bookmarks_csv")):
        assert url in account
    assert reverse("accounts:deck", args=["bookmarks"]) in dashboard
    assert reverse("accounts:deck", args=["practised"]) in dashboard
