"""An unpublished guide leaves no trace on any public or signed-in page.

The draft guide below has everything a real one has: published questions, skills, a
company only it uses, a company it shares with a published guide, pay rows and an
approved interview experience. Every name it brings contains "quokka", so one search
of each response finds a leak, whatever part of the page it comes from.
"""

import pytest
from django.urls import reverse

from accounts.tests.factories import client_for, make_user
from compensation.models import CompanyPay, SalaryBand
from questions.models import Company, InterviewExperience, Skill
from questions.tests.factories import make_question, make_role

pytestmark = pytest.mark.django_db

DRAFT_MARK = "quokka"


def add_pay(role, company):
    SalaryBand.objects.create(
        role=role, level="mid", years_min=2, years_max=5, low=90, median=100, high=110, year=2025, source="Survey"
    )
    CompanyPay.objects.create(
        role=role,
        company=company,
        level_label="L4",
        base_low=100,
        base_high=120,
        total_low=130,
        total_high=160,
        year=2025,
        source="Offers",
    )


@pytest.fixture
def guides(db):
    shared_skill = Skill.objects.create(slug="caching", name="Caching")
    shared_company = Company.objects.create(slug="acme", name="Acme")
    published = make_role(slug="backend", title="Backend Developer", order=1)
    published.skills.set([shared_skill])
    question = make_question(
        role=published, slug="cache-design", text="How would you design a cache?", number=1,
        skills=[shared_skill], companies=[shared_company],
    )  # fmt: skip
    add_pay(published, shared_company)

    draft = make_role(slug="quokka-keeper", title="Quokka Keeper", lead="Quokka care interviews.", order=0)
    draft_skill = Skill.objects.create(slug="quokka-herding", name="Quokka Herding")
    draft_company = Company.objects.create(slug="quokkacorp", name="Quokkacorp")
    draft.skills.set([draft_skill, shared_skill])
    draft_question = make_question(
        role=draft, slug="calm-a-quokka", text="How do you calm an anxious quokka?", number=1,
        why_asked_md="Quokka handlers need patience.", skills=[draft_skill, shared_skill],
        companies=[draft_company, shared_company],
    )  # fmt: skip
    add_pay(draft, draft_company)
    CompanyPay.objects.create(
        role=draft, company=shared_company, level_label="Quokka lead", base_low=1, base_high=2, total_low=3,
        total_high=4, year=2025, source="Quokka survey",
    )  # fmt: skip
    for company in (draft_company, shared_company):
        InterviewExperience.objects.create(
            role=draft, company=company, summary_md="A quokka interview.", outcome="offer", status="approved"
        )

    # A candidate practised the draft guide while it was still out, then it was withdrawn.
    candidate = make_user()
    signed_in = client_for(candidate)
    for slug in ("calm-a-quokka", "cache-design"):
        signed_in.post(reverse("accounts:bookmark", args=[slug]), {"bookmarked": "1"})
        signed_in.post(reverse("accounts:rate", args=[slug]), {"rating": "good"})
    assert candidate.practices.count() == 2
    draft.is_published = False
    draft.save()
    return {"question": question, "draft_question": draft_question, "signed_in": signed_in}


PUBLIC_PAGES = [
    "/",
    "/questions/",
    "/questions/?difficulty=medium",
    "/questions/?skill=caching",
    "/questions/?company=acme",
    "/questions/?role=backend&category=technical",
    "/questions/?q=calm",
    "/questions/?q=anxious",
    "/questions/cache-design/",
    "/roles/backend/",
    "/salaries/backend/",
    "/companies/acme/",
    "/sitemap.xml",
]
DRAFT_PAGES = [
    "/roles/quokka-keeper/",
    "/questions/calm-a-quokka/",
    "/salaries/quokka-keeper/",
    "/companies/quokkacorp/",
]


def assert_no_draft(response):
    assert DRAFT_MARK not in response.content.decode().lower(), f"draft guide shows on {response.request['PATH_INFO']}"


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_and_fragments_never_name_the_draft_guide(client, guides, path):
    for headers in ({}, {"HX-Request": "true"}):
        response = client.get(path, headers=headers)
        assert response.status_code == 200
        assert_no_draft(response)


@pytest.mark.parametrize("path", PUBLIC_PAGES + ["/me/", "/me/profile/", "/me/account/", "/practice/cache-design/"])
def test_signed_in_pages_never_name_the_draft_guide(guides, path):
    for headers in ({}, {"HX-Request": "true"}):
        response = guides["signed_in"].get(path, headers=headers)
        assert response.status_code == 200
        assert_no_draft(response)


@pytest.mark.parametrize("path", DRAFT_PAGES)
def test_draft_guide_pages_answer_404(client, guides, path):
    for visitor in (client, guides["signed_in"]):
        response = visitor.get(path)
        assert response.status_code == 404
        assert_no_draft(response)


def test_practising_a_question_of_the_draft_guide_answers_404(guides):
    response = guides["signed_in"].get("/practice/calm-a-quokka/")
    assert response.status_code == 404


def test_question_filter_offers_only_published_names(client, guides):
    choices = client.get("/questions/").context["filter"].options()
    assert [slug for slug, _ in choices["role"]] == ["backend"]
    assert [slug for slug, _ in choices["skill"]] == ["caching"]
    assert [slug for slug, _ in choices["company"]] == ["acme"]
