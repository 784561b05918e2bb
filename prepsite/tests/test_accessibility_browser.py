"""axe-core finds no serious or critical problem on a phone-width screen, light or dark.

How axe-core gets into the page, and what counts, is in ``prepsite/tests/axe.py``.
"""

import pytest

from prepsite.tests.axe import axe_context, blocking_violations
from questions.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(params=["light", "dark"])
def phone_page(request, browser, axe_script):
    context = axe_context(browser, axe_script=axe_script, color_scheme=request.param)
    yield context.new_page()
    context.close()


def horizontal_overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


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


def test_not_found_page_passes_axe_and_fits_a_phone(live_server, db, phone_page):
    response = phone_page.goto(f"{live_server.url}/questions/no-such-question-anywhere-on-this-site/")
    assert response.status == 404
    assert blocking_violations(phone_page) == []
    overflow = horizontal_overflow(phone_page)
    assert overflow <= 0, f"the 404 page is {overflow}px wider than a 360px screen"


def test_every_shipped_guide_passes_axe_and_fits_a_phone(live_server, starter_content, phone_page):
    for role in Role.objects.published():
        response = phone_page.goto(live_server.url + role.get_absolute_url())
        assert response.status == 200, role.slug
        assert blocking_violations(phone_page) == [], role.slug
        overflow = horizontal_overflow(phone_page)
        assert overflow <= 0, f"{role.slug} is {overflow}px wider than a 360px screen"
