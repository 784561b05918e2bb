"""Sharing a salary, the author's own reports, moderation, the pages and the CSV downloads."""

import csv
import io
import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from compensation import services
from compensation.models import SalaryReport
from compensation.tests.factories import make_author, make_company, make_report, report_fields, signed_in
from questions.models import Company
from questions.tests.factories import make_question, make_role

pytestmark = pytest.mark.django_db


def form_data(**overrides) -> dict:
    """The share form as a browser posts it."""
    data = {
        "company": "",
        "level": "mid",
        "years_experience": "4",
        "country": "US",
        "region": "major-metro",
        "base": "120000",
        "bonus": "10000",
        "equity": "0",
        "currency": "USD",
        "year": "2026",
    }
    data.update(overrides)
    return data


@pytest.fixture
def role(db):
    return make_role(slug="backend", title="Backend Developer")


@pytest.fixture
def acme(db):
    company = Company.objects.create(slug="acme", name="Acme")
    make_question(companies=[company])  # a company is listed once it has public content
    return company


def share_url(role):
    return reverse("compensation:share", args=[role.slug])


# --- Sharing ------------------------------------------------------------------------------


def test_salary_page_links_to_the_share_form(client, role):
    html = client.get(f"/salaries/{role.slug}/").content.decode()
    assert f'href="/salaries/{role.slug}/share/"' in html and "Share your salary" in html


def test_visitors_are_sent_to_sign_in(client, role):
    response = client.get(share_url(role))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_unverified_address_cannot_share(role):
    user = make_author()
    EmailAddress.objects.filter(user=user).update(verified=False)
    client = signed_in(user)
    response = client.get(share_url(role))
    assert response.status_code == 403
    assert "Confirm your email address first" in response.content.decode()
    assert client.post(share_url(role), form_data()).status_code == 403
    assert not SalaryReport.objects.exists()


def test_a_verified_candidate_shares_a_pending_report(role, acme):
    user = make_author()
    client = signed_in(user)
    page = client.get(share_url(role)).content.decode()
    assert "sharing again for the same company and year updates your earlier report" in page
    assert ">Another company (not listed)</option>" in page
    response = client.post(share_url(role), form_data(company=str(acme.pk), base="150,000"))
    assert response.status_code == 302 and response["Location"] == "/me/contributions/"
    report = SalaryReport.objects.get()
    assert (report.user, report.company, report.role, report.base, report.status) == (
        user, acme, role, 150_000, "pending"
    )  # fmt: skip
    page = client.get("/me/contributions/").content.decode()
    assert "Thank you: your report is shared" in page
    assert "Backend Developer, Mid at Acme (2026)" in page and "Pending review" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("base", "120000.50", "Enter a whole amount without decimals"),
        ("base", "0", "greater than or equal to 1"),
        ("bonus", "-5", "greater than or equal to 0"),
        ("currency", "XYZ", "Select a valid choice"),
        ("base", "5000", "We accept a base salary for Backend Developer in USD from 20,000 to 1,000,000 a year."),
        ("base", "1500000", "from 20,000 to 1,000,000 a year"),
        ("equity", "9000000", "We accept equity per year for Backend Developer in USD from 0 to 5,000,000."),
        ("country", "", "This field is required"),
    ],
)
def test_bad_amounts_are_refused_with_a_message_and_nothing_is_saved(role, field, value, message):
    client = signed_in(make_author())
    response = client.post(share_url(role), form_data(**{field: value}))
    assert response.status_code == 422
    html = response.content.decode()
    assert message in html
    assert f'value="{value}"' in html or field in ("currency", "country")  # what was typed is kept
    assert not SalaryReport.objects.exists()


def test_bands_are_per_currency(role):
    client = signed_in(make_author())
    response = client.post(share_url(role), form_data(currency="JPY", base="120000"))
    assert "in JPY from 2,000,000 to 100,000,000 a year" in response.content.decode()
    assert client.post(share_url(role), form_data(currency="JPY", base="9000000")).status_code == 302


def test_a_second_report_for_the_same_company_and_year_updates_the_first(role, acme):
    user = make_author()
    client = signed_in(user)
    client.post(share_url(role), form_data(company=str(acme.pk)))
    client.post(share_url(role), form_data(company=str(acme.pk), base="130000"))
    client.post(share_url(role), form_data())  # "another company" is one more
    client.post(share_url(role), form_data(base="99000"))  # and updates itself too
    client.post(share_url(role), form_data(company=str(acme.pk), year="2025"))  # another year: a new one
    reports = SalaryReport.objects.order_by("pk")
    assert [(r.company_id, r.year, r.base) for r in reports] == [
        (acme.pk, 2026, 130_000), (None, 2026, 99_000), (acme.pk, 2025, 120_000)
    ]  # fmt: skip
    assert "Your report is updated" in client.get("/me/contributions/").content.decode()


