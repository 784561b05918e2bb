"""The Content-Security-Policy: sent on every kind of page, and no page needs inline code.

The policy refuses inline scripts and styles, so a page that still had one would break
under it; the crawl below reads every main page's HTML for them. The same crawl checks
that htmx attributes use their valid-HTML spelling (``data-hx-*``), which htmx reads too.
"""

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from accounts.services import bookmark_set, practice_record
from accounts.tests.factories import PASSWORD, client_for, make_user
from questions.models import Company, InterviewExperience, Question

pytestmark = pytest.mark.django_db

EXPECTED_DIRECTIVES = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
]
# A <script> of one of these types is data for code to read (JSON-LD for search engines),
# never run by the browser, so script-src does not apply to it.
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}


class InlineCodeFinder(HTMLParser):
    """Collects what a strict CSP would refuse: inline script bodies, style= and <style>."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._script_type: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "style" in attributes:
            self.found.append(f"<{tag} style={attributes['style']!r}>")
        if any(name.startswith("on") for name in attributes):
            self.found.append(f"<{tag}> event handler attribute")
        if tag == "style":
            self.found.append("<style> element")
        if tag == "script":
            self._script_type = (attributes.get("type") or "text/javascript").lower()

    def handle_endtag(self, tag):
        if tag == "script":
            self._script_type = None

    def handle_data(self, data):
        if self._script_type is not None and self._script_type not in DATA_SCRIPT_TYPES and data.strip():
            self.found.append(f"<script> with a body: {data.strip()[:60]!r}")


def inline_code(html: str) -> list[str]:
    finder = InlineCodeFinder()
    finder.feed(html)
    return finder.found


class BareHtmxFinder(HTMLParser):
    """Collects htmx attributes spelt ``hx-*``, which HTML does not allow (``data-hx-*`` it does)."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.found.extend(f"<{tag} {name}>" for name, _ in attrs if name.startswith("hx-"))


def bare_htmx_attributes(html: str) -> list[str]:
    finder = BareHtmxFinder()
    finder.feed(html)
    return finder.found


def test_the_htmx_finder_tells_the_two_spellings_apart():
    assert bare_htmx_attributes('<form hx-post="/x" data-hx-target="#y"></form>') == ["<form hx-post>"]


def test_the_finder_sees_each_kind_of_inline_code():
    page = '<p style="color:red" onclick="x()">a</p><style>p{}</style><script>alert(1)</script>'
    assert len(inline_code(page)) == 4
    assert inline_code('<script src="/static/a.js"></script><script type="application/ld+json">{}</script>') == []


@pytest.fixture
def candidate(starter_content):
    """A candidate with a little history, so the dashboard draws its heatmap and bars."""
    user = make_user()
    question = Question.objects.published().order_by("role__order", "number").first()
    bookmark_set(user=user, question=question, bookmarked=True)
    practice_record(user=user, question=question, rating="good", seconds_spent=90)
    return user


def main_pages() -> dict[str, str]:
    question = Question.objects.published().order_by("role__order", "number").first()
    company = Company.objects.filter(questions__isnull=False).first()
    return {
        "home": reverse("questions:home"),
        "guide": reverse("questions:role", args=["backend-developer"]),
        "list": reverse("questions:list"),
        "question": question.get_absolute_url(),
        "company": reverse("questions:company", args=[company.slug]),
        "salaries": reverse("compensation:salaries", args=["backend-developer"]),
        "privacy": reverse("privacy"),
        "api docs": reverse("api_docs"),
    }


def signed_in_pages() -> dict[str, str]:
    question = Question.objects.published().order_by("role__order", "number").first()
    return {
        "dashboard": reverse("accounts:dashboard"),
        "practice": reverse("accounts:practice", args=[question.slug]),
        "account": reverse("accounts:account"),
        "profile": reverse("accounts:profile"),
        "two-factor": reverse("mfa_index"),
        "two-factor set-up": reverse("mfa_activate_totp"),
        "email": reverse("account_email"),
        "contributions": reverse("accounts:contributions"),
        "share start": reverse("questions:share_start"),
        "share": reverse("questions:share", args=["netflix"]),
    }


def admin_pages() -> dict[str, str]:
    question = Question.objects.published().first()
    return {
        "admin index": reverse("admin:index"),
        "question list": reverse("admin:questions_question_changelist"),
        "question change": reverse("admin:questions_question_change", args=[question.pk]),
        "question history": reverse("admin:questions_question_history", args=[question.pk]),
        "role change": reverse("admin:questions_role_change", args=[question.role_id]),
        "pack import": reverse("admin:questions_role_pack_import"),
        "experience queue": reverse("admin:questions_interviewexperience_changelist"),
        "experience change": reverse(
            "admin:questions_interviewexperience_change", args=[InterviewExperience.objects.first().pk]
        ),
    }


def assert_clean(client: Client, pages: dict[str, str]) -> None:
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        policy = response["Content-Security-Policy"]
        for directive in EXPECTED_DIRECTIVES:
            assert directive in policy, (name, directive, policy)
        html = response.content.decode()
        assert inline_code(html) == [], (name, url)
        assert bare_htmx_attributes(html) == [], (name, url)


def test_public_pages_have_the_policy_and_no_inline_code(client, starter_content):
    assert_clean(client, main_pages())
    assert_clean(client, {"sign in": reverse("account_login"), "sign up": reverse("account_signup")})


def test_signed_in_pages_have_the_policy_and_no_inline_code(candidate):
    client = client_for(candidate)
    assert_clean(client, {"confirm password": reverse("account_reauthenticate")})
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})  # the set-up page asks for it
    assert_clean(client, main_pages() | signed_in_pages())


def test_question_list_fragment_for_htmx_has_the_policy_and_no_inline_code(client, starter_content):
    response = client.get(reverse("questions:list"), {"difficulty": "easy"}, headers={"HX-Request": "true"})
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert inline_code(response.content.decode()) == []


def test_admin_pages_have_the_same_policy_and_no_inline_code(curator_client, starter_content):
    assert_clean(curator_client, admin_pages())


def test_error_pages_have_the_policy(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_site_policy_is_built_once_and_follows_the_settings(client, settings):
    """ContentSecurityPolicyMiddleware reuses the header; a change of settings rebuilds it."""
    from csp.utils import build_policy

    assert client.get("/healthz")["Content-Security-Policy"] == build_policy()
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    assert client.get("/healthz")["Content-Security-Policy"] == "default-src 'none'"


def test_a_view_that_changes_the_policy_still_gets_its_own(rf, settings):
    from csp.decorators import csp_update
    from django.http import HttpResponse

    from prepsite.middleware import ContentSecurityPolicyMiddleware

    @csp_update({"img-src": ["https://images.example"]})
    def view(request):
        return HttpResponse("ok")

    middleware = ContentSecurityPolicyMiddleware(view)
    plain = ContentSecurityPolicyMiddleware(lambda request: HttpResponse("ok"))
    assert "https://images.example" in middleware(rf.get("/"))["Content-Security-Policy"]
    assert "https://images.example" not in plain(rf.get("/"))["Content-Security-Policy"]
