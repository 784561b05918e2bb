"""The review schedule in a real browser: new questions, the queue, keyboard practice, the forecast."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts import services
from accounts.tests.factories import PASSWORD, make_user
from questions.models import Question, Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in(page: Page, live_server, email: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def candidate(email: str):
    user = make_user(email)
    services.profile_update(
        user=user,
        target_role=Role.objects.get(slug="backend-developer"),
        interview_date=None,
        experience_level="mid",
        time_zone="UTC",
    )
    return user


def test_a_new_candidate_rates_three_new_questions_and_sees_the_forecast(live_server, starter_content, page: Page):
    candidate("fresh@example.com")
    signed_in(page, live_server, "fresh@example.com")
    page.get_by_role("link", name="Review").click()
    expect(page.locator("#queue-empty")).to_contain_text("Nothing is due now.")
    new_list = page.locator("#new-heading + p + ul li")
    expect(new_list).to_have_count(5)
    for rated in range(3):
        first = new_list.first.get_by_role("link")
        title = first.inner_text()
        first.click()
        expect(page).to_have_url(re.compile(r"/practice/.+\?set=review"))
        page.get_by_role("button", name="Reveal sample answer").click()
        page.get_by_role("button", name="Good", exact=True).click()
        expect(page).to_have_url(f"{live_server.url}/me/review/")  # nothing due yet: back to the queue
        expect(page.get_by_role("status").first).to_contain_text("Recorded “Good”")
        expect(page.get_by_text(f"{5 - rated - 1} of 5 new questions left today")).to_be_visible()
        expect(page.get_by_role("link", name=title, exact=True)).to_have_count(0)  # it left the list
    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("img", name=re.compile("Questions due per day"))).to_be_visible()
    expect(page.locator(".forecast figcaption")).to_contain_text("3 questions due in the next 14 days")
    expect(page.locator("#figure-due-week")).to_have_text("3")


def test_start_review_walks_the_due_queue_from_the_keyboard(live_server, starter_content, page: Page):
    user = candidate("due@example.com")
    questions = list(Question.objects.published().filter(role__slug="backend-developer").order_by("number")[:3])
    for offset, question in enumerate(questions):
        services.practice_record(
            user=user,
            question=question,
            rating="again",
            seconds_spent=5,
            reviewed_at=timezone.now() - timedelta(days=5 - offset),
        )
    signed_in(page, live_server, "due@example.com")
    expect(page.locator(".nav-count")).to_contain_text("3")
    page.get_by_role("link", name=re.compile("^Review")).click()
    expect(page.locator(".review-queue li")).to_have_count(3)
    page.get_by_role("link", name="Start review").click()

    for question in questions:
        expect(page.get_by_role("heading", level=1)).to_have_text(question.text)
        page.wait_for_load_state("load")
        answer = page.get_by_role("textbox", name="Your answer")
        answer.press_sequentially("3 n ")  # typing: no shortcut fires
        expect(answer).to_have_value("3 n ")
        expect(page.get_by_role("heading", name="Sample answer")).to_have_count(0)
        page.locator("h1").click()  # out of the field
        page.keyboard.press("?")
        expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_visible()
        page.keyboard.press("Escape")
        expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_hidden()
        page.keyboard.press(" ")
        expect(page.get_by_role("heading", name="Sample answer")).to_be_visible()
        page.keyboard.press("3")
        expect(page.get_by_role("status").first).to_contain_text(f"Recorded “Good” for question {question.number}")

    expect(page).to_have_url(f"{live_server.url}/me/review/")
    expect(page.locator("#queue-empty")).to_contain_text("The next question is due")
    expect(page.locator(".review-queue")).to_have_count(0)
    expect(page.locator(".nav-count")).to_have_count(0)
