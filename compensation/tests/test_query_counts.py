"""The pages that show pay run as many queries for 20 pay rows as for 2."""

import pytest

from compensation.models import CompanyPay, Level, SalaryBand
from questions.models import Company, InterviewExperience
from questions.tests.factories import make_question, make_role

pytestmark = pytest.mark.django_db

SALARY_QUERIES = 3  # role, its bands, its company pay with companies
COMPANY_QUERIES = 4  # company, its experiences with roles, its pay rows with roles, its questions with roles


def add_pay(*, role, company, order: int) -> CompanyPay:
    return CompanyPay.objects.create(
        company=company,
        role=role,
        level_label="L4",
        base_low=100_000 + order,
        base_high=150_000 + order,
        total_low=200_000 + order,
        total_high=300_000 + order,
        year=2026,
        source="A test",
        order=order,
    )


@pytest.mark.parametrize("size", [2, 20])
def test_salary_page_query_count_is_constant(client, django_assert_num_queries, size):
    role = make_role(slug=f"pay-{size}")
    for order, level in enumerate(Level.values):
        SalaryBand.objects.create(
            role=role, level=level, years_min=order * 3, low=90, median=100, high=110, year=2026, source="s"
        )
    for order in range(size):
        add_pay(
            role=role, company=Company.objects.create(slug=f"payer-{size}-{order}", name=f"Payer {order}"), order=order
        )
    with django_assert_num_queries(SALARY_QUERIES):
        response = client.get(f"/salaries/{role.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('href="/companies/payer-') == size


@pytest.mark.parametrize("size", [2, 20])
def test_company_page_query_count_is_constant(client, django_assert_num_queries, size):
    """``size`` guides, each with a question asked at the company, an experience there and its pay."""
    company = Company.objects.create(slug=f"acme-{size}", name="Acme")
    for order in range(size):
        role = make_role(slug=f"paid-role-{size}-{order}")
        make_question(role=role, companies=[company])
        InterviewExperience.objects.create(
            role=role, company=company, summary_md="s", questions_asked="One?\nTwo?", outcome="offer", status="approved"
        )
        add_pay(role=role, company=company, order=order)
    with django_assert_num_queries(COMPANY_QUERIES):
        response = client.get(f"/companies/{company.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('href="/salaries/paid-role-') == size
    assert html.count('class="card experience"') == size
    assert html.count('href="/questions/question-') == size
