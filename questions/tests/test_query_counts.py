"""No public page's query count grows with the rows it shows (pay pages: compensation's tests)."""

import pytest

from questions.models import Company, InterviewExperience, PrepTip, Skill
from questions.tests.factories import make_question, make_role

pytestmark = pytest.mark.django_db

# Each full page also reads the header's guides once: these tests start with an empty
# cache, and a warm one (same content version) serves them without a query.
HEADER = 1
# role, its skills, questions (no answers or tips), eight guide sections (experiences: with their rounds,
# linked questions and the per-company summaries), two pay tables
GUIDE_QUERIES = 16 + HEADER
LIST_QUERIES = 7 + HEADER  # roles, skills, companies for the filters; count; page; skills and tips of the page
QUESTION_QUERIES = 8 + HEADER  # question, skills, tips, key points, companies, previous, next, related
SITEMAP_QUERIES = 8  # a count and a page for each of roles, salary pages, questions and companies


def build_guide(size: int):
    role = make_role(slug=f"guide-{size}")
    skills = [Skill.objects.create(slug=f"skill-{size}-{n}", name=f"Skill {n}") for n in range(3)]
    company = Company.objects.create(slug=f"company-{size}", name=f"Company {size}")
    role.skills.set(skills)
    for number in range(1, size + 1):
        points = [(f"Point {n}", [f"phrase {n}"]) for n in range(3 + number % 4)]
        make_question(role=role, number=number, skills=skills[: 1 + number % 3], companies=[company], key_points=points)
        PrepTip.objects.create(role=role, order=number, title="t", body_md="b", days_before_min=1, days_before_max=2)
        InterviewExperience.objects.create(
            role=role, company=company, summary_md="s", outcome="offer", status="approved", order=number
        )
    return role


@pytest.mark.parametrize("size", [12, 120])
def test_guide_page_query_count_is_constant(client, django_assert_num_queries, size):
    role = build_guide(size)
    with django_assert_num_queries(GUIDE_QUERIES):
        response = client.get(role.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count('class="guide-question"') == size
    assert "Point 1" not in response.content.decode()  # key points stay off the guide page


@pytest.mark.parametrize("size", [12, 120])
def test_question_list_query_count_is_constant(client, django_assert_num_queries, size):
    build_guide(size)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get("/questions/?q=test")
    assert response.status_code == 200


@pytest.mark.parametrize("size", [12, 120])
def test_question_page_query_count_is_constant(client, django_assert_num_queries, size):
    role = build_guide(size)
    question = role.questions.get(number=size // 2)
    with django_assert_num_queries(QUESTION_QUERIES):
        response = client.get(question.get_absolute_url())
    assert response.status_code == 200
    assert "What a strong answer covers" in response.content.decode()


def test_home_is_one_query_plus_the_header_whatever_the_number_of_guides(client, django_assert_num_queries):
    for _ in range(5):
        make_question()
    with django_assert_num_queries(1 + HEADER):
        client.get("/")


@pytest.mark.parametrize("size", [2, 20])
def test_sitemap_query_count_is_constant(client, django_assert_num_queries, size):
    # Each guide has a question asked at its own company, so every company has public content.
    for number in range(size):
        role = make_role(slug=f"sitemap-role-{size}-{number}")
        company = Company.objects.create(slug=f"sitemap-company-{size}-{number}", name=f"Sitemap company {number}")
        make_question(role=role, companies=[company])
        InterviewExperience.objects.create(
            role=role, company=company, summary_md="s", outcome="offer", status="approved"
        )
    with django_assert_num_queries(SITEMAP_QUERIES):
        response = client.get("/sitemap.xml")
    xml = response.content.decode()
    assert response.status_code == 200
    assert xml.count("/questions/question-") == size
    assert xml.count("/companies/") == size
    assert xml.count("/salaries/") == size


# A warm cache (same content version) holds the header's guides, the filter choices and
# the list's count or a search's ranked ids: what is left is the page and its skills and tips.
LIST_QUERIES_WARM = 0  # count, rows and filter choices all shared under the content version
LIST_URLS = [
    "/questions/",
    "/questions/?difficulty=hard&category=technical",
    "/questions/?skill=skill-{size}-0&company=company-{size}",
    "/questions/?q=test",
    "/questions/?q=test+question&role=guide-{size}&page=2",
]


@pytest.mark.parametrize("size", [25, 50])
@pytest.mark.parametrize("url", LIST_URLS)
def test_question_list_query_count_is_constant_cold_and_warm(client, django_assert_num_queries, settings, size, url):
    """Filters, search and pages run as many queries for 25 questions as for 50, with an
    empty cache and with a warm one (the page cache bypassed)."""
    role = build_guide(size)
    role.questions.filter(number__gt=size // 2).update(difficulty="hard")
    url = url.format(size=size)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["page"].object_list) > 0
    settings.PAGE_CACHE = False  # render again, with the shared caches warm
    with django_assert_num_queries(LIST_QUERIES_WARM):
        again = client.get(url)
    assert [question.pk for question in again.context["page"].object_list] == [
        question.pk for question in response.context["page"].object_list
    ]
    assert again.context["page"].paginator.count == response.context["page"].paginator.count


@pytest.mark.parametrize("size", [5, 50])
def test_question_page_query_count_is_constant_warm(client, django_assert_num_queries, settings, size):
    """With a warm cache a visitor's question page is rendered from its shared fragments:
    the header's guides, the question, its neighbours and related questions are not read again."""
    role = build_guide(size)
    question = role.questions.get(number=size // 2 + 1)
    first = client.get(question.get_absolute_url())
    settings.PAGE_CACHE = False  # render again, with the shared caches warm
    with django_assert_num_queries(0):
        again = client.get(question.get_absolute_url())
    assert again.content == first.content
