"""In Chromium: a candidate shares a salary, a curator approves it with two-factor sign-in,
and the salary page shows a figure only once the fifth report is approved."""

import pytest
from playwright.sync_api import Page, expect

from compensation.models import SalaryReport
from compensation.tests.factories import AUTHOR_PASSWORD, make_author, make_company, make_report
from questions.tests.factories import CURATOR_PASSWORD, make_curator, make_role, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_shared_salary_counts_once_approved_and_only_from_five_reports(live_server, page: Page, csp_violations):
    role = make_role(slug="backend", title="Backend Developer")
    for number in range(3):
        make_report(role=role, company=make_company(), base=110_000 + number * 10_000)
    author = make_author("sharer@example.com")
    curator = make_curator(email="moderator@example.com")
    salaries = f"{live_server.url}/salaries/backend/"

    # The candidate signs in and shares from the salary page.
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(author.email)
    page.get_by_label("Password").fill(AUTHOR_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)  # signed in before going on
    page.goto(salaries)
    page.get_by_role("link", name="Share your salary").click()
    page.get_by_label("Level").select_option("mid")
    page.get_by_label("Years of experience").fill("5")
    page.locator("select[name=country]").select_option("US")
    page.get_by_label("Where in the country").select_option("remote")
    page.get_by_label("Base salary per year").fill("5000")  # a monthly figure by mistake
    page.get_by_role("button", name="Share my salary").click()
    expect(page.locator(".field-errors")).to_contain_text("from 20,000 to 1,000,000 a year")
    page.get_by_label("Base salary per year").fill("145,000")
    page.get_by_role("button", name="Share my salary").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your contributions")
    expect(page.locator("#my-salary-reports-heading + div")).to_contain_text("Pending review")

    def visitor_page():
        """A new visitor each time: a browser may keep a public page for PUBLIC_CACHE_SECONDS."""
        public = page.context.browser.new_context().new_page()
        public.goto(salaries)
        return public

    # A visitor: three approved reports and a pending one are not enough.
    expect(visitor_page().locator("body")).to_contain_text("Not enough data yet: 2 more approved reports needed.")

    # The curator signs in with two factors and approves it from the queue.
    moderator = page.context.browser.new_context().new_page()
    moderator.goto(f"{live_server.url}/admin/")
    moderator.fill("input[name=login]", curator.email)
    moderator.fill("input[name=password]", CURATOR_PASSWORD)
    moderator.get_by_role("button", name="Sign in").click()
    moderator.get_by_label("Code").fill(totp_code(curator.totp_secret))
    moderator.get_by_role("button", name="Sign In").click()
    moderator.wait_for_url(lambda url: "/accounts/" not in url)  # past the code, before going on
    moderator.goto(f"{live_server.url}/admin/compensation/salaryreport/")
    expect(moderator.locator("#content h1")).to_have_text("Salary reports: 1 pending review")
    moderator.locator("#result_list tbody th a").first.click()
    moderator.locator("select[name=decision]").select_option("approved")
    moderator.locator("input[name=_save]").click()
    expect(moderator.locator(".messagelist")).to_contain_text("was changed successfully")
    assert SalaryReport.objects.get(user=author).status == "approved"

    # Four approved: still not enough.
    expect(visitor_page().locator("body")).to_contain_text("Not enough data yet: 1 more approved report needed.")

    # A fifth report comes in and is approved with the list's action: now there is a figure.
    make_report(role=role, company=make_company(), status="pending", base=150_000)
    moderator.goto(f"{live_server.url}/admin/compensation/salaryreport/")
    moderator.locator("input[name=_selected_action]").first.check()
    moderator.select_option("select[name=action]", "approve")
    moderator.locator("button[name=index]").click()
    expect(moderator.locator(".messagelist")).to_contain_text("Approved 1 report(s).")

    public = visitor_page()
    mid = public.locator("tr", has=public.locator("th", has_text="Mid"))
    expect(mid.first).to_contain_text("5 low")
    expect(mid.first).to_contain_text("$130,000")  # the median of 110k, 120k, 130k, 145k, 150k
    expect(public.locator("body")).not_to_contain_text("Not enough data yet: 1 more")
    assert csp_violations() == []