def test_an_approved_report_is_not_overwritten(role, acme, curator):
    user = make_author()
    client = signed_in(user)
    client.post(share_url(role), form_data(company=str(acme.pk)))
    services.salary_report_approve(report=SalaryReport.objects.get(), curator=curator)
    response = client.post(share_url(role), form_data(company=str(acme.pk), base="200000"))
    assert response.status_code == 422
    assert "is already approved, so it can no longer change" in response.content.decode()
    assert SalaryReport.objects.get().base == 120_000


def test_sharing_is_limited_per_user_and_day(role):
    user = make_author()
    client = signed_in(user)
    for year in range(2021, 2027):
        assert client.post(share_url(role), form_data(year=str(year))).status_code == 302
    for base in range(4):
        assert client.post(share_url(role), form_data(base=str(100_000 + base))).status_code == 302
    response = client.post(share_url(role), form_data(year="2026", base="111111"))
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert "You have shared 10 salary reports today, the daily limit. Try again in about" in html
    assert 'value="111111"' in html  # kept for later
    assert SalaryReport.objects.get(year=2026).base == 100_003
    # Another candidate has their own allowance.
    assert signed_in(make_author()).post(share_url(role), form_data()).status_code == 302


# --- The author's own reports ---------------------------------------------------------------


def test_the_author_edits_a_pending_report_and_it_stays_in_the_queue(role):
    user = make_author()
    report = make_report(user=user, role=role, status="rejected", rejection_reason="implausible")
    client = signed_in(user)
    url = reverse("compensation:report_edit", args=[report.pk])
    assert 'value="120000"' in client.get(url).content.decode()
    assert client.post(url, form_data(base="125000")).status_code == 302
    report.refresh_from_db()
    assert (report.base, report.status, report.rejection_reason) == (125_000, "pending", "")


def test_an_approved_report_cannot_be_edited_only_deleted(role):
    user = make_author()
    report = make_report(user=user, role=role)
    client = signed_in(user)
    assert client.get(reverse("compensation:report_edit", args=[report.pk])).status_code == 404
    page = client.get("/me/contributions/").content.decode()
    assert "Approved" in page and "/edit/" not in page
    assert client.post(reverse("compensation:report_delete", args=[report.pk])).status_code == 302
    assert not SalaryReport.objects.exists()


def test_another_users_report_is_404(role):
    alice, bob = make_author(), make_author()
    report = make_report(user=alice, role=role, status="pending")
    client = signed_in(bob)
    for name in ("report_edit", "report_delete"):
        url = reverse(f"compensation:{name}", args=[report.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, form_data(base="999999")).status_code == 404
    report.refresh_from_db()
    assert report.base == 120_000
    assert "120,000" not in client.get("/me/contributions/").content.decode()


def test_contributions_show_the_rejection_reason(role, curator):
    user = make_author()
    report = make_report(user=user, role=role, status="pending")
    services.salary_report_reject(report=report, curator=curator, reason="other", note="Looks like a monthly figure.")
    html = signed_in(user).get("/me/contributions/").content.decode()
    assert "Rejected: Another reason (see the note). Looks like a monthly figure." in html


# --- Moderation -----------------------------------------------------------------------------

CHANGELIST = "admin:compensation_salaryreport_changelist"


def test_the_queue_opens_on_pending_reports_with_their_count(curator_client, role):
    make_report(role=role, status="pending", base=111_000)
    make_report(role=role, status="pending", base=112_000, year=2025)
    make_report(role=role, status="approved", base=113_000)
    html = curator_client.get(reverse(CHANGELIST)).content.decode()
    assert "Salary reports: 2 pending review" in html
    assert "111000" in html and "112000" in html and "113000" not in html
    assert "113000" in curator_client.get(reverse(CHANGELIST) + "?queue=all").content.decode()
    assert "Salary reports: 2 pending" in curator_client.get(reverse("admin:index")).content.decode()


def test_a_curator_approves_and_the_amounts_stay_as_reported(curator_client, curator, role):
    report = make_report(role=role, status="pending")
    url = reverse("admin:compensation_salaryreport_change", args=[report.pk])
    response = curator_client.post(url, {"decision": "approved", "base": "1", "rejection_reason": ""})
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.base, report.reviewed_by) == ("approved", 120_000, curator)
    assert report.reviewed_at is not None
    # Decided is final: the page no longer offers a decision.
    assert 'name="decision"' not in curator_client.get(url).content.decode()


def test_rejecting_needs_a_reason_and_other_needs_a_note(curator_client, role):
    report = make_report(role=role, status="pending")
    url = reverse("admin:compensation_salaryreport_change", args=[report.pk])
    response = curator_client.post(url, {"decision": "rejected", "rejection_reason": ""})
    assert "Choose why the report is rejected." in response.content.decode()
    response = curator_client.post(url, {"decision": "rejected", "rejection_reason": "other", "rejection_note": ""})
    assert "Say why: the author sees this note." in response.content.decode()
    report.refresh_from_db()
    assert report.status == "pending"
    curator_client.post(url, {"decision": "rejected", "rejection_reason": "duplicate", "rejection_note": ""})
    report.refresh_from_db()
    assert (report.status, report.rejection_reason) == ("rejected", "duplicate")


