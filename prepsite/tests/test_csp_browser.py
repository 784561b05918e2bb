"""Under the Content-Security-Policy, Chromium refuses nothing and htmx still swaps."""

import re

import pytest
from playwright.sync_api import Page, expect

from accounts.tests.factories import PASSWORD, make_user
from questions.models import Question

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_watch_sees_a_refused_inline_style(live_server, starter_content, page: Page, csp_violations):
    page.goto(f"{live_server.url}/")
    page.evaluate("document.head.insertAdjacentHTML('beforeend', '<style>body { color: red }</style>')")
    expect(page.locator("body")).not_to_have_css("color", "rgb(255, 0, 0)")
    assert len(csp_violations()) == 2  # the console message and the event


def test_guide_list_and_practice_run_under_the_policy(live_server, starter_content, page: Page, csp_violations):
    candidate = make_user()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", candidate.email)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("load")
    assert csp_violations() == [], page.url

    page.goto(f"{live_server.url}/roles/backend-developer/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Backend Developer")
    assert csp_violations() == [], page.url

    page.goto(f"{live_server.url}/salaries/backend-developer/")
    expect(page.locator(".range-bar").first).to_be_visible()  # drawn without inline style
    assert csp_violations() == [], page.url

    page.goto(f"{live_server.url}/questions/")
    page.evaluate("window.notReloaded = true")
    page.get_by_label("Difficulty").select_option("hard")
    expect(page).to_have_url(re.compile(r"difficulty=hard"))
    expect(page.locator(".question-row .tag-easy")).to_have_count(0)
    assert page.evaluate("window.notReloaded") is True  # htmx swapped the results in place
    assert csp_violations() == [], page.url

    question = Question.objects.published().order_by("role__order", "number").first()
    page.goto(f"{live_server.url}{question.get_absolute_url()}")
    page.evaluate("window.notReloaded = true")
    page.get_by_role("button", name="Bookmark").click()
    expect(page.get_by_role("button", name="Bookmark")).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("window.notReloaded") is True
    assert csp_violations() == [], page.url

    page.goto(f"{live_server.url}/practice/{question.slug}/")
    page.wait_for_load_state("load")
    page.get_by_role("textbox", name="Your answer").fill("Idempotency keys stored with the result.")
    expect(page.locator("#draft_md-status")).to_contain_text("Saved at")
    page.get_by_role("button", name="Reveal sample answer").click()
    expect(page.get_by_role("heading", name="Sample answer")).to_be_visible()
    expect(page.locator("#practice-timer")).to_have_text(re.compile(r"^\d+:\d\d$"))  # practice.js runs
    assert csp_violations() == [], page.url

    page.goto(f"{live_server.url}/me/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your progress")
    assert csp_violations() == [], page.url
