"""Pay benchmarks in the API (``compensation/api.py``): sourced figures of published guides."""

import pytest
from django.core.cache import cache

from compensation.tests.factories import make_band, make_company_pay
from questions.models import Company
from questions.tests.factories import make_role

pytestmark = pytest.mark.django_db


def test_pay_lists_bands_and_company_ranges_with_their_source(client):
    role = make_role(slug="backend")
    make_band(role=role, level="senior", years_min=6, years_max=None, low=120_000, median=136_000, high=150_000)
    make_company_pay(role=role, company=Company.objects.create(slug="stripe", name="Stripe"), year=2025)
    body = client.get("/api/v1/roles/backend/pay/").json()
    assert body["role"] == {"slug": "backend", "title": role.title}
    [band] = body["salary_bands"]
    assert band == {**band, "level": "senior", "level_label": "Senior", "years_max": None, "median": 136_000}
    assert band["source"] == "A test survey" and band["currency"] == "USD" and band["year"] == 2026
    [pay] = body["company_pay"]
    assert pay["company"] == {"slug": "stripe", "name": "Stripe"}
    assert (pay["total_low"], pay["total_high"], pay["year"]) == (200_000, 260_000, 2025)


def test_pay_of_a_draft_guide_is_404(client):
    role = make_role(slug="secret", is_published=False)
    make_band(role=role)
    response = client.get("/api/v1/roles/secret/pay/")
    assert response.status_code == 404 and response.json()["detail"]


def test_a_pay_edit_makes_the_cached_answer_stale(client):
    band = make_band(role=make_role(slug="backend"), median=120_000)
    first = client.get("/api/v1/roles/backend/pay/")
    band.median = 125_000
    band.save()
    fresh = client.get("/api/v1/roles/backend/pay/", headers={"If-None-Match": first["ETag"]})
    assert fresh.status_code == 200 and fresh.json()["salary_bands"][0]["median"] == 125_000


def test_pay_query_count_does_not_grow_with_the_rows(client, django_assert_num_queries):
    role = make_role(slug="backend")
    for number in range(2):
        make_company_pay(role=role, company=Company.objects.create(slug=f"c{number}", name=f"C{number}"))
    with django_assert_num_queries(3):  # the role, its bands, its company pay with companies
        client.get("/api/v1/roles/backend/pay/")
    for number in range(2, 20):
        make_company_pay(role=role, company=Company.objects.create(slug=f"c{number}", name=f"C{number}"))
    cache.clear()
    with django_assert_num_queries(3):
        assert len(client.get("/api/v1/roles/backend/pay/").json()["company_pay"]) == 20
