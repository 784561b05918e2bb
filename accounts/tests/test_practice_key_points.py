"""Practice mode shows, once the answer is revealed, which key points the saved draft touched."""

import pytest
from django.urls import reverse

from accounts import services
from accounts.tests.factories import client_for
from questions.tests.factories import make_question

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
KEY_POINTS = [
    ("Estimates load before choosing components", ["requests per second", "back of the envelope"]),
    ("Names the fan-out trade-off", ["fan-out on write", "fan-out on read"]),
    ("Caches hot timelines", ["cache"]),
]


def practice_url(question) -> str:
    return reverse("accounts:practice", args=[question.slug])


def test_revealed_answer_lists_touched_and_missed_key_points_as_a_hint(alice):
    question = make_question(key_points=KEY_POINTS)
    text = "About 30k **requests per second**; I'd keep timelines cached in Redis."
    services.practice_text_save(user=alice, question=question, field="draft_md", text=text)
    html = client_for(alice).get(practice_url(question), {"reveal": "1"}).content.decode()
    assert "Your answer touched 2 of 3 key points." in html
    assert (
        '<span class="visually-hidden">Touched: </span>Estimates load before choosing components '
        '<span class="muted">(you wrote “requests per second”)</span>'
    ) in html
    assert '<span class="visually-hidden">Missed: </span>Names the fan-out trade-off</li>' in html
    assert "(you wrote “cache”)" in html  # "cached" counts for "cache"
    assert "never a grade" in html


def test_key_points_stay_hidden_until_the_answer_is_revealed(alice):
    question = make_question(key_points=KEY_POINTS)
    services.practice_text_save(user=alice, question=question, field="draft_md", text="requests per second")
    html = client_for(alice).get(practice_url(question)).content.decode()
    assert "Key points in your answer" not in html
    assert "Names the fan-out trade-off" not in html


def test_without_a_saved_draft_the_reveal_lists_the_key_points_and_says_how_to_compare(alice):
    question = make_question(key_points=KEY_POINTS)
    html = client_for(alice).get(practice_url(question), {"reveal": "1"}).content.decode()
    assert "There is no saved answer to compare yet." in html
    assert "<li>Names the fan-out trade-off</li>" in html
    assert "Touched: " not in html and "Missed: " not in html


def test_a_question_without_key_points_shows_no_key_point_block(alice):
    question = make_question()
    html = client_for(alice).get(practice_url(question), {"reveal": "1"}).content.decode()
    assert "Key points in your answer" not in html


def test_the_htmx_reveal_fragment_carries_the_key_points(alice):
    question = make_question(key_points=KEY_POINTS)
    services.practice_text_save(user=alice, question=question, field="draft_md", text="Fan-out on read.")
    html = client_for(alice).get(practice_url(question), {"reveal": "1"}, **HTMX).content.decode()
    assert html.lstrip().startswith('<div id="reveal"')
    assert "Your answer touched 1 of 3 key points." in html


def test_another_users_draft_is_never_matched(alice, bob):
    question = make_question(key_points=KEY_POINTS)
    services.practice_text_save(user=bob, question=question, field="draft_md", text="requests per second")
    html = client_for(alice).get(practice_url(question), {"reveal": "1"}).content.decode()
    assert "There is no saved answer to compare yet." in html


# session, user, question and role, its skills, tips and key points, practice, next question;
# the header's guides and due count
REVEAL_QUERIES = 10


@pytest.mark.parametrize("size", [3, 6])
def test_revealed_page_query_count_does_not_grow_with_key_points(alice, django_assert_num_queries, size):
    points = [(f"Point {n}", [f"phrase {n}", f"other {n}"]) for n in range(size)]
    question = make_question(key_points=points)
    services.practice_text_save(user=alice, question=question, field="draft_md", text="phrase 1 and other 2")
    client = client_for(alice)
    with django_assert_num_queries(REVEAL_QUERIES):
        html = client.get(practice_url(question), {"reveal": "1"}).content.decode()
    assert f"Your answer touched 2 of {size} key points." in html
