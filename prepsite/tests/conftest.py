"""People for the site-wide checks (valid HTML, axe-core): each with history on every feature,
so every page draws what it can: the forecast, the strong-story marker, a transcript, a
running mock, recovery codes."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts import services
from accounts.mocks.models import Mock
from accounts.mocks.services import mock_answer, mock_start
from accounts.tests.factories import make_story, make_user
from questions.models import Category, Question, Role
from questions.tests.factories import totp_activate


@dataclass
class SiteForCrawl:
    candidate: object  # profile, ratings, a story, a finished and a running mock, GitHub connected
    two_factor_user: object  # has an authenticator app and recovery codes
    totp_secret: str  # the two-factor user's app secret
    unverified: EmailAddress  # someone else's address, signed up but not yet confirmed
    finished_mock: Mock
    running_mock: Mock
    question: Question  # practised by the candidate


def candidate_with_history(role: Role):
    user = make_user()
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
    finished = mock_start(user=user, role=role, categories=[Category.BEHAVIORAL], count=3, minutes_per_question=5)
    for position in range(3):
        finished = mock_answer(mock=finished, position=position, answer="I led the migration and measured the result.")
    running = mock_start(user=user, role=role, categories=[Category.TECHNICAL], count=3, minutes_per_question=5)
    return user, finished, running, questions[0]


# Both sign-in providers switched on, so their buttons and pages are crawled too.
PROVIDERS = {
    "github": {"APP": {"client_id": "github-id", "secret": "github-secret"}, "SCOPE": ["user:email"]},
    "google": {"APP": {"client_id": "google-id", "secret": "google-secret"}, "SCOPE": ["openid", "email"]},
}


@pytest.fixture
def site_for_crawl(starter_content, settings) -> SiteForCrawl:
    settings.SOCIALACCOUNT_PROVIDERS = PROVIDERS
    role = Role.objects.get(slug="backend-developer")
    candidate, finished, running, question = candidate_with_history(role)
    SocialAccount.objects.create(user=candidate, provider="github", uid="4242", extra_data={"login": "octocandidate"})
    # Not the candidate's: allauth opens the two-factor set-up only once all their addresses are confirmed.
    newcomer = get_user_model().objects.create_user(username="newcomer", email="newcomer@example.com")
    unverified = EmailAddress.objects.create(user=newcomer, email=newcomer.email, verified=False, primary=True)
    two_factor_user = make_user()
    secret = totp_activate(two_factor_user)
    return SiteForCrawl(
        candidate=candidate,
        two_factor_user=two_factor_user,
        totp_secret=secret,
        unverified=unverified,
        finished_mock=finished,
        running_mock=running,
        question=question,
    )
