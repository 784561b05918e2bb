"""The site's pages as a visitor or a candidate reaches them: a bounded crawl through the test client.

The valid-HTML test and the axe-core browser tests check the pages this finds, so a page
someone adds later is checked as soon as any crawled page links to it. The crawl
follows ``<a href>`` links and submits ``<form method="get">`` forms with their current
values (as a browser would on pressing their button), so the revealed practice page or
a chosen practice set are reached the way a person reaches them. It never posts.

A page's *kind* is its URL name plus the names of its query parameters
(``questions:list?category``); ``per_kind`` bounds how many pages of one kind are
fetched, so a guide with 500 questions does not make the crawl 500 pages longer. Seeds
are always fetched, whatever their kind.
"""

from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit
from xml.etree import ElementTree

from django.urls import Resolver404, resolve

# Not ours to check (Django's admin), not pages (static files, feeds), or leaving the site.
SKIPPED_PREFIXES = ("/admin/", "/static/", "/api/")
HTML_STATUSES = {200, 404}


@dataclass
class CrawledPage:
    path: str
    status: int
    html: str
    kind: str
    linked_from: str | None = None


@dataclass
class CrawlResult:
    pages: list[CrawledPage] = field(default_factory=list)
    # Internal links that answered an error: (path, status, the page that linked it).
    broken: list[tuple[str, int, str]] = field(default_factory=list)
    seeds: list[str] = field(default_factory=list)

    def paths(self) -> list[str]:
        return [page.path for page in self.pages]

    def one_per_view(self) -> list[str]:
        """The seeds and the first page of each other URL name, whatever its query.

        For checks too slow to read every page: a view's pages share their template, and
        the seeds add the variants worth a look of their own (filters, a revealed answer).
        """
        seen: set[str] = set()
        chosen = []
        for page in self.pages:
            view = page.kind.split("?")[0]
            if view not in seen or page.path in self.seeds:
                seen.add(view)
                chosen.append(page.path)
        return chosen


class _LinkFinder(HTMLParser):
    """Collects link targets and GET forms as they would be submitted unchanged."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self._form: dict | None = None
        self._select: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href") and "download" not in attributes:
            self.links.append(attributes["href"])
        elif tag == "form" and (attributes.get("method") or "get").lower() == "get":
            self._form = {"action": attributes.get("action") or "", "fields": []}
        elif self._form is not None and tag == "input" and attributes.get("name"):
            kind = (attributes.get("type") or "text").lower()
            if kind in {"checkbox", "radio"} and "checked" not in attributes:
                return
            if kind not in {"submit", "button", "image", "reset", "file"}:
                self._form["fields"].append((attributes["name"], attributes.get("value") or ""))
        elif self._form is not None and tag == "select" and attributes.get("name"):
            self._select = {"name": attributes["name"], "first": None, "selected": None}
        elif self._select is not None and tag == "option":
            value = attributes.get("value") or ""
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attributes:
                self._select["selected"] = value

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None and self._form is not None:
            value = self._select["selected"] if self._select["selected"] is not None else self._select["first"]
            self._form["fields"].append((self._select["name"], value or ""))
            self._select = None
        elif tag == "form" and self._form is not None:
            fields = [(name, value) for name, value in self._form["fields"] if value != ""]
            action = self._form["action"]
            self.links.append(f"{action.split('?')[0]}?{urlencode(fields)}" if fields else action)
            self._form = None


def links_in(html: str, base: str) -> list[str]:
    """Same-site paths (with query, without fragment) that the page links to or submits GET forms to."""
    finder = _LinkFinder()
    finder.feed(html)
    paths = []
    for href in finder.links:
        absolute = urlsplit(urljoin("http://testserver" + base, href))
        if absolute.scheme not in {"http", "https"} or absolute.netloc != "testserver":
            continue
        paths.append(absolute.path + (f"?{absolute.query}" if absolute.query else ""))
    return paths


def kind_of(path: str) -> str:
    split = urlsplit(path)
    try:
        name = resolve(split.path).view_name
    except Resolver404:
        name = "(not found)"
    keys = sorted({key for key, _ in parse_qsl(split.query, keep_blank_values=True)})
    return name + ("?" + ",".join(keys) if keys else "")


def sitemap_paths(client) -> list[str]:
    """Every page the sitemap lists, as paths."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    namespace = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ElementTree.fromstring(response.content)  # noqa: S314 (our own sitemap)
    return [urlsplit(loc.text).path for loc in root.findall("sm:url/sm:loc", namespace)]


