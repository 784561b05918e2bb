"""In a real browser: a candidate shares an interview, a curator approves it, visitors read it."""

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, make_user
from questions.models import InterviewExperience
from questions.tests.factories import CURATOR_PASSWORD, make_curator, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.get_by_role("button", name="Sign in").click()


def test_a_shared_interview_is_approved_by_a_curator_and_shown_on_the_company_page(
    live_server, starter_content, browser, csp_violations, page
):
    candidate = make_user("sharer@example.com")
    curator = make_curator(email="moderator@example.com")

    # The candidate finds the link on the company page and fills the form in.
    sign_in(page, live_server.url, candidate.email, PASSWORD)
    page.goto(f"{live_server.url}/companies/stripe/")
    page.get_by_role("link", name="Share your interview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Share your Stripe interview")
    page.get_by_label("Guide").select_option(label="Backend Developer")
    page.get_by_label("Month").select_option(label="February")
    page.get_by_label("Year").fill("2025")
    page.get_by_label("Find a question on the site").fill("idempotency")
    page.get_by_role("button", name="Find questions").click()  # the form comes back with matches to tick
    page.locator("input[name=linked_questions]").first.check()
    page.locator("select[name=rounds-0-kind]").select_option(label="Coding")
    page.locator("textarea[name=rounds-0-description_md]").fill("A payment endpoint, then duplicate requests.")
    page.get_by_label("Questions not on the site").fill("How do you reconcile a ledger nightly?")
    page.get_by_label("4", exact=True).check()
    page.get_by_label("Outcome").select_option(label="Offer")
    page.get_by_label("What happened overall").fill("Two weeks, four rounds, a **friendly** panel.")
    page.get_by_role("button", name="Send for review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your contributions")
    expect(page.locator(".contribution")).to_contain_text("Pending review")
    experience = InterviewExperience.objects.contributions().get()
    assert experience.linked_questions.count() == 1
    assert csp_violations() == []

    # The curator signs in with two factors and approves it from the queue.
    curator_context = browser.new_context()
    admin = curator_context.new_page()
    admin.goto(f"{live_server.url}/admin/")
    admin.fill("input[name=login]", curator.email)
    admin.fill("input[name=password]", CURATOR_PASSWORD)
    admin.get_by_role("button", name="Sign in").click()
    admin.get_by_label("Code").fill(totp_code(curator.totp_secret))
    admin.get_by_role("button", name="Sign In").click()
    admin.get_by_role("link", name="Interview experiences: 1 pending").click()
    admin.get_by_role("link", name="Stripe").first.click()
    admin.locator("select[name=decision]").select_option("approve")
    admin.locator("input[name=_save]").click()
    expect(admin.locator(".messagelist")).to_contain_text("was changed successfully")
    curator_context.close()

    # A visitor reads it on the company page; the candidate sees it approved.
    visitor = browser.new_context()
    public = visitor.new_page()
    public.goto(f"{live_server.url}/companies/stripe/")
    card = public.locator(".card.experience", has_text="friendly")
    expect(card).to_contain_text("Interviewed February 2025")
    expect(card.locator("strong", has_text="friendly")).to_be_visible()
    expect(card).to_contain_text("How do you reconcile a ledger nightly?")
    visitor.close()
    page.goto(f"{live_server.url}/me/contributions/")
    expect(page.locator(".contribution")).to_contain_text("Approved")
