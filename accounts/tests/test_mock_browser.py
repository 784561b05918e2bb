"""A mock interview in a real browser: start, three answers, the countdown, the transcript."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.mocks.models import Mock, MockQuestion
from accounts.models import ReviewLog
from accounts.tests.factories import PASSWORD, make_user
from prepsite.tests.axe import axe_context, blocking_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in(page: Page, live_server, email: str) -> None:
    make_user(email)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def test_three_question_mock_from_start_to_rated_transcript(live_server, starter_content, page: Page, csp_violations):
    signed_in(page, live_server, "mock@example.com")
    page.get_by_role("link", name="Mock interview").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mock interview")
    page.get_by_label("Guide").select_option(label="Backend Developer")
    page.get_by_label("Number of questions").fill("3")
    page.get_by_label("Minutes per question").fill("5")
    page.get_by_role("button", name="Start the mock").click()

    mock = Mock.objects.get()
    for number in range(1, 4):
        expect(page.get_by_text(f"Question {number} of 3")).to_be_visible()
        expect(page.locator("#mock-countdown")).to_have_text(re.compile(r"^[45]:\d\d left$"))  # the script counts
        expect(page.get_by_role("heading", name="Sample answer")).to_have_count(0)
        page.get_by_role("textbox", name="Your answer").fill(f"My answer number {number}: measure, then cache.")
        page.get_by_role("button", name=re.compile("^Submit")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your mock interview")
    expect(page.get_by_text("My answer number 2: measure, then cache.")).to_be_visible()
    expect(page.get_by_role("heading", name="Sample answer")).to_have_count(3)
    expect(page.get_by_role("heading", name="Key points in your answer")).to_have_count(3)
    page.get_by_role("group", name="How well did you answer question 1?").get_by_role("button", name="Good").click()
    expect(page.get_by_text("You rated it Good")).to_be_visible()
    first = MockQuestion.objects.get(mock=mock, position=0)
    assert list(ReviewLog.objects.values_list("question_id", "rating")) == [(first.question_id, "good")]
    assert [row.answer_md for row in mock.items.order_by("position")] == [
        f"My answer number {number}: measure, then cache." for number in range(1, 4)
    ]
    assert csp_violations() == []


def test_a_reopened_mock_counts_down_what_was_left_and_submits_at_zero(live_server, starter_content, page: Page):
    signed_in(page, live_server, "late@example.com")
    page.goto(f"{live_server.url}/practice/mock/new/")
    page.get_by_label("Guide").select_option(label="Backend Developer")
    page.get_by_label("Number of questions").fill("3")
    page.get_by_label("Minutes per question").fill("1")
    page.get_by_role("button", name="Start the mock").click()
    expect(page.get_by_text("Question 1 of 3")).to_be_visible()
    page.get_by_role("textbox", name="Your answer").fill("Half an answer")
    expect(page.locator("#mock-draft-status")).to_contain_text("Draft saved")  # autosaved, no button pressed

    # The tab was closed for 56 seconds: the clock kept running on the server.
    mock = Mock.objects.get()
    MockQuestion.objects.filter(mock=mock, position=0).update(started_at=timezone.now() - timedelta(seconds=56))
    page.reload()
    expect(page.locator("#mock-countdown")).to_have_text(re.compile(r"^0:0[0-4] left$"))
    expect(page.get_by_text("Question 2 of 3")).to_be_visible(timeout=15_000)  # submitted by itself at zero
    first = MockQuestion.objects.get(mock=mock, position=0)
    assert (first.answer_md, first.over_time) == ("Half an answer", False)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_mock_pages_pass_axe_at_phone_width(live_server, starter_content, browser, axe_script, scheme):
    page = axe_context(browser, axe_script=axe_script, color_scheme=scheme).new_page()
    signed_in(page, live_server, f"axe-{scheme}@example.com")
    page.goto(f"{live_server.url}/practice/mock/new/")
    assert blocking_violations(page) == []
    page.get_by_role("button", name=re.compile("^Behavioral round")).first.click()
    expect(page.get_by_text("Question 1 of 4")).to_be_visible()
    assert blocking_violations(page) == []
    page.get_by_role("button", name="End the mock now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your mock interview")
    assert blocking_violations(page) == []
    page.goto(f"{live_server.url}/me/mocks/")
    assert blocking_violations(page) == []
