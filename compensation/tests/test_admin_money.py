import pytest
from django.urls import reverse

from compensation.models import CompanyPay, SalaryBand
from questions.models import Company
from questions.tests.factories import make_role

pytestmark = pytest.mark.django_db


def band_form(role, **overrides) -> dict:
    values = {
        "role": role.pk,
        "level": "mid",
        "years_min": 2,
        "years_max": 5,
        "low": 90000,
        "median": 110000,
        "high": 130000,
        "range_is_estimate": "on",
        "currency": "USD",
        "year": 2025,
        "source": "A survey",
        "order": 1,
    }
    values.update(overrides)
    return values


def test_curator_adds_a_valid_salary_band(curator_client):
    role = make_role()
    response = curator_client.post(reverse("admin:compensation_salaryband_add"), band_form(role))
    assert response.status_code == 302
    assert SalaryBand.objects.get(role=role).median == 110000


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"median": 150000}, None, "low ≤ median ≤ high"),
        ({"low": 0}, "low", "positive amount"),
        ({"high": -5}, "high", "greater than or equal to 0"),
        ({"currency": "usd"}, "currency", "three-letter ISO 4217 code"),
        ({"currency": "DOLLARS"}, "currency", "at most 3 characters"),
        ({"median": "lots"}, "median", "whole number"),
        ({"years_max": 1}, "years_max", "minimum years"),
    ],
)
def test_bad_salary_band_gets_a_form_error_and_saves_nothing(curator_client, overrides, field, message):
    role = make_role()
    response = curator_client.post(reverse("admin:compensation_salaryband_add"), band_form(role, **overrides))
    assert response.status_code == 200
    form = response.context["adminform"].form
    errors = form.errors.get(field or "__all__", [])
    assert any(message in error for error in errors), form.errors
    assert not SalaryBand.objects.exists()


def test_company_pay_range_must_be_ordered_and_positive(curator_client):
    role = make_role()
    company = Company.objects.create(slug="acme", name="Acme")
    values = {
        "company": company.pk,
        "role": role.pk,
        "level_label": "L5",
        "base_low": 200000,
        "base_high": 150000,
        "total_low": 0,
        "total_high": 300000,
        "currency": "EUR",
        "year": 2025,
        "source": "Offers",
        "order": 0,
    }
    response = curator_client.post(reverse("admin:compensation_companypay_add"), values)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "must not be below its bottom" in errors["base_high"][0]
    assert "positive amount" in errors["total_low"][0]
    assert not CompanyPay.objects.exists()

    values.update(base_low=150000, base_high=200000, total_low=180000)
    assert curator_client.post(reverse("admin:compensation_companypay_add"), values).status_code == 302
    saved = CompanyPay.objects.get()
    assert (saved.base_low, saved.base_high, saved.total_low) == (150000, 200000, 180000)
