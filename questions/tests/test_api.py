"""The catalogue's read-only API (``questions/api.py``): what visitors may see, nothing else."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from questions.models import Company, InterviewExperience, Skill
from questions.tests.factories import make_question, make_role

pytestmark = pytest.mark.django_db

DRAFT_WORD = "zebracorn"  # only in draft content: it must never come out of the API


@pytest.fixture
def catalogue(db):
    guide = make_role(slug="backend", title="Backend")
    draft_guide = make_role(slug="draft-guide", title="Draft guide", is_published=False)
    caching = Skill.objects.create(slug="caching", name="Caching")
    stripe = Company.objects.create(slug="stripe", name="Stripe")
    secret_co = Company.objects.create(slug="secret-co", name="Secret Co")  # named by drafts only
    published = make_question(
        role=guide, slug="feed", text="Design a feed", difficulty="hard", skills=[caching], companies=[stripe]
    )
    make_question(role=guide, slug="draft-question", text=f"A {DRAFT_WORD} draft?", companies=[stripe, secret_co])
    guide.questions.filter(slug="draft-question").update(is_published=False)
    make_question(role=draft_guide, slug="in-draft-guide", text=f"A {DRAFT_WORD} guide?", companies=[secret_co])
    InterviewExperience.objects.create(
        company=secret_co, role=draft_guide, summary_md=DRAFT_WORD, outcome="offer", status="approved"
    )
    InterviewExperience.objects.create(
        company=stripe, role=guide, summary_md="Live coding.", outcome="offer", status="approved"
    )
    InterviewExperience.objects.create(
        company=stripe, role=guide, summary_md=f"Pending {DRAFT_WORD}", outcome="offer", status="pending"
    )
    return published


def slugs(response) -> list[str]:
    return [item["slug"] for item in response.json()["items"]]


def test_drafts_never_appear_in_any_endpoint(client, catalogue):
    listings = {
        "/api/v1/roles/": ["backend"],
        "/api/v1/questions/": ["feed"],
        f"/api/v1/questions/?q={DRAFT_WORD}": [],
        "/api/v1/questions/?company=stripe": ["feed"],
        "/api/v1/companies/": ["stripe"],
    }
    for url, expected in listings.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert slugs(response) == expected, url
        assert DRAFT_WORD not in response.content.decode(), url
    for url in ["/api/v1/roles/backend/", "/api/v1/companies/stripe/", "/api/v1/questions/feed/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert DRAFT_WORD not in response.content.decode() and "draft-question" not in response.content.decode()
    assert [question["slug"] for question in client.get("/api/v1/roles/backend/").json()["questions"]] == ["feed"]
    stripe = client.get("/api/v1/companies/stripe/").json()
    assert [question["slug"] for question in stripe["questions"]] == ["feed"]
    assert [experience["summary_md"] for experience in stripe["experiences"]] == ["Live coding."]
    for url in [
        "/api/v1/roles/draft-guide/",
        "/api/v1/questions/draft-question/",
        "/api/v1/questions/in-draft-guide/",
        "/api/v1/companies/secret-co/",
    ]:
        assert client.get(url).status_code == 404, url
    # A draft guide or a company only drafts name is no filter value either.
    assert client.get("/api/v1/questions/?role=draft-guide").status_code == 422
    assert client.get("/api/v1/questions/?company=secret-co").status_code == 422


def test_unknown_slug_is_404_json(client, catalogue):
    for url in ["/api/v1/roles/nope/", "/api/v1/questions/nope/", "/api/v1/companies/nope/"]:
        response = client.get(url)
        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["detail"]


@pytest.mark.parametrize(
    ("query", "location"),
    [
        ("limit=0", "query.limit"),
        ("limit=101", "query.limit"),
        ("limit=many", "query.limit"),
        ("offset=-1", "query.offset"),
        ("difficulty=extreme", "query.difficulty"),
        ("role=no-such-guide", "query.role"),
        ("skill=knitting", "query.skill"),
        ("q=" + "x" * 201, "query.q"),
    ],
)
def test_bad_parameters_are_422_json_naming_the_parameter(client, catalogue, query, location):
    response = client.get(f"/api/v1/questions/?{query}")
    assert response.status_code == 422
    assert location in [error["location"] for error in response.json()["errors"]]


def test_bad_slug_in_the_path_is_a_client_error(client, catalogue):
    assert client.get("/api/v1/questions/a%20b/").status_code == 422
    assert client.get("/api/v1/questions/?q=a%00b").status_code == 400
    assert client.get("/api/v1/questions/?q=a%00b")["Content-Type"].startswith("application/json")


def test_pagination_stays_within_its_bounds(client, catalogue):
    role = catalogue.role
    for number in range(2, 8):
        make_question(role=role, slug=f"extra-{number}", number=100 + number)
    everything = client.get("/api/v1/questions/?limit=100").json()
    assert everything["count"] == 7 and len(everything["items"]) == 7
    page = client.get("/api/v1/questions/?limit=2&offset=3").json()
    assert page == {**page, "count": 7, "limit": 2, "offset": 3}
    assert slugs_of(page) == slugs_of(everything)[3:5]
    past_the_end = client.get("/api/v1/questions/?offset=50").json()
    assert past_the_end["items"] == [] and past_the_end["count"] == 7
    assert client.get("/api/v1/questions/").json()["limit"] == 20


def slugs_of(page: dict) -> list[str]:
    return [item["slug"] for item in page["items"]]


def test_question_list_filters_and_ranks_exactly_like_the_page(client, starter_content):
    queries = ["", "difficulty=hard", "category=behavioral", "q=design", "q=cache", "company=stripe",
               "skill=databases&category=technical", "role=site-reliability-engineer&difficulty=medium",
               "role=&category="]  # fmt: skip
    for query in queries:
        page = client.get(f"/questions/?{query}")
        api = client.get(f"/api/v1/questions/?{query}&limit=20")
        assert api.status_code == 200, query
        assert slugs(api) == [question.slug for question in page.context["page"].object_list], query
        assert api.json()["count"] == page.context["page"].paginator.count, query


def test_question_detail_has_answer_tips_mistakes_key_points_skills_and_companies(client, catalogue):
    question = make_question(
        role=catalogue.role,
        slug="answered",
        sample_answer_md="Use *caching*. <script>alert(1)</script>",
        skills=list(Skill.objects.all()),
        companies=[Company.objects.get(slug="stripe")],
        key_points=[("Names the cache", ["cache"])],
    )
    body = client.get(f"/api/v1/questions/{question.slug}/").json()
    assert body["sample_answer_md"] == question.sample_answer_md
    assert "<em>caching</em>" in body["sample_answer_html"] and "<script" not in body["sample_answer_html"]
    assert body["pro_tips"] == ["Say the trade-off out loud."]
    assert body["mistakes"] == ["Jumping to a solution."]
    assert body["key_points"] == ["Names the cache"]
    assert body["skills"] == [{"slug": "caching", "name": "Caching"}]
    assert body["companies"] == [{"slug": "stripe", "name": "Stripe"}]
    assert body["role"] == {"slug": "backend", "title": "Backend"}
    assert body["url"] == "http://testserver/questions/answered/"


def test_answers_are_cached_with_an_etag_and_revalidate_to_304(client, catalogue, django_assert_num_queries):
    first = client.get("/api/v1/questions/feed/")
    assert "public" in first["Cache-Control"] and first["ETag"]
    with django_assert_num_queries(0):
        assert client.get("/api/v1/questions/feed/").content == first.content
        again = client.get("/api/v1/questions/feed/", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""


def test_a_content_edit_makes_every_cached_answer_stale(client, catalogue):
    detail = client.get("/api/v1/questions/feed/")
    listing = client.get("/api/v1/questions/")
    catalogue.text = "Design a better feed"
    catalogue.save()
    fresh = client.get("/api/v1/questions/feed/", headers={"If-None-Match": detail["ETag"]})
    assert fresh.status_code == 200 and fresh.json()["text"] == "Design a better feed"
    assert fresh["ETag"] != detail["ETag"]
    assert client.get("/api/v1/questions/").json()["items"][0]["text"] == "Design a better feed"
    assert client.get("/api/v1/questions/")["ETag"] != listing["ETag"]
    catalogue.is_published = False
    catalogue.save()
    assert client.get("/api/v1/questions/feed/").status_code == 404


def queries_for(client, url: str) -> int:
    cache.clear()  # count a real answer, not the cached one
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


# Questions: validate the filters (roles, skills, companies), count, rows, then skills,
# tips and companies of the page's rows. Roles and companies: count and rows.
@pytest.mark.parametrize(
    ("url", "expected"),
    [("/api/v1/questions/?limit=100", 8), ("/api/v1/roles/?limit=100", 2), ("/api/v1/companies/?limit=100", 2)],
)
def test_list_query_counts_do_not_grow_with_the_page(client, db, django_assert_num_queries, url, expected):
    def add(count: int) -> None:
        for _ in range(count):
            skill = Skill.objects.create(slug=f"skill-{Skill.objects.count()}", name="A skill")
            company = Company.objects.create(slug=f"company-{Company.objects.count()}", name="A company")
            make_question(skills=[skill], companies=[company])

    add(2)
    small = queries_for(client, url)
    add(18)
    assert queries_for(client, url) == small
    cache.clear()
    with django_assert_num_queries(expected):
        client.get(url)


def test_detail_query_counts_do_not_grow_with_the_content(client, catalogue):
    role = catalogue.role
    small = {url: queries_for(client, url) for url in ["/api/v1/roles/backend/", "/api/v1/companies/stripe/"]}
    stripe = Company.objects.get(slug="stripe")
    for number in range(10):
        make_question(role=role, slug=f"more-{number}", number=5000 + number, companies=[stripe])
        InterviewExperience.objects.create(
            company=stripe, role=role, summary_md="Another.", outcome="offer", status="approved"
        )
    assert {url: queries_for(client, url) for url in small} == small
