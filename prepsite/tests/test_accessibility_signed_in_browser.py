"""axe-core finds no serious or critical problem on a candidate's own pages at phone width.

The candidate has history on every feature (ratings, a story, a finished mock, a plan),
so each page draws what it can: the forecast, the strong-story marker, the transcript.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts import services
from accounts.mocks.services import mock_answer, mock_start
from accounts.tests.factories import make_story, make_user
from prepsite.tests.axe import axe_context, blocking_violations
from questions.models import Category, Question, Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def candidate(starter_content):
    user = make_user()
    role = Role.objects.get(slug="backend-developer")
    services.profile_update(
        user=user,
        target_role=role,
        interview_date=timezone.localdate() + timedelta(days=10),
        experience_level="mid",
        time_zone="Europe/Paris",
    )
    questions = list(Question.objects.published().filter(role=role).order_by("number")[:3])
    for question in questions:
        services.practice_record(user=user, question=question, rating="good", seconds_spent=60)
    behavioral = Question.objects.published().filter(role=role, category=Category.BEHAVIORAL).first()
    make_story(user, link_to=behavioral)
    mock = mock_start(user=user, role=role, categories=[Category.BEHAVIORAL], count=3, minutes_per_question=5)
    for position in range(3):
        mock = mock_answer(mock=mock, position=position, answer="I led the migration and measured the result.")
    return user, mock, questions[0]


def signed_in_context(browser, user, *, live_server, axe_script, scheme: str):
    """A phone-width context with axe-core, signed in as ``user`` through a session cookie."""
    client = Client()
    client.force_login(user)
    context = axe_context(browser, axe_script=axe_script, color_scheme=scheme)
    host = live_server.url.split("//", 1)[1].split(":")[0]
    session = client.cookies["sessionid"].value
    context.add_cookies([{"name": "sessionid", "value": session, "domain": host, "path": "/"}])
    return context


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_candidates_pages_pass_axe_at_phone_width(live_server, browser, candidate, axe_script, scheme):
    user, mock, question = candidate
    context = signed_in_context(browser, user, live_server=live_server, axe_script=axe_script, scheme=scheme)
    page = context.new_page()
    paths = [
        "/me/",
        "/me/review/",
        f"/practice/{question.slug}/",
        f"/practice/{question.slug}/?reveal=1",
        "/me/stories/",
        "/me/stories/new/",
        "/practice/mock/new/",
        "/me/mocks/",
        f"/me/mocks/{mock.pk}/",
        "/me/plan/",
        "/me/profile/",
        "/me/account/",
        "/me/contributions/",
        "/share/",
        "/companies/netflix/share/",
    ]
    found = {}
    for path in paths:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        if violations := blocking_violations(page):
            found[path] = violations
    context.close()
    assert found == {}
