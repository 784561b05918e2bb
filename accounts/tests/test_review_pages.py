"""The review queue, walking it in practice mode, the header count and the due labels."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.models import Practice, ReviewLog
from accounts.tests.factories import client_for
from questions.tests.factories import make_question, make_role

pytestmark = pytest.mark.django_db
REVIEW_QUERIES = 8  # session, user, profile, due rows, next due, started today, new questions; header guides


def rate(user, question, rating="again", *, days_ago: float = 3):
    services.practice_record(
        user=user,
        question=question,
        rating=rating,
        seconds_spent=10,
        reviewed_at=timezone.now() - timedelta(days=days_ago),
    )


def with_profile(user, role=None, **settings):
    services.profile_update(
        user=user, target_role=role, interview_date=None, experience_level="", time_zone="UTC", **settings
    )


def test_the_queue_lists_what_is_due_oldest_first_and_nothing_else(alice, bob):
    role = make_role()
    older, newer, later = (make_question(role=role) for _ in range(3))
    rate(alice, older, days_ago=5)
    rate(alice, newer, days_ago=3)
    rate(alice, later, "good", days_ago=0)  # due tomorrow
    rate(bob, make_question(role=role), days_ago=4)
    html = client_for(alice).get(reverse("accounts:review")).content.decode()
    assert "2 questions due now" in html
    assert html.index(older.text) < html.index(newer.text)
    assert later.text not in html.split("New questions")[0]
    assert 'Review <span class="nav-count">2<' in html
    start = f'href="{reverse("accounts:practice", args=[older.slug])}?set=review">Start review'
    assert start in html


def test_each_rating_moves_to_the_next_due_question_and_the_last_back_to_the_queue(alice):
    role = make_role()
    first, second = make_question(role=role), make_question(role=role)
    rate(alice, first, days_ago=5)
    rate(alice, second, days_ago=3)
    client = client_for(alice)
    response = client.post(reverse("accounts:rate", args=[first.slug]), {"rating": "good", "set": "review"})
    assert response["Location"] == f"{reverse('accounts:practice', args=[second.slug])}?set=review"
    response = client.post(reverse("accounts:rate", args=[second.slug]), {"rating": "good", "set": "review"})
    assert response["Location"] == reverse("accounts:review")
    html = client.get(reverse("accounts:review")).content.decode()
    assert "Nothing is due now." in html
    assert "The next question is due" in html
    assert "nav-count" not in html


def test_an_empty_queue_offers_the_days_new_questions_from_the_target_guide(alice):
    role = make_role()
    questions = [make_question(role=role) for _ in range(4)]
    with_profile(alice, role, new_per_day=2)
    rate(alice, questions[0], "good", days_ago=0)  # started today: one of the two
    html = client_for(alice).get(reverse("accounts:review")).content.decode()
    assert "1 of 2 new questions left today" in html
    assert f'{reverse("accounts:practice", args=[questions[1].slug])}?set=review' in html
    assert questions[2].text not in html


def test_a_candidate_without_a_target_guide_is_asked_to_choose_one(alice):
    html = client_for(alice).get(reverse("accounts:review")).content.decode()
    assert "Choose the guide you follow" in html
    assert "Rate a question in practice mode" in html


@pytest.mark.parametrize("reviews", [10, 1000])
def test_review_page_query_count_does_not_grow_with_history(alice, reviews, django_assert_num_queries):
    role = make_role()
    questions = [make_question(role=role) for _ in range(10)]
    with_profile(alice, role)
    now = timezone.now()
    ReviewLog.objects.bulk_create(
        ReviewLog(
            user=alice, question=questions[index % 10], rating="good", reviewed_at=now - timedelta(days=30, hours=index)
        )
        for index in range(reviews)
    )
    for question in questions[:6]:
        rate(alice, question, days_ago=2)
    client = client_for(alice)
    with django_assert_num_queries(REVIEW_QUERIES):
        response = client.get(reverse("accounts:review"))
    assert response.content.decode().count("?set=review") == 6 + 1 + 4  # queue, start, new questions


def test_the_header_count_is_one_query_on_other_pages(alice, django_assert_num_queries):
    rate(alice, make_question())
    second = make_question()
    client = client_for(alice)
    client.get(reverse("accounts:account"))  # warm up anything lazily built
    with django_assert_num_queries(3):  # session, user, profile: the due count is kept in the cache
        html = client.get(reverse("accounts:account")).content.decode()
    assert 'Review <span class="nav-count">1<' in html
    rate(alice, second)  # the user's data changed: the count is read again, in one query
    with django_assert_num_queries(4):
        html = client.get(reverse("accounts:account")).content.decode()
    assert 'Review <span class="nav-count">2<' in html


def test_visitors_see_no_review_link(client, db):
    assert reverse("accounts:review") not in client.get(reverse("questions:home")).content.decode()


def test_the_review_page_needs_sign_in(client, db):
    response = client.get(reverse("accounts:review"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_another_users_card_is_404(alice, bob):
    question = make_question()
    rate(alice, question)
    record = Practice.objects.get(user=alice, question=question)
    assert client_for(bob).get(reverse("accounts:record", args=[record.pk])).status_code == 404
    html = client_for(bob).get(reverse("accounts:review")).content.decode()
    assert question.text not in html and "Nothing is due now." in html


def test_question_pages_and_rows_show_when_it_is_due(alice):
    role = make_role()
    due_now, due_later = make_question(role=role), make_question(role=role)
    rate(alice, due_now)
    rate(alice, due_later, "good", days_ago=0)
    client = client_for(alice)
    assert "Due now" in client.get(due_now.get_absolute_url()).content.decode()
    assert "Due tomorrow" in client.get(due_later.get_absolute_url()).content.decode()
    listing = client.get(reverse("questions:list")).content.decode()
    assert listing.count('class="due-label"') == 2
    practice_page = client.get(reverse("accounts:practice", args=[due_now.slug])).content.decode()
    assert '<span class="due-label">Due now</span>' in practice_page
