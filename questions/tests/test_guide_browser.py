"""A visitor reads a guide's answers in place, or on the question pages without JavaScript."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_answer_expands_in_place_and_collapses_without_a_second_fetch(live_server, starter_content, page: Page):
    fetched = []
    page.on("request", lambda request: fetched.append(request.url) if request.headers.get("hx-request") else None)
    page.goto(f"{live_server.url}/roles/backend-developer/")
    item = page.locator("#q-2")
    toggle = item.get_by_role("button", name="Sample answer, tips and mistakes for question 2")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(item.get_by_role("heading", name="Sample answer", level=4)).to_be_visible()
    expect(item.get_by_role("heading", name="Mistakes to avoid", level=4)).to_be_visible()
    expect(toggle).to_be_focused()
    panel = page.locator(f"#{toggle.get_attribute('aria-controls')}")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(panel).to_be_hidden()
    toggle.click()
    expect(panel).to_be_visible()
    assert fetched == [f"{live_server.url}/questions/sql-vs-nosql/"]
    expect(page.locator("#q-3 .guide-answer")).to_be_hidden()  # only the one asked for


def test_without_javascript_the_question_links_to_its_answer(live_server, starter_content, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/roles/backend-developer/")
    expect(page.get_by_role("button", name="Sample answer, tips and mistakes for question 2")).to_have_count(0)
    page.locator("#q-2 h3 a").click()
    expect(page).to_have_url(f"{live_server.url}/questions/sql-vs-nosql/")
    expect(page.get_by_role("heading", name="Sample answer", level=2)).to_be_visible()
    context.close()
