"""axe-core finds no serious or critical problem on a phone-width screen, light or dark.

axe-core comes from npm (``npm ci`` at the repo root, run by ``make test``); the site
itself never loads it. Without it these tests skip and say why, unless
PREPSITE_REQUIRE_BROWSER=1, where a missing axe-core fails the run like a missing browser.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = {"serious", "critical"}
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not AXE_SCRIPT.exists():
        message = f"no axe-core at {AXE_SCRIPT}: run `npm ci` in the repository root to run accessibility tests"
        if os.environ.get("PREPSITE_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return AXE_SCRIPT


@pytest.fixture(params=["light", "dark"])
def phone_page(request, browser, axe_script):
    context = browser.new_context(viewport=PHONE, color_scheme=request.param)
    # An init script is run by the browser itself, so the site's Content-Security-Policy
    # (no inline script) stays on while axe-core is present on every page.
    context.add_init_script(path=str(axe_script))
    yield context.new_page()
    context.close()


def blocking_violations(page) -> list[str]:
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): {[node['target'] for node in violation['nodes']]}"
        for violation in result["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


def horizontal_overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.mark.parametrize(
    "path",
    [
        "/roles/backend-developer/",
        "/salaries/backend-developer/",
        "/questions/preventing-sql-injection/",  # its answer has code blocks wider than a phone
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
