"""axe-core finds no serious or critical problem on any public page, light or dark, at
360 px and 1280 px: the guides, the question list with filters, question, company and
salary pages, the 404 page and allauth's sign-in, sign-up, password reset and email
confirmation pages.

The pages are the visitor's crawl (``prepsite/tests/crawl.py``), one per view plus its
seeds, so a public page added later is checked once something links to it. How axe-core
gets into the page, and what counts, is in ``prepsite/tests/axe.py``.
"""

import pytest

from prepsite.tests.axe import axe_context, blocking_violations, violations_everywhere
from prepsite.tests.crawl import NOT_FOUND, crawl, visitor_seeds
from questions.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A question whose sample answer has code blocks wider than a phone.
WIDE_CODE = "/questions/preventing-sql-injection/"


@pytest.fixture(params=["light", "dark"])
def phone_page(request, browser, axe_script):
    context = axe_context(browser, axe_script=axe_script, color_scheme=request.param)
    yield context.new_page()
    context.close()


def horizontal_overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_every_kind_of_public_page_passes_axe(live_server, browser, axe_script, site_for_crawl, client):
    result = crawl(client, [*visitor_seeds(site_for_crawl), WIDE_CODE], per_kind=1, not_found=(NOT_FOUND,))
    assert result.broken == []
    paths = result.one_per_view()
    context = axe_context(browser, axe_script=axe_script, color_scheme="light")
    found = violations_everywhere(context.new_page(), live_server.url, paths, not_found=(NOT_FOUND,))
    context.close()
    assert found == {}, f"{len(found)} of {len(paths) * 4} checks failed"


@pytest.mark.parametrize(
    "path",
    [
        "/roles/backend-developer/",
        "/salaries/backend-developer/",
        "/questions/preventing-sql-injection/",  # its answer has code blocks wider than a phone
        "/questions/strict-content-security-policy/",  # a header block, inline code and follow-ups
        "/api/v1/",  # the API docs: parameter tables and example commands
    ],
)
def test_pages_that_scroll_sideways_pass_axe_at_phone_width(live_server, starter_content, phone_page, path):
    response = phone_page.goto(live_server.url + path)
    assert response.status == 200
    assert phone_page.locator("table, pre").count() > 0  # what scrolls sideways on a phone
    assert blocking_violations(phone_page) == []


def test_not_found_page_fits_a_phone(live_server, db, phone_page):
    response = phone_page.goto(f"{live_server.url}{NOT_FOUND}")
    assert response.status == 404
    overflow = horizontal_overflow(phone_page)
    assert overflow <= 0, f"the 404 page is {overflow}px wider than a 360px screen"


def test_every_shipped_guide_passes_axe_and_fits_a_phone(live_server, starter_content, phone_page):
    for role in Role.objects.published():
        response = phone_page.goto(live_server.url + role.get_absolute_url())
        assert response.status == 200, role.slug
        assert blocking_violations(phone_page) == [], role.slug
        overflow = horizontal_overflow(phone_page)
        assert overflow <= 0, f"{role.slug} is {overflow}px wider than a 360px screen"
