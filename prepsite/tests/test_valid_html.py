"""Every page is valid HTML to the W3C Nu checker (vnu), as a visitor, a candidate and a
two-factor user reach it.

The pages come from the crawl in ``prepsite/tests/crawl.py`` (links and GET forms from
the home page, the sitemap, the dashboard and the allauth pages, bounded per kind of
page), so a page added later is checked once anything links to it. They are written to
files and checked in one run of the checker, which is ``vnu-jar`` from npm (``npm ci``,
as ``make test`` runs it) on a Java runtime (Debian's ``default-jre-headless``). Without
either the test skips and says why; where PREPSITE_REQUIRE_BROWSER=1 (CI) it fails.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string

from prepsite.tests.crawl import crawl_the_site, missing_kinds

pytestmark = pytest.mark.django_db

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# The error pages Django renders without a request (no session, user or database).
STANDALONE_PAGES = ["400.html", "500.html", "503.html"]


@pytest.fixture(scope="session")
def vnu():
    """The command that runs the Nu checker."""
    java = shutil.which("java")
    problem = None
    if java is None:
        problem = "no java on PATH: install a Java runtime (apt-get install default-jre-headless) to check HTML"
    elif not VNU_JAR.exists():
        problem = f"no Nu checker at {VNU_JAR}: run `npm ci` in the repository root to check HTML"
    if problem:
        if os.environ.get("PREPSITE_REQUIRE_BROWSER") == "1":
            pytest.fail(problem)
        pytest.skip(problem)
    return [java, "-Xss16m", "-jar", str(VNU_JAR)]


def vnu_errors(vnu: list[str], pages: dict[str, str], folder: Path) -> list[str]:
    """The checker's errors for each page (name → HTML), as readable lines."""
    names = {}
    for number, (name, html) in enumerate(pages.items()):
        path = folder / f"page-{number:04}.html"
        path.write_text(html, encoding="utf-8")
        names[path.resolve().as_uri()] = name
    files = sorted(str(folder / filename) for filename in os.listdir(folder))
    run = subprocess.run(
        [*vnu, "--format", "json", "--errors-only", "--exit-zero-always", *files],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    report = json.loads(run.stderr or run.stdout)
    lines = []
    for message in report["messages"]:
        url = message.get("url", "")
        name = names.get(url) or names.get(url.replace("file:/", "file:///", 1)) or url
        where = f"line {message.get('lastLine', '?')}"
        extract = message.get("extract", "").strip().replace("\n", " ")
        lines.append(f"{name} ({where}): {message['message']}  «{extract}»")
    return lines


def test_the_checker_finds_an_error_and_passes_a_valid_page(vnu, tmp_path):
    head = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head>'
    pages = {"valid": head + "<body><p data-hx-get='/'>ok</p></body></html>",
             "invalid": head + "<body><p hx-get='/'>bare htmx</p><li>orphan</li></body></html>"}  # fmt: skip
    errors = vnu_errors(vnu, pages, tmp_path)
    assert errors and all(line.startswith("invalid ") for line in errors)
    assert any("hx-get" in line for line in errors)


def test_every_crawled_page_is_valid_html(site_for_crawl, vnu, tmp_path):
    results = crawl_the_site(site_for_crawl, sitemap=True, per_kind=5)
    assert missing_kinds(results) == {}
    broken = [item for result in results.values() for item in result.broken]
    assert broken == [], "internal links that answer an error (path, status, linked from)"
    pages = {f"{who} {page.path}": page.html for who, result in results.items() for page in result.pages}
    pages |= {f"error page {name}": render_to_string(name) for name in STANDALONE_PAGES}
    errors = vnu_errors(vnu, pages, tmp_path)
    assert not errors, f"{len(errors)} HTML errors in {len(pages)} pages:\n" + "\n".join(errors)
