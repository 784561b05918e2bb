import json
import re

import pytest
from django.urls import reverse

from questions.models import Question, Role
from questions.services.packs import pack_import
from questions.tests.factories import make_question, make_role
from questions.tests.shipped_packs import PACKS, packs_for

pytestmark = pytest.mark.django_db


def json_ld_blocks(html: str) -> list[dict]:
    return [
        json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


GUIDE_HEADINGS = [
    "What these interviews test",
    "Key skills assessed",
    "Questions and answers",
    "Preparation tips",
    "Real interview experiences",
    "Red flags to watch for",
    "Compensation",
    "Interview-day checklist",
    "Smart questions to ask the interviewer",
    "Insider insights",
    "Frequently asked questions",
    "Recommended resources",
]


@pytest.mark.parametrize("path", packs_for("sections"))
def test_every_shipped_guide_shows_every_section(client, db, path):
    pack_import(source=path.read_bytes())
    html = client.get(reverse("questions:role", args=[path.stem])).content.decode()
    missing = [heading for heading in GUIDE_HEADINGS if f">{heading}</h2>" not in html]
    assert not missing
    assert html.count("<h1") == 1


@pytest.mark.parametrize("path", PACKS, ids=lambda path: path.stem)
def test_a_guide_without_sourced_pay_shows_no_figures_and_says_why(client, db, path):
    pack_import(source=path.read_bytes())
    role = Role.objects.get(slug=path.stem)
    if role.salary_bands.exists() or role.company_pay.exists():
        pytest.skip("this guide has sourced pay figures")
    for url in [role.get_absolute_url(), reverse("compensation:salaries", args=[role.slug])]:
        html = client.get(url).content.decode()
        assert "no salary figures" in html, url
        assert not re.search(r"[$€£]\s?\d", html), url


def test_guide_shows_every_section_of_the_backend_guide(client, starter_content):
    html = client.get("/roles/backend-developer/").content.decode()
    for heading in GUIDE_HEADINGS:
        assert f">{heading}</h2>" in html, heading
    assert html.count("<h1") == 1
    for company in ["Netflix", "Stripe", "Shopify", "Two Sigma", "Anthropic"]:
        assert company in html
    assert "$94,000" in html and "$173,000" in html
    assert "2–3 weeks before" in html and "The day before" in html


def test_header_figures_are_computed_from_the_content(client, db):
    role = make_role(slug="tiny", title="Tiny")
    make_question(role=role, difficulty="hard", why_asked_md="word " * 390)
    make_question(role=role, difficulty="hard")
    make_question(role=role, difficulty="easy")
    make_question(role=role, difficulty="easy", is_published=False)
    html = client.get("/roles/tiny/").content.decode()
    assert re.search(r"<dt>Questions</dt><dd>3</dd>", html)
    assert re.search(r"<dt>Difficulty</dt><dd>Hard</dd>", html)
    minutes = int(re.search(r"<dt>Reading time</dt><dd>(\d+) min</dd>", html).group(1))
    assert minutes == 3  # a little over 400 words shown, at 200 a minute, rounded up


def test_unpublished_guides_and_questions_are_404(client, db):
    role = make_role(slug="draft-role", is_published=False)
    question = make_question(role=role)
    hidden = make_question(is_published=False)
    assert client.get("/roles/draft-role/").status_code == 404
    assert client.get(question.get_absolute_url()).status_code == 404
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get("/salaries/draft-role/").status_code == 404


def test_404_page_uses_the_site_layout(client, db):
    response = client.get("/roles/no-such-role/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()
    assert 'class="skip-link"' in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/roles/backend-developer/",
        "/questions/",
        "/questions/sql-vs-nosql/",
        "/companies/stripe/",
        "/salaries/backend-developer/",
    ],
)
def test_public_pages_have_title_description_canonical_open_graph_and_json_ld(client, starter_content, url):
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r"<title>[^<]{10,}</title>", html)
    assert re.search(r'<meta name="description" content="[^"]{20,}">', html)
    assert f'<link rel="canonical" href="http://testserver{url}">' in html
    assert '<meta property="og:title"' in html and '<meta property="og:description"' in html
    types = {block["@type"] for block in json_ld_blocks(html)}
    assert "Article" in types
    if url != "/":
        assert "BreadcrumbList" in types
    assert html.count("<h1") == 1
    assert 'href="#main"' in html and '<main id="main"' in html


def test_question_page_has_everything_and_its_neighbours(client, starter_content):
    question = Question.objects.get(slug="sql-vs-nosql")
    html = client.get(question.get_absolute_url()).content.decode()
    assert question.text in html
    for heading in ["Why interviewers ask this", "Sample answer", "Pro tips", "Mistakes to avoid", "Related questions"]:
        assert heading in html
    assert "Technical" in html and "Medium" in html
    assert "Database Design &amp; Optimization" in html
    assert 'rel="prev" href="/questions/social-feed-for-a-million-users/"' in html
    assert 'rel="next" href="/questions/debugging-a-slow-endpoint/"' in html


def test_headings_never_skip_a_level(client, starter_content):
    for url in ["/roles/backend-developer/", "/questions/sql-vs-nosql/", "/salaries/backend-developer/"]:
        levels = [int(level) for level in re.findall(r"<h([1-6])[ >]", client.get(url).content.decode())]
        assert levels[0] == 1
        for previous, current in zip(levels, levels[1:], strict=False):
            assert current <= previous + 1, (url, previous, current)


def test_every_form_control_has_a_label(client, starter_content):
    html = client.get("/questions/").content.decode()
    for control_id in re.findall(r'<(?:input|select|textarea)[^>]*id="([^"]+)"', html):
        assert f'for="{control_id}"' in html, control_id


def test_company_page_shows_experiences_questions_and_pay(client, starter_content):
    html = client.get("/companies/stripe/").content.decode()
    assert "Interview experiences" in html
    assert "No offer" in html
    assert "L3-4" in html and "$190k–$230k" in html and "$350k–$500k" in html
    assert "idempotency" in html.lower()


def test_company_without_pay_says_so(client, starter_content):
    html = client.get("/companies/shopify/").content.decode()
    assert "no sourced pay data for Shopify" in html


def test_sitemap_lists_every_published_page_and_nothing_else(client, starter_content):
    hidden = make_question(role=Role.objects.get(slug="backend-developer"), number=999, is_published=False)
    xml = client.get("/sitemap.xml").content.decode()
    for question in Question.objects.published():
        assert f"http://testserver{question.get_absolute_url()}</loc>" in xml
    assert hidden.get_absolute_url() not in xml
    roles = Role.objects.published()
    assert roles.count() == len(PACKS)
    for role in roles:
        for path in [role.get_absolute_url(), reverse("compensation:salaries", args=[role.slug])]:
            assert f"http://testserver{path}</loc>" in xml
    for path in ["/roles/backend-developer/", "/salaries/backend-developer/", "/companies/stripe/", "/questions/"]:
        assert f"http://testserver{path}</loc>" in xml


def test_robots_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain"
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


def test_home_lists_every_published_guide_with_its_count(client, starter_content):
    make_role(title="Hidden", is_published=False)
    html = client.get(reverse("questions:home")).content.decode()
    assert "Hidden" not in html
    roles = Role.objects.published()
    assert roles.count() == len(PACKS)
    for role in roles:
        count = Question.objects.published().filter(role=role).count()
        start = html.index(f'<h3><a href="{role.get_absolute_url()}">{role.heading}</a></h3>')
        card = html[start : html.index("</li>", start)]
        assert f"{count} questions" in card, role.slug
