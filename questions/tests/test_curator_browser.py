"""A curator works in a real browser (Chromium through Playwright): sign in with two factors, edit, publish."""

import pytest
from playwright.sync_api import Page, expect

from questions.tests.factories import CURATOR_PASSWORD, make_curator, make_question, make_role, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def draft_question(db):
    return make_question(role=make_role(), is_published=False, sample_answer_md="An old answer.")


def test_curator_edits_a_draft_publishes_it_and_visitors_see_it(
    live_server, draft_question, page: Page, csp_violations
):
    curator = make_curator(email="editor@example.com", two_factor=False)
    question = draft_question

    page.goto(f"{live_server.url}/admin/")  # the admin sends visitors to sign in through allauth
    page.fill("input[name=login]", curator.email)
    page.fill("input[name=password]", CURATOR_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # First sign-in: the admin stays shut until an authenticator app is set up.
    expect(page.locator(".messages")).to_contain_text("Curators sign in with two factors")
    if page.get_by_role("button", name="Confirm").count():  # allauth may confirm the password first
        page.get_by_label("Password").fill(CURATOR_PASSWORD)
        page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Activate Authenticator App")
    expect(page.locator("img.qr-code")).to_be_visible()
    secret = page.get_by_label("Authenticator secret").input_value()
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name="Activate").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Recovery Codes")

    # Signing in again now asks for the app's code, and then the admin opens.
    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{live_server.url}/admin/")
    page.fill("input[name=login]", curator.email)
    page.fill("input[name=password]", CURATOR_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("link", name="Questions", exact=True)).to_be_visible()

    page.goto(f"{live_server.url}/admin/questions/question/{question.pk}/change/")
    page.fill("textarea[name=sample_answer_md]", "Apply **backpressure** before the queue overflows.")
    preview = page.locator("textarea[name=sample_answer_md] + .markdown-preview")
    expect(preview.locator("strong")).to_have_text("backpressure")  # rendered by the server via htmx
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.locator(f"input[name=_selected_action][value='{question.pk}']").check()
    page.select_option("select[name=action]", "publish")
    page.locator("button[name=index]").click()
    expect(page.locator(".messagelist")).to_contain_text("Published 1 question(s).")
    assert csp_violations() == []  # the admin works under the site's policy

    visitor = page.context.browser.new_context()  # a visitor: not signed in
    public = visitor.new_page()
    public.goto(f"{live_server.url}/questions/{question.slug}/")
    expect(public.locator(".answer")).to_contain_text("Apply backpressure before the queue overflows.")
    expect(public.locator(".draft-banner")).to_have_count(0)
    visitor.close()
