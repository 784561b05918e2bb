"""Pay benchmarks in the API (``compensation/api.py``): sourced figures of published guides."""

import pytest
from django.core.cache import cache

from compensation.aggregates import community_pay
from compensation.tests.factories import make_band, make_company, make_company_pay, make_report
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
    with django_assert_num_queries(4):  # the role, its bands, its company pay with companies, approved reports
        client.get("/api/v1/roles/backend/pay/")
    for number in range(2, 20):
        make_company_pay(role=role, company=Company.objects.create(slug=f"c{number}", name=f"C{number}"))
    for _ in range(20):
        make_report(role=role, company=make_company(), base=110_000)
    cache.clear()
    with django_assert_num_queries(4):
        assert len(client.get("/api/v1/roles/backend/pay/").json()["company_pay"]) == 20


def test_community_figures_appear_from_the_fifth_approved_report_with_their_n(client):
    role = make_role(slug="backend")
    for number in range(4):
        make_report(role=role, company=make_company(), level="senior", base=150_000 + number * 5_000)
    make_report(role=role, company=make_company(), level="senior", status="pending")
    assert client.get("/api/v1/roles/backend/pay/").json()["community"] == []  # four approved: nothing
    make_report(role=role, company=make_company(), level="senior", base=170_000)
    cache.clear()
    [figure] = client.get("/api/v1/roles/backend/pay/").json()["community"]
    assert (figure["kind"], figure["level"], figure["label"]) == ("level", "senior", "Senior")
    assert (figure["n"], figure["confidence"], figure["currency"]) == (5, "low", "USD")
    assert figure["base"]["p10"] is None and figure["base"]["p90"] is None  # tails only from 10
    assert figure["base"]["p25"] <= figure["base"]["median"] <= figure["base"]["p75"]
    assert 150_000 < figure["base"]["median"] < 170_000  # never the minimum or maximum


def test_the_api_shows_exactly_the_figures_the_pages_and_csv_show(client):
    role = make_role(slug="backend")
    big = make_company()
    for number in range(20):  # two level figures, and one company figure for the company with five
        make_report(role=role, company=big if number < 5 else make_company(), level=("mid", "senior")[number % 2])
    community = community_pay([role])
    expected = [(f.key.kind, f.label, f.n) for f in community.role_figures(role.pk)]
    body = client.get("/api/v1/roles/backend/pay/").json()
    assert [(f["kind"], f["label"], f["n"]) for f in body["community"]] == expected
    assert {kind for kind, _label, _n in expected} == {"level", "company"}
