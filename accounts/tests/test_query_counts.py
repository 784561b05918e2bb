"""The practice page and the data export run as many queries for 20 questions' history as for 2."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.mocks.services import mock_answer, mock_start
from accounts.plan.layout import plan_build
from accounts.plan.services import plan_sync
from accounts.tests.factories import client_signed_in_with_password, make_story
from questions.models import Company, InterviewExperience, Skill
from questions.tests.factories import make_question, make_role

pytestmark = pytest.mark.django_db

# session, user, question, its skills, its tips, its key points, the user's row, the set's ids, the next
# question; the header's guides (cold cache) and due count
PRACTICE_QUERIES = 11
# session, user, the verified addresses and the three kinds of authenticator allauth's
# reauthentication check looks at, profile, email addresses, connected accounts, practice rows, reviews, stories,
# their skills, their links (each with its question), plan tasks, mocks (with their guide), their
# questions (each with its question), experiences (each with what it names, their rounds and their
# linked questions), reminders sent, salary reports (each with its guide and company)
EXPORT_QUERIES = 22


def build_history(user, size: int) -> list:
    """``size`` questions of one guide, each bookmarked, noted and rated twice; ``size`` experiences;
    ``size`` stories, each with a skill and linked to a behavioral question of another guide; ``size``
    mock interviews of three questions of a third guide, the first one answered."""
    role, stories_role = make_role(), make_role()
    skill = Skill.objects.create(slug=f"history-{size}", name="History")
    company = Company.objects.create(slug=f"history-{size}", name="History Inc")
    questions = [make_question(role=role, number=number) for number in range(1, size + 1)]
    for question in questions:
        services.bookmark_set(user=user, question=question, bookmarked=True)
        services.practice_text_save(user=user, question=question, field="notes_md", text="A *note*.")
        for rating in ("hard", "good"):
            services.practice_record(user=user, question=question, rating=rating, seconds_spent=30)
        InterviewExperience.objects.create(
            role=role, company=company, summary_md="s", outcome="offer", status="approved", submitted_by=user
        )
        make_story(user, skills=[skill], link_to=make_question(role=stories_role, category="behavioral"))
    mocks_role = make_role()
    for number in range(1, 4):
        make_question(role=mocks_role, number=number)
    for _ in range(size):
        mock = mock_start(user=user, role=mocks_role, categories=["technical"], count=3, minutes_per_question=5)
        mock_answer(mock=mock, position=0, answer="An answer.")
    return questions


@pytest.mark.parametrize("size", [2, 20])
@pytest.mark.parametrize("practice_set", ["", "bookmarks"])
def test_practice_page_query_count_is_constant(alice, client, django_assert_num_queries, size, practice_set):
    questions = build_history(alice, size)
    client.force_login(alice)
    url = reverse("accounts:practice", args=[questions[0].slug]) + (f"?set={practice_set}" if practice_set else "")
    with django_assert_num_queries(PRACTICE_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert reverse("accounts:practice", args=[questions[1].slug]) in response.content.decode()  # "Practise next"


@pytest.mark.parametrize("size", [2, 20])
def test_export_query_count_is_constant(alice, django_assert_num_queries, size):
    build_history(alice, size)
    today = timezone.localdate()
    interview = today + timedelta(days=size)
    services.profile_update(
        user=alice, target_role=None, interview_date=interview, experience_level="", time_zone="UTC"
    )
    planned = plan_build(today=today, interview_date=interview, tips=[], due_counts={}, new_per_day=1)
    plan_sync(user=alice, planned=planned, interview_date=interview, today=today)
    client = client_signed_in_with_password(alice)  # the export asks for a recent sign-in
    with django_assert_num_queries(EXPORT_QUERIES):
        response = client.get(reverse("accounts:export"))
    data = json.loads(response.content)
    assert (len(data["practice"]), len(data["reviews"]), len(data["interview_experiences"])) == (size, 2 * size, size)
    assert [(len(story["skills"]), len(story["questions"])) for story in data["stories"]] == [(1, 1)] * size
    assert len(data["plan_tasks"]) == len(planned) > size
    assert [len(mock["questions"]) for mock in data["mocks"]] == [3] * size