def test_bulk_approval_skips_decided_reports(curator_client, role):
    pending = [make_report(role=role, status="pending", year=year) for year in (2025, 2026)]
    rejected = make_report(role=role, status="rejected", year=2024)
    response = curator_client.post(
        reverse(CHANGELIST) + "?queue=all",
        {"action": "approve", "_selected_action": [r.pk for r in [*pending, rejected]]},
        follow=True,
    )
    assert "Approved 2 report(s); 1 already decided, left as they were." in response.content.decode()
    assert set(SalaryReport.objects.values_list("status", flat=True)) == {"approved", "rejected"}


def test_curators_cannot_add_reports(curator_client):
    assert curator_client.get(reverse("admin:compensation_salaryreport_add")).status_code == 403


def test_deciding_twice_is_refused(curator, role):
    report = make_report(role=role, status="pending")
    services.salary_report_approve(report=report, curator=curator)
    with pytest.raises(Exception, match="already approved"):
        services.salary_report_reject(report=report, curator=curator, reason="duplicate")


# --- Pages and CSV --------------------------------------------------------------------------


def test_salary_page_says_not_enough_data_until_five_then_shows_figures_with_n(client, role, curator):
    for number in range(4):
        make_report(role=role, company=make_company(), base=100_000 + number * 10_000)
    html = client.get(f"/salaries/{role.slug}/").content.decode()
    assert "Not enough data yet: 1 more approved report needed." in html
    assert "$0" not in html and "range-bar" not in html
    report = make_report(role=role, company=make_company(), status="pending", base=140_000)
    services.salary_report_approve(report=report, curator=curator)  # tells the page cache
    html = client.get(f"/salaries/{role.slug}/").content.decode()
    row = re.search(r'<th scope="row">Mid</th>(.*?)</tr>', html, re.S).group(1)
    assert "5 <span" in row and ">low</span>" in row and "$120,000" in row  # n, confidence, median
    assert "from 10 reports" in row
    assert len(html.encode()) <= 80_000


def test_curated_figures_stay_beside_the_community_ones(client, role):
    from compensation.tests.factories import make_band

    make_band(role=role, source="A pay survey")
    html = client.get(f"/salaries/{role.slug}/").content.decode()
    assert "entered by our curators from the source named on each row" in html
    assert "A pay survey, 2026" in html and "From candidates’ reports" in html


def test_company_page_shows_its_community_figures(client, role, acme):
    for number in range(5):
        make_report(role=role, company=acme, level=["mid", "senior"][number % 2], base=150_000 + number * 1_000)
    other_role = make_role(title="Site Reliability Engineer")
    make_report(role=other_role, company=acme)
    html = client.get("/companies/acme/").content.decode()
    assert "Acme pay from candidates’ reports" in html
    assert '<a href="/salaries/backend/">Backend Developer</a>' in html and "$152,000" in html
    assert "Not enough data yet: 4 more approved reports needed." in html
    assert 'href="/companies/acme/salaries.csv"' in html


def csv_rows(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))  # spreadsheets look for the BOM


def test_csv_has_every_public_figure_of_the_role(client, role):
    for number in range(5):
        make_report(role=role, company=make_company(), base=100_000 + number * 1_000)
    rows = csv_rows(client.get(f"/salaries/{role.slug}/salaries.csv"))
    assert rows[0][:7] == ["figure", "role", "level", "company", "currency", "reports", "confidence"]
    assert rows[1][:11] == [
        "level",
        "Backend Developer",
        "Mid",
        "",
        "USD",
        "5",
        "low",
        "",
        "101000",
        "102000",
        "103000",
    ]
    assert len(rows) == 2


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_csv_cells_that_look_like_formulas_are_quoted(client, role, start):
    evil = Company.objects.create(slug="evil", name=f'{start}HYPERLINK("http://x","y")')
    make_question(companies=[evil])
    for number in range(5):
        make_report(role=role, company=evil, base=100_000 + number * 1_000)
    for url in (f"/salaries/{role.slug}/salaries.csv", "/companies/evil/salaries.csv"):
        rows = csv_rows(client.get(url))
        company_rows = [row for row in rows if row[0] == "company"]
        assert company_rows[0][3] == f'\'{start}HYPERLINK("http://x","y")'
        assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_a_report_counts_for_nobody_else_to_see(client, role):
    """A single report's amounts never reach a page or the CSV."""
    make_report(role=role, company=make_company(), base=123_457)
    assert "123,457" not in client.get(f"/salaries/{role.slug}/").content.decode()
    assert "123457" not in client.get(f"/salaries/{role.slug}/salaries.csv").content.decode()


def test_services_refuse_what_the_form_refuses(role):
    user = make_author()
    with pytest.raises(Exception, match="from 20,000 to 1,000,000"):
        services.salary_report_submit(user=user, **report_fields(role=role, base=10))
    assert not SalaryReport.objects.exists()
