import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from compensation.models import CompanyPay, SalaryBand
from questions.models import Company
from questions.tests.factories import make_role

pytestmark = pytest.mark.django_db


def test_salary_page_shows_medians_ranges_and_sources(client, starter_content):
    html = client.get("/salaries/backend-developer/").content.decode()
    for median in ["$94,000", "$114,000", "$136,000", "$173,000"]:
        assert median in html
    assert "0–2 yrs" in html and "10+ yrs" in html
    assert html.count(">estimate</span>") == 4
    assert "Google" in html and "$350k–$450k" in html and "$500k–$700k" in html
    assert html.count("2026</td>") == 12
    # Every bar is drawn and every median marked; the table repeats the numbers for screen readers.
    assert html.count('class="range-marker"') == 4
    assert html.count('class="range-bar"') == 12
    assert "<caption>Base salary by level (USD per year)</caption>" in html


def test_top_paying_companies_are_listed_highest_total_first(client, starter_content):
    html = client.get("/salaries/backend-developer/").content.decode()
    table = html[html.index("<caption>Company pay ranges") :]
    order = [name for name in ["OpenAI", "Anthropic", "Two Sigma", "Netflix", "Meta"] if name in table]
    assert sorted(order, key=table.index) == ["OpenAI", "Anthropic", "Two Sigma", "Netflix", "Meta"]


def test_range_bars_are_placed_on_one_scale(client, db):
    role = make_role(slug="scale")
    for order, (level, low, median, high) in enumerate([("entry", 100, 150, 200), ("senior", 200, 250, 300)]):
        SalaryBand.objects.create(
            role=role,
            level=level,
            years_min=order,
            low=low,
            median=median,
            high=high,
            year=2026,
            source="s",
            order=order,
        )
    html = client.get("/salaries/scale/").content.decode()
    bars = re.findall(r'class="range-bar" x="([\d.]+)%" y="0" width="([\d.]+)%"', html)
    markers = re.findall(r'class="range-marker" x1="([\d.]+)%"', html)
    assert bars == [("0.00", "50.00"), ("50.00", "50.00")]
    assert markers == ["25.00", "75.00"]


def test_role_without_pay_data_says_so_instead_of_numbers(client, starter_content):
    html = client.get("/salaries/site-reliability-engineer/").content.decode()
    assert "does not yet have sourced pay data" in html
    assert "Every figure shows its source and year" not in html
    assert "range-bar" not in html
    assert not re.search(r"\$\d", html)


def test_band_figures_must_be_in_order(db):
    band = SalaryBand(role=make_role(), level="mid", years_min=3, low=120, median=100, high=130, year=2026, source="s")
    with pytest.raises(ValidationError, match="low ≤ median ≤ high"):
        band.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        band.save()


def company_pay(**overrides) -> CompanyPay:
    values = {
        "company": Company.objects.create(slug="acme", name="Acme"),
        "role": make_role(),
        "level_label": "L1",
        "base_low": 100,
        "base_high": 200,
        "total_low": 150,
        "total_high": 300,
        "year": 2026,
        "source": "s",
    }
    return CompanyPay(**{**values, **overrides})


def test_currency_must_be_a_three_letter_code(db):
    with pytest.raises(ValidationError) as error:
        company_pay(currency="dollars").full_clean()
    assert "currency" in error.value.message_dict


def test_company_pay_ranges_must_be_in_order(db):
    with pytest.raises(ValidationError) as error:
        company_pay(base_low=300, base_high=200).full_clean()
    assert "base_high" in error.value.message_dict


def test_valid_company_pay_passes(db):
    company_pay().full_clean()
