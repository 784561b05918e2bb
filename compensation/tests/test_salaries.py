"""The salary page and the pay on company pages, on pay data each test makes.

The shipped figures themselves are checked as content in ``questions/tests/test_content.py``.
"""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from compensation.tests.factories import build_band, build_company_pay, make_band, make_company_pay
from questions.models import Company
from questions.tests.factories import make_question, make_role

pytestmark = pytest.mark.django_db


def salary_page(client, role) -> str:
    response = client.get(f"/salaries/{role.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def rows_of(html: str, caption: str) -> list[str]:
    """The row headers of the table with this caption, in page order."""
    table = html[re.search(rf"<caption[^>]*>{re.escape(caption)}", html).start() :]
    table = table[: table.index("</table>")]
    return [re.sub(r"<[^>]+>", "", header) for header in re.findall(r'<th scope="row">(.*?)</th>', table)]


def test_salary_page_shows_each_band_with_median_range_and_source(client):
    role = make_role(slug="paid")
    make_band(role=role, level="entry", years_min=0, years_max=2, low=80_000, median=94_000, high=110_000)
    make_band(
        role=role,
        level="staff",
        years_min=10,
        years_max=None,
        low=190_000,
        median=210_000,
        high=250_000,
        range_is_estimate=False,
        source="Staff survey",
        year=2025,
    )
    html = salary_page(client, role)
    assert "Every figure shows its source and year" in html
    assert '<caption id="pay-bands-caption">Base salary by level (USD per year)</caption>' in html
    assert rows_of(html, "Base salary by level") == ["Entry", "Staff/Principal"]
    for figure in ["0–2 yrs", "$94,000", "$80,000–$110,000", "A test survey, 2026"]:
        assert figure in html
    for figure in ["10+ yrs", "$210,000", "$190,000–$250,000", "Staff survey, 2025"]:
        assert figure in html
    assert html.count(">estimate</span>") == 1  # only the range we estimated says so
    # A bar and a median marker per band; the table repeats the numbers for screen readers.
    assert html.count('class="range-bar"') == 2
    assert html.count('class="range-marker"') == 2
    assert "Top-paying companies" not in html


def test_bands_follow_their_order_then_their_years(client):
    role = make_role()
    make_band(role=role, level="mid", years_min=3, order=1)
    make_band(role=role, level="staff", years_min=10, order=0)  # a curator may put any level first
    make_band(role=role, level="entry", years_min=0, order=1)
    assert rows_of(salary_page(client, role), "Base salary by level") == ["Staff/Principal", "Entry", "Mid"]


def test_pay_in_another_currency_is_shown_in_it(client):
    role = make_role()
    make_band(role=role, currency="EUR", low=50_000, median=60_000, high=70_000)
    make_company_pay(role=role, currency="EUR", total_low=90_000, total_high=120_000)
    html = salary_page(client, role)
    assert '<caption id="pay-bands-caption">Base salary by level (EUR per year)</caption>' in html
    assert '<caption id="company-pay-caption">Company pay ranges (EUR per year)</caption>' in html
    assert "€60,000" in html and "€90k–€120k" in html
    assert "$" not in html


def test_company_pay_shows_base_and_total_ranges_linked_to_the_company(client):
    role = make_role()
    acme = Company.objects.create(slug="acme", name="Acme")
    make_company_pay(role=role, company=acme, level_label="E5", source="Offer letters", year=2025)
    html = salary_page(client, role)
    assert rows_of(html, "Company pay ranges") == ["Acme"]
    assert '<a href="/companies/acme/">Acme</a>' in html
    for figure in ["E5", "$150k–$180k", "$200k–$260k", "Offer letters, 2025"]:
        assert figure in html
    assert html.count('class="range-bar"') == 1
    assert 'class="range-marker"' not in html  # company ranges have no median
    assert "Base salary by experience level" not in html


def test_top_paying_companies_are_listed_highest_total_first(client):
    role = make_role()
    for name, total_low, total_high in [
        ("Cobalt", 200_000, 300_000),
        ("Amber", 250_000, 400_000),
        ("Birch", 260_000, 400_000),  # same top as Amber, higher bottom: before it
        ("Dune", 200_000, 300_000),  # same range as Cobalt: by name after it
    ]:
        company = Company.objects.create(slug=name.lower(), name=name)
        make_company_pay(role=role, company=company, total_low=total_low, total_high=total_high)
    html = salary_page(client, role)
    assert rows_of(html, "Company pay ranges") == ["Birch", "Amber", "Cobalt", "Dune"]


def test_range_bars_are_placed_on_one_scale(client):
    role = make_role()
    make_band(role=role, level="entry", years_min=0, low=100, median=150, high=200, order=0)
    make_band(role=role, level="senior", years_min=6, low=200, median=250, high=300, order=1)
    make_company_pay(role=role, total_low=1_000, total_high=2_000)
    make_company_pay(role=role, total_low=2_000, total_high=5_000)
    html = salary_page(client, role)
    bars = re.findall(r'class="range-bar" x="([\d.]+)%" y="0" width="([\d.]+)%"', html)
    markers = re.findall(r'class="range-marker" x1="([\d.]+)%"', html)
    # Bands on 100–300; companies, highest first, on 1,000–5,000.
    assert bars == [("0.00", "50.00"), ("50.00", "50.00"), ("25.00", "75.00"), ("0.00", "25.00")]
    assert markers == ["25.00", "75.00"]


def test_role_without_pay_data_says_so_and_shows_no_figures(client):
    html = salary_page(client, make_role())
    assert "We have no sourced pay data for this role yet, so we show no figures." in html
    assert "Every figure shows its source and year" not in html
    assert "range-bar" not in html and "<table" not in html
    assert not re.search(r"\$\d", html)


def test_role_without_pay_data_shows_its_own_note_instead(client):
    role = make_role(pay_note_md="Pay for this role varies too much to *summarise*.")
    html = salary_page(client, role)
    assert "Pay for this role varies too much to <em>summarise</em>." in html
    assert "so we show no figures" not in html


def test_company_page_lists_its_pay_by_role(client):
    acme = Company.objects.create(slug="acme", name="Acme")
    role = make_role(slug="backend", title="Backend Developer")
    make_company_pay(role=role, company=acme, level_label="L5", source="Levels survey")
    html = client.get("/companies/acme/").content.decode()
    assert '<caption id="company-pay-caption">Acme pay ranges (per year)</caption>' in html
    assert '<a href="/salaries/backend/">Backend Developer</a>' in html
    assert "L5" in html and "$200k–$260k" in html and "Levels survey, 2026" in html


def test_company_without_pay_says_so(client):
    company = Company.objects.create(slug="acme", name="Acme")
    make_question(companies=[company])  # a company page is public once it has public content
    html = client.get("/companies/acme/").content.decode()
    assert "We have no sourced pay data for Acme yet." in html
    assert not re.search(r"\$\d", html)


def test_band_figures_must_be_in_order(db):
    band = build_band(low=120, median=100, high=130)
    with pytest.raises(ValidationError, match="low ≤ median ≤ high"):
        band.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        band.save()


def test_currency_must_be_a_three_letter_code(db):
    with pytest.raises(ValidationError) as error:
        build_company_pay(currency="dollars").full_clean()
    assert "currency" in error.value.message_dict


def test_company_pay_ranges_must_be_in_order(db):
    with pytest.raises(ValidationError) as error:
        build_company_pay(base_low=300, base_high=200).full_clean()
    assert "base_high" in error.value.message_dict


def test_valid_company_pay_passes(db):
    build_company_pay().full_clean()
