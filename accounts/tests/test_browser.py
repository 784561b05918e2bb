"""A candidate's first session in a real browser (Chromium through Playwright)."""

import re

import pytest
from playwright.sync_api import Page, expect

from accounts.models import Practice
from accounts.tests.factories import PASSWORD, make_user
from questions.models import Question

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def first_question() -> Question:
    return Question.objects.published().order_by("role__order", "number").first()


def test_new_candidate_signs_up_practises_and_sees_the_dashboard(live_server, starter_content, mailoutbox, page: Page):
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Email").fill("new.candidate@example.com")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Verify Your Email Address")

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("What are you preparing for?")
    page.get_by_label("Role you are preparing for").select_option(label="Backend Developer")
    page.get_by_label("Experience level").select_option("mid")
    page.get_by_label("Interview date").fill("2030-01-15")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your progress")

    question = first_question()
    page.goto(f"{live_server.url}{question.get_absolute_url()}")
    page.evaluate("window.notReloaded = true")
    bookmark = page.get_by_role("button", name="Bookmark")
    expect(bookmark).to_have_attribute("aria-pressed", "false")
    bookmark.click()
    expect(page.get_by_role("button", name="Bookmark")).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("window.notReloaded") is True  # htmx swapped the button in place
    expect(page.get_by_role("button", name="Bookmark")).to_be_focused()  # keyboard users stay put

    page.get_by_role("link", name=re.compile(r"^Practise")).first.click()
    expect(page).to_have_url(re.compile(r"/practice/"))
    page.wait_for_load_state("load")  # as a person would: htmx is listening before anyone types
    answer = page.get_by_role("textbox", name="Your answer")
    answer.fill("Start from the read path: fan-out on write for most users, on read for celebrities.")
    expect(page.locator("#draft_md-status")).to_contain_text("Saved at")  # autosaved, no button pressed
    page.reload()
    expect(page.get_by_role("textbox", name="Your answer")).to_have_value(re.compile("fan-out on write"))

    page.get_by_role("button", name="Reveal sample answer").click()
    expect(page.get_by_role("heading", name="Sample answer")).to_be_visible()
    expect(page.get_by_role("heading", name="Sample answer")).to_be_focused()
    expect(page.get_by_role("group", name="Did you avoid these mistakes?")).to_be_visible()
    page.get_by_role("button", name="Good", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("Recorded “Good”")

    page.get_by_role("link", name="Dashboard").click()
    total = Question.objects.published().count()
    expect(page.locator("#figure-practised")).to_have_text(f"1 of {total}")
    expect(page.locator("#figure-streak")).to_have_text("1 day")
    expect(page.get_by_role("img", name=re.compile("Ratings per day"))).to_be_visible()


def test_bookmark_works_with_javascript_off(live_server, starter_content, browser):
    user = make_user("nojs@example.com")
    question = first_question()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("nojs@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)  # signed in before going on
    page.goto(f"{live_server.url}{question.get_absolute_url()}")
    page.get_by_role("button", name="Bookmark").click()
    expect(page).to_have_url(f"{live_server.url}{question.get_absolute_url()}")
    expect(page.get_by_role("button", name="Bookmark")).to_have_attribute("aria-pressed", "true")
    assert Practice.objects.get(user=user, question=question).bookmarked is True
    page.get_by_role("button", name="Bookmark").click()
    expect(page.get_by_role("button", name="Bookmark")).to_have_attribute("aria-pressed", "false")
    context.close()
