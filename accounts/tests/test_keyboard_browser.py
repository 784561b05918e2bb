"""Practice mode without a mouse: reach it, reveal, rate and move on from the keyboard alone
(Tab, Enter, Space and the documented shortcuts), and after every key the focused
element shows a visible focus indicator (an outline or a box shadow)."""

import re

import pytest
from playwright.sync_api import Page, expect

from accounts.tests.factories import client_for, make_user
from prepsite.tests.axe import signed_in_cookie
from questions.models import Question

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUS_STYLE = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const style = getComputedStyle(element);
  return {
    element: element.tagName.toLowerCase() + " " + (element.textContent || "").trim().slice(0, 40),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
    shadow: style.boxShadow !== "none",
  };
}"""


def press(page: Page, key: str, *, navigates: bool = False) -> dict | None:
    """Press a key (waiting for the page it loads); the element that has focus afterwards
    (if any) must show it."""
    if navigates:
        with page.expect_navigation():
            page.keyboard.press(key)
    else:
        page.keyboard.press(key)
    focused = page.evaluate(FOCUS_STYLE)
    if focused is not None:
        assert focused["outline"] or focused["shadow"], f"after {key}, focus on {focused['element']!r} is invisible"
    return focused


def tab_to(page: Page, selector: str, *, limit: int = 120) -> None:
    """Press Tab until the element matching ``selector`` has focus, checking focus on the way."""
    for _ in range(limit):
        press(page, "Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"{selector} was not reached with {limit} presses of Tab")


@pytest.fixture
def keyboard_page(live_server, browser, starter_content):
    candidate = make_user()
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_cookies([signed_in_cookie(client_for(candidate), live_server)])
    yield context.new_page()
    context.close()


def test_practice_mode_from_the_keyboard_alone(live_server, keyboard_page):
    page = keyboard_page
    first = Question.objects.published().filter(role__slug="backend-developer").order_by("number").first()
    page.goto(f"{live_server.url}{first.get_absolute_url()}")

    # Reach practice mode: Tab to the question's "Practise" link and follow it with Enter.
    tab_to(page, f'main a[href="/practice/{first.slug}/"]')
    press(page, "Enter", navigates=True)
    expect(page).to_have_url(re.compile(f"/practice/{first.slug}/"))

    # The page opens with nothing focused: Space is the reveal shortcut.
    press(page, " ")
    expect(page.get_by_role("heading", name="Sample answer")).to_be_focused()
    assert press(page, "Shift") is not None  # the heading shows its focus too

    # Rate with the shortcut: 3 is Good; the page reloads with the message.
    press(page, "3", navigates=True)
    expect(page.get_by_role("status").first).to_contain_text("Recorded “Good”")

    # ? lists the shortcuts; Escape closes the list again.
    press(page, "?")
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_visible()
    press(page, "Escape")
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_hidden()

    # N moves on to the next question.
    next_url = page.locator('.practice-next a[rel="next"]').get_attribute("href")
    press(page, "n", navigates=True)
    assert page.url.endswith(next_url)
    second = Question.objects.get(slug=next_url.split("/")[2])

    # The same without shortcuts: type an answer, Tab to "Save draft" and press Enter,
    # Tab on to the reveal button and press Enter, Tab to a rating and press Space.
    tab_to(page, "textarea[name=draft_md]")
    page.keyboard.type("Fan-out on write for most users, on read for the celebrities.")
    tab_to(page, "form:has(textarea[name=draft_md]) button[type=submit]")
    press(page, "Enter")
    expect(page.locator("#draft_md-status")).to_contain_text("Saved")
    tab_to(page, "#reveal-button")
    press(page, "Enter")
    expect(page.get_by_role("heading", name="Sample answer")).to_be_focused()
    tab_to(page, '.rating-form button[value="easy"]')
    press(page, " ", navigates=True)
    expect(page.get_by_role("status").first).to_contain_text("Recorded “Easy”")
    assert first.practices.get().times_practised == 1
    assert second.practices.get().last_rating == "easy"
