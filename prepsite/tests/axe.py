"""axe-core in the browser tests: where it is, and the violations that fail a page.

axe-core comes from npm (``npm ci`` at the repo root, run by ``make test``); the site
itself never loads it. It is added to a browser context as an init script, which the
browser runs itself, so the site's Content-Security-Policy (no inline script) stays on
while axe is present on every page. The ``axe_script`` fixture (root ``conftest.py``)
skips without it, or fails where PREPSITE_REQUIRE_BROWSER=1.
"""

from pathlib import Path

from django.conf import settings

AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = {"serious", "critical"}
PHONE = {"width": 360, "height": 740}


def axe_context(browser, *, axe_script: Path, color_scheme: str, viewport: dict = PHONE):
    """A browser context at phone width in one colour scheme, with axe-core on every page."""
    context = browser.new_context(viewport=viewport, color_scheme=color_scheme)
    context.add_init_script(path=str(axe_script))
    return context


def blocking_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now."""
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): {[node['target'] for node in violation['nodes']]}"
        for violation in result["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


# Every page is checked at both widths in both schemes: 4 runs per page, one navigation.
WIDTHS = {"360px": PHONE, "1280px": {"width": 1280, "height": 800}}
SCHEMES = ("light", "dark")


def signed_in_cookie(client, live_server) -> dict:
    """The session cookie of a signed-in test client, for a browser context on the live server."""
    host = live_server.url.split("//", 1)[1].split(":")[0]
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": host, "path": "/"}


def violations_everywhere(page, base_url: str, paths: list[str], *, not_found: tuple[str, ...] = ()) -> dict:
    """axe-core's blocking findings on each path, at each width and in each colour scheme.

    One page is reused: it navigates once per path, then resizes and switches the
    emulated ``prefers-color-scheme`` between runs, which restyles without reloading.
    """
    found = {}
    for path in paths:
        response = page.goto(base_url + path)
        assert response.status == (404 if path in not_found else 200), (path, response.status)
        for width, viewport in WIDTHS.items():
            page.set_viewport_size(viewport)
            for scheme in SCHEMES:
                page.emulate_media(color_scheme=scheme)
                if violations := blocking_violations(page):
                    found[f"{path} at {width}, {scheme}"] = violations
    return found
