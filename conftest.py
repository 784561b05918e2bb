"""Shared test set-up: fast settings, a clean cache per test, browser wiring and fixtures.

Builders that tests call directly live in ``questions/tests/factories.py`` and
``accounts/tests/factories.py``."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache

from prepsite.tests.scratch import postgres_databases, sqlite_databases
from questions.tests.factories import PACKS_DIR, make_curator


def pytest_configure(config):
    # Fast and side-effect free: cheap hashing, mail kept in memory, plain static files.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _clean_cache():
    from questions.public_cache import local_copies

    cache.clear()
    local_copies.clear()
    yield
    cache.clear()
    local_copies.clear()


@pytest.fixture(params=["sqlite", "postgresql"])
def new_database(request, tmp_path, db):
    """Makes scratch databases of one kind, each shared by every process a test starts."""
    kind = sqlite_databases if request.param == "sqlite" else postgres_databases
    with kind(tmp_path) as new:
        yield new


@pytest.fixture
def starter_content(db):
    """Both shipped guides, imported through the real pack service."""
    from questions.services.packs import pack_import

    for path in sorted(PACKS_DIR.glob("*.yaml")):
        pack_import(source=path.read_bytes())


# --- Browser tests ------------------------------------------------------------------------
# pytest-playwright drives Debian's Chromium; `playwright install` cannot download
# browsers here. Without a browser the tests skip with a reason, unless
# PREPSITE_REQUIRE_BROWSER=1 (set by .ci/run), where a missing browser fails the run.

CHROMIUM = os.environ.get("PREPSITE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _require_browser():
    if Path(CHROMIUM).exists():
        return
    message = f"no Chromium at {CHROMIUM}: install Debian's chromium (apt-get install chromium) to run browser tests"
    if os.environ.get("PREPSITE_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    _require_browser()
    # Playwright's sync API keeps an event loop running in the test thread from here on;
    # the ORM calls of the tests (and the database teardown) must still be allowed.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def axe_script():
    """axe-core's script for accessibility checks (see ``prepsite/tests/axe.py``)."""
    from prepsite.tests.axe import AXE_SCRIPT

    if not AXE_SCRIPT.exists():
        message = f"no axe-core at {AXE_SCRIPT}: run `npm ci` in the repository root to run accessibility tests"
        if os.environ.get("PREPSITE_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return AXE_SCRIPT


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1200, "height": 900}}


# Runs before any page script and is not itself subject to the page's policy.
_RECORD_CSP_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


@pytest.fixture
def csp_violations(page):
    """Call it to get what the Content-Security-Policy refused on the current page so far,
    as Chromium reports it both in the console and as ``securitypolicyviolation`` events."""
    console: list[str] = []

    def on_console(message):
        if "Content Security Policy" in message.text:
            console.append(message.text)

    page.on("console", on_console)
    page.add_init_script(_RECORD_CSP_VIOLATIONS)

    def refused() -> list[str]:
        return console + page.evaluate("window.cspViolations")

    return refused


# --- People -------------------------------------------------------------------------------


@pytest.fixture
def curator(db):
    return make_curator()


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


@pytest.fixture
def wsgi_keeps_connections():
    """Call the WSGI application directly inside a test's transaction, as Django's test
    client does: a real request closes the database connection when it ends, which would end
    the test's transaction (PostgreSQL then answers nothing more)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