def crawl(
    client,
    seeds: list[str],
    *,
    per_kind: int = 3,
    limit: int = 400,
    within: tuple[str, ...] = ("/",),
    not_found: tuple[str, ...] = (),
) -> CrawlResult:
    """Fetch the seeds, then the pages they link to, breadth first, at most ``per_kind`` of each kind.

    ``within`` keeps discovered links under those prefixes; ``not_found`` are seeds that
    must answer 404 (the error page). Any other internal link that answers 4xx or 5xx is
    recorded in ``broken``; redirects are followed to where they lead.
    """
    result = CrawlResult(seeds=list(seeds))
    queue: deque[tuple[str, str | None]] = deque((seed, None) for seed in seeds)
    seen: set[str] = set(seeds)
    fetched_per_kind: Counter[str] = Counter()
    seed_set = set(seeds)
    while queue and len(result.pages) < limit:
        path, linked_from = queue.popleft()
        kind = kind_of(path)
        if path not in seed_set and fetched_per_kind[kind] >= per_kind:
            continue
        fetched_per_kind[kind] += 1
        response = client.get(path)
        if response.status_code in {301, 302, 303, 307, 308}:
            target = urlsplit(urljoin("http://testserver" + path, response["Location"]))
            if target.netloc == "testserver":
                location = target.path + (f"?{target.query}" if target.query else "")
                if location not in seen:
                    seen.add(location)
                    queue.append((location, path))
                    if path in seed_set:  # where a seed leads is a seed too
                        seed_set.add(location)
                        result.seeds.append(location)
            continue
        expected = 404 if path in not_found else 200
        if response.status_code != expected:
            result.broken.append((path, response.status_code, linked_from or "(seed)"))
            continue
        if not response.get("Content-Type", "").startswith("text/html") or response.status_code not in HTML_STATUSES:
            continue
        html = response.content.decode()
        result.pages.append(CrawledPage(path, response.status_code, html, kind, linked_from))
        for link in links_in(html, path):
            if link in seen or link.startswith(SKIPPED_PREFIXES) or not link.startswith(within):
                continue
            seen.add(link)
            queue.append((link, path))
    return result


# --- What the site-wide checks crawl --------------------------------------------------------
# Seeds are the pages a link may not reach (a key from an email, a sign-in stage, the 404
# page) and the ones that must stay covered whatever the links do; everything else is found.

NOT_FOUND = "/no-such-page-anywhere-on-this-site/"


def visitor_seeds(site) -> list[str]:
    from allauth.account.forms import default_token_generator
    from allauth.account.models import EmailConfirmationHMAC
    from allauth.account.utils import user_pk_to_url_str
    from django.urls import reverse

    user = site.candidate
    reset_key = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )
    confirm_key = reverse("account_confirm_email", args=[EmailConfirmationHMAC(site.unverified).key])
    return [
        reverse("questions:home"),
        reverse("questions:list"),
        reverse("questions:list") + "?category=technical&difficulty=hard",
        reverse("questions:list") + "?role=backend-developer&category=behavioral",
        reverse("questions:list") + "?q=cache",
        NOT_FOUND,
        reverse("account_login"),
        reverse("account_signup"),
        reverse("account_reset_password"),
        reverse("account_reset_password_done"),
        reverse("account_email_verification_sent"),
        reverse("account_inactive"),
        reverse("socialaccount_login_cancelled"),
        reset_key,
        confirm_key,
    ]


