"""Practice mode, bookmarks, drafts, notes and ratings through their pages."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.models import DRAFT_MAX_LENGTH, NOTES_MAX_LENGTH, Practice, ReviewLog
from accounts.tests.factories import client_for
from questions.tests.factories import make_question, make_role

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_bookmark_with_a_plain_post_sets_it_and_returns_to_the_page(alice):
    question = make_question()
    response = client_for(alice).post(
        reverse("accounts:bookmark", args=[question.slug]), {"bookmarked": "1", "next": "/questions/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/questions/"
    assert alice.practices.get(question=question).bookmarked is True


def test_bookmark_with_htmx_answers_the_pressed_button_in_place(alice):
    question = make_question()
    response = client_for(alice).post(reverse("accounts:bookmark", args=[question.slug]), {"bookmarked": "1"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'aria-pressed="true"' in html
    assert 'name="bookmarked" value="0"' in html  # the next press removes it
    assert "<html" not in html


def test_bookmark_refuses_a_nonsense_value_without_saving(alice):
    question = make_question()
    response = client_for(alice).post(reverse("accounts:bookmark", args=[question.slug]), {"bookmarked": "maybe"})
    assert response.status_code == 400
    assert not Practice.objects.exists()


def test_bookmark_ignores_a_next_pointing_off_site(alice):
    question = make_question()
    response = client_for(alice).post(
        reverse("accounts:bookmark", args=[question.slug]), {"bookmarked": "1", "next": "https://evil.example/"}
    )
    assert response["Location"] == question.get_absolute_url()


def test_anonymous_bookmark_post_creates_nothing_and_asks_to_sign_in(db):
    question = make_question()
    response = Client().post(reverse("accounts:bookmark", args=[question.slug]), {"bookmarked": "1"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not Practice.objects.exists()


def test_question_page_shows_the_users_state_and_anonymous_a_sign_in_link(alice):
    question = make_question()
    services.bookmark_set(user=alice, question=question, bookmarked=True)
    services.practice_record(user=alice, question=question, rating="good", seconds_spent=3)
    signed_in = client_for(alice).get(question.get_absolute_url()).content.decode()
    assert 'aria-pressed="true"' in signed_in
    assert "Practised 1×, last rated Good" in signed_in
    anonymous = Client().get(question.get_absolute_url()).content.decode()
    assert "Sign in to bookmark and practise" in anonymous
    assert "aria-pressed" not in anonymous


def test_question_list_rows_show_state_in_a_constant_number_of_queries(alice):
    role = make_role()
    questions = [make_question(role=role) for _ in range(6)]
    for question in questions[:3]:
        services.bookmark_set(user=alice, question=question, bookmarked=True)
    client = client_for(alice)

    def count_queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("questions:list")).status_code == 200
        return len(captured)

    few = count_queries()
    for question in questions[3:]:
        services.bookmark_set(user=alice, question=question, bookmarked=True)
    for _ in range(5):
        make_question(role=role)
    assert count_queries() == few
    html = client.get(reverse("questions:list")).content.decode()
    assert html.count('aria-pressed="true"') == 6


@pytest.mark.parametrize(
    ("progress", "expected"),
    [("bookmarked", {"marked"}), ("practised", {"done"}), ("not-practised", {"marked", "untouched"})],
)
def test_question_list_filters_by_the_users_progress(alice, bob, progress, expected):
    role = make_role()
    marked = make_question(role=role, text="marked?")
    done = make_question(role=role, text="done?")
    make_question(role=role, text="untouched?")
    services.bookmark_set(user=alice, question=marked, bookmarked=True)
    services.practice_record(user=alice, question=done, rating="good", seconds_spent=1)
    services.practice_record(user=bob, question=marked, rating="good", seconds_spent=1)  # Bob's, not Alice's
    html = client_for(alice).get(reverse("questions:list"), {"progress": progress}).content.decode()
    shown = set(re.findall(r'<h2 class="question-row-title"><a href="[^"]+">(\w+)\?</a>', html))
    assert shown == expected
    assert f'<option value="{progress}" selected>' in html  # the form keeps the chosen filter


def test_each_reader_gets_their_own_progress_list_and_own_state_on_shared_rows(alice, bob):
    role = make_role()
    hers = make_question(role=role, text="hers?")
    his = make_question(role=role, text="his?")
    services.bookmark_set(user=alice, question=hers, bookmarked=True)
    services.bookmark_set(user=bob, question=his, bookmarked=True)
    row_title = r'<h2 class="question-row-title"><a href="[^"]+">(\w+)\?</a>'
    for user, own in ((alice, "hers"), (bob, "his")):
        client = client_for(user)
        html = client.get(reverse("questions:list"), {"progress": "bookmarked"}).content.decode()
        assert re.findall(row_title, html) == [own]
        # The unfiltered rows are shared by everyone; the bookmark state on them is each reader's.
        html = client.get(reverse("questions:list")).content.decode()
        assert re.findall(row_title, html) == ["hers", "his"]
        assert html.count('aria-pressed="true"') == 1


def test_progress_filter_is_ignored_with_a_notice_for_anonymous_visitors(db):
    make_question(text="visible?")
    html = Client().get(reverse("questions:list"), {"progress": "bookmarked"}).content.decode()
    assert "sign in to filter by your own progress" in html
    assert "visible?" in html
    assert 'name="progress"' not in html


def test_practice_page_hides_the_sample_answer_until_revealed(alice):
    question = make_question(sample_answer_md="The *secret* sauce.")
    client = client_for(alice)
    hidden = client.get(reverse("accounts:practice", args=[question.slug])).content.decode()
    assert "Reveal sample answer" in hidden
    assert "secret" not in hidden
    revealed = client.get(reverse("accounts:practice", args=[question.slug]), {"reveal": "1"}).content.decode()
    assert "<em>secret</em>" in revealed
    assert "Say the trade-off out loud." in revealed  # the self-check list
    for label in ("Again", "Hard", "Good", "Easy"):
        assert f">{label}</button>" in revealed


def test_reveal_with_htmx_answers_only_the_fragment(alice):
    question = make_question()
    response = client_for(alice).get(reverse("accounts:practice", args=[question.slug]), {"reveal": "1"}, **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="reveal"')
    assert "Sample answer" in html


def test_practice_page_is_for_signed_in_users(db):
    question = make_question()
    response = Client().get(reverse("accounts:practice", args=[question.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_unpublished_question_cannot_be_practised(alice):
    question = make_question(is_published=False)
    assert client_for(alice).get(reverse("accounts:practice", args=[question.slug])).status_code == 404


def test_draft_saves_with_htmx_and_survives_a_reload(alice):
    question = make_question()
    client = client_for(alice)
    response = client.post(
        reverse("accounts:draft", args=[question.slug]), {"draft_md": "I would shard by user."}, **HTMX
    )
    assert "Saved at" in response.content.decode()
    page = client.get(reverse("accounts:practice", args=[question.slug])).content.decode()
    assert "I would shard by user.</textarea>" in page


def test_a_too_long_draft_is_a_form_error_and_the_old_draft_stays(alice):
    question = make_question()
    services.practice_text_save(user=alice, question=question, field="draft_md", text="Keep me.")
    client = client_for(alice)
    url = reverse("accounts:draft", args=[question.slug])
    too_long = "y" * (DRAFT_MAX_LENGTH + 1)
    plain = client.post(url, {"draft_md": too_long})
    assert plain.status_code == 422
    assert "at most" in plain.content.decode()
    htmx = client.post(url, {"draft_md": too_long}, **HTMX)
    assert "Not saved" in htmx.content.decode()
    assert alice.practices.get(question=question).draft_md == "Keep me."


def test_notes_are_rendered_through_the_sanitising_markdown_renderer(alice):
    question = make_question()
    client = client_for(alice)
    client.post(reverse("accounts:notes", args=[question.slug]), {"notes_md": "**bold** <script>alert(1)</script>"})
    page = client.get(reverse("accounts:practice", args=[question.slug])).content.decode()
    assert "<strong>bold</strong>" in page
    assert "<script>alert(1)</script>" not in page


def test_too_long_notes_are_a_form_error(alice):
    question = make_question()
    response = client_for(alice).post(
        reverse("accounts:notes", args=[question.slug]), {"notes_md": "n" * (NOTES_MAX_LENGTH + 1)}
    )
    assert response.status_code == 422
    assert not Practice.objects.exists()


def test_rating_records_a_review_and_moves_to_the_next_question_of_the_set(alice):
    role = make_role()
    first, second = make_question(role=role), make_question(role=role)
    response = client_for(alice).post(
        reverse("accounts:rate", args=[first.slug]), {"rating": "good", "set": f"role:{role.slug}"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:practice", args=[second.slug]))
    review = ReviewLog.objects.get(user=alice)
    assert (review.question, review.rating) == (first, "good")
    assert alice.practices.get(question=first).times_practised == 1


def test_an_unknown_rating_is_a_message_not_an_error_page(alice):
    question = make_question()
    response = client_for(alice).post(reverse("accounts:rate", args=[question.slug]), {"rating": "superb"}, follow=True)
    assert response.status_code == 200
    assert "Choose one of Again, Hard, Good or Easy" in response.content.decode()
    assert not ReviewLog.objects.exists()


def test_practise_next_walks_through_the_users_bookmarks_only(alice):
    role = make_role()
    first, skipped, third = (make_question(role=role) for _ in range(3))
    for question in (first, third):
        services.bookmark_set(user=alice, question=question, bookmarked=True)
    client = client_for(alice)
    page = client.get(reverse("accounts:practice", args=[first.slug]), {"set": "bookmarks"}).content.decode()
    assert f'href="{reverse("accounts:practice", args=[third.slug])}?set=bookmarks"' in page
    assert reverse("accounts:practice", args=[skipped.slug]) not in page
    wrapped = client.get(reverse("accounts:practice", args=[third.slug]), {"set": "bookmarks"}).content.decode()
    assert f'href="{reverse("accounts:practice", args=[first.slug])}?set=bookmarks"' in wrapped


def test_practise_next_through_a_category_crosses_guides(alice):
    one, other = make_role(order=1), make_role(order=2)
    first = make_question(role=one, category="behavioral")
    make_question(role=one, category="technical")
    following = make_question(role=other, category="behavioral")
    page = (
        client_for(alice)
        .get(reverse("accounts:practice", args=[first.slug]), {"set": "category:behavioral"})
        .content.decode()
    )
    assert f'href="{reverse("accounts:practice", args=[following.slug])}?set=category%3Abehavioral"' in page


def test_an_unknown_practice_set_falls_back_to_the_guide_with_a_notice(alice):
    question = make_question()
    page = client_for(alice).get(reverse("accounts:practice", args=[question.slug]), {"set": "planet:mars"})
    assert page.status_code == 200
    assert "There is no practice set" in page.content.decode()


def test_a_bad_started_value_is_ignored(alice):
    question = make_question()
    client = client_for(alice)
    assert client.get(reverse("accounts:practice", args=[question.slug]), {"started": "yesterday"}).status_code == 200
    client.post(reverse("accounts:rate", args=[question.slug]), {"rating": "easy", "started": "-5"})
    client.post(reverse("accounts:rate", args=[question.slug]), {"rating": "easy", "started": "99999999999"})
    assert ReviewLog.objects.filter(user=alice).count() == 2
    # Neither the negative nor the far-future start was believed: both count from the request.
    assert all(seconds < 60 for seconds in ReviewLog.objects.values_list("seconds_spent", flat=True))
