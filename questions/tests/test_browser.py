"""A visitor reads the site in a real browser (Chromium through Playwright)."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_filters_and_searches_without_a_page_reload(live_server, starter_content, page: Page):
    page.goto(f"{live_server.url}/questions/")
    page.evaluate("window.notReloaded = true")
    page.get_by_label("Difficulty").select_option("hard")
    expect(page).to_have_url(re.compile(r"difficulty=hard"))
    expect(page.locator(".tag-hard").first).to_be_visible()
    expect(page.locator(".question-row .tag-easy")).to_have_count(0)
    page.get_by_label("Search").fill("idempotency")
    expect(page).to_have_url(re.compile(r"q=idempotency"))
    expect(page.locator(".results-count")).to_contain_text("matching “idempotency”")
    result = page.locator("#results .question-row-title a", has_text=re.compile("payment", re.I)).first
    expect(result).to_be_visible()
    assert page.evaluate("window.notReloaded") is True  # htmx swapped the results in place

    # Leaving the search box fires "change", which fetches the results once more; let that
    # swap land first, or it can replace the link between mouse-down and mouse-up.
    page.get_by_label("Search").blur()
    page.wait_for_load_state("networkidle")
    result.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("payment")
    expect(page.get_by_role("heading", name="Sample answer")).to_be_visible()


def test_filters_work_with_javascript_off(live_server, starter_content, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/questions/")
    page.get_by_label("Category").select_option("behavioral")
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"category=behavioral"))
    expect(page.locator(".results-count")).to_contain_text("questions")
    for tag in page.locator(".question-row .tag-category").all_inner_texts():
        assert tag == "Behavioral"
    context.close()


def test_guide_reads_end_to_end_at_phone_width(live_server, starter_content, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{live_server.url}/roles/backend-developer/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Backend Developer Interview Questions")
    page.get_by_role("link", name="Recommended resources").click()
    expect(page.get_by_role("heading", name="Recommended resources")).to_be_in_viewport()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"page is {overflow}px wider than a 360px screen"
    context.close()


def test_back_shows_the_filters_of_that_address(live_server, starter_content, page: Page):
    page.goto(f"{live_server.url}/questions/")
    page.get_by_label("Difficulty").select_option("hard")
    expect(page).to_have_url(re.compile(r"difficulty=hard"))
    page.get_by_label("Category").select_option("technical")
    expect(page).to_have_url(re.compile(r"category=technical"))
    page.go_back()
    expect(page).to_have_url(re.compile(r"\?difficulty=hard$"))
    expect(page.get_by_label("Difficulty")).to_have_value("hard")
    expect(page.get_by_label("Category")).to_have_value("")
    expect(page.get_by_role("status")).to_have_count(1)