def candidate_seeds(site) -> list[str]:
    from django.urls import reverse

    slug = site.question.slug
    return [
        reverse("accounts:dashboard"),
        reverse("accounts:review"),
        reverse("accounts:practice", args=[slug]),
        reverse("accounts:practice", args=[slug]) + "?reveal=1",
        reverse("accounts:stories"),
        reverse("accounts:story_create"),
        reverse("accounts:mock_new"),
        reverse("accounts:mock_run", args=[site.running_mock.pk]),
        reverse("accounts:mocks"),
        reverse("accounts:mock", args=[site.finished_mock.pk]),
        reverse("accounts:plan"),
        reverse("accounts:profile"),
        reverse("accounts:account"),
        reverse("account_email"),
        reverse("account_change_password"),
        reverse("account_reauthenticate"),
        reverse("account_logout"),
        reverse("mfa_index"),
        reverse("mfa_activate_totp"),
        reverse("socialaccount_connections"),
    ]


def two_factor_clients(site):
    """The two-factor user half-way through signing in (at the code page), and fully signed in."""
    from django.test import Client
    from django.urls import reverse

    from accounts.tests.factories import PASSWORD
    from questions.tests.factories import totp_code

    halfway = Client()
    response = halfway.post(reverse("account_login"), {"login": site.two_factor_user.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    signed_in = Client()
    signed_in.post(reverse("account_login"), {"login": site.two_factor_user.email, "password": PASSWORD})
    response = signed_in.post(reverse("mfa_authenticate"), {"code": totp_code(site.totp_secret)})
    assert response.status_code == 302, "the two-factor sign-in did not complete"
    return halfway, signed_in


def crawl_the_site(site, *, sitemap: bool, per_kind: int = 3) -> dict[str, CrawlResult]:
    """The visitor's, the candidate's and the two-factor user's pages, by who sees them.

    ``sitemap`` also seeds every page the sitemap lists (every guide, question, company
    and salary page), for checks cheap enough to read them all.
    """
    from django.test import Client
    from django.urls import reverse

    from accounts.tests.factories import client_signed_in_with_password

    visitor = Client()
    seeds = visitor_seeds(site) + (sitemap_paths(visitor) if sitemap else [])
    halfway, two_factor = two_factor_clients(site)
    return {
        "visitor": crawl(visitor, list(dict.fromkeys(seeds)), per_kind=per_kind, not_found=(NOT_FOUND,)),
        "candidate": crawl(client_signed_in_with_password(site.candidate), candidate_seeds(site), per_kind=per_kind),
        "two-factor": crawl(two_factor, [reverse("mfa_index")], per_kind=per_kind, within=("/accounts/",)),
        "signing in": crawl(halfway, [reverse("mfa_authenticate")], within=(reverse("mfa_authenticate"),)),
    }


# Kinds of page every crawl must reach: if a link disappears, the checks would silently
# stop covering its page, so the crawl's reach is itself checked.
EXPECTED_KINDS = {
    "visitor": {
        "questions:home", "questions:role", "questions:list", "questions:detail", "questions:company",
        "compensation:salaries", "(not found)", "account_login", "account_signup", "account_reset_password",
        "account_reset_password_done", "account_email_verification_sent", "account_reset_password_from_key",
        "account_confirm_email", "account_inactive", "github_login", "google_login",
        "socialaccount_login_cancelled",
    },
    "candidate": {
        "accounts:dashboard", "accounts:review", "accounts:practice", "accounts:practice?reveal",
        "accounts:stories", "accounts:story", "accounts:story_create", "accounts:story_edit",
        "accounts:story_delete", "accounts:mock_new", "accounts:mock_run", "accounts:mocks", "accounts:mock",
        "accounts:plan", "accounts:profile", "accounts:account", "accounts:record", "account_email",
        "account_change_password", "account_reauthenticate", "account_logout", "mfa_index", "mfa_activate_totp",
        "socialaccount_connections", "questions:detail", "questions:list",
    },
    "two-factor": {"mfa_index", "mfa_deactivate_totp", "mfa_view_recovery_codes", "mfa_generate_recovery_codes"},
    "signing in": {"mfa_authenticate"},
}  # fmt: skip


def missing_kinds(results: dict[str, CrawlResult]) -> dict[str, set[str]]:
    """Expected kinds of page (by URL name, ignoring query parameters) that a crawl did not reach."""
    missing = {}
    for who, expected in EXPECTED_KINDS.items():
        reached = {page.kind for page in results[who].pages} | {page.kind.split("?")[0] for page in results[who].pages}
        if gaps := expected - reached:
            missing[who] = gaps
    return missing
