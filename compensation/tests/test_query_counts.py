"""The pages that show pay run as many queries for 20 pay rows as for 2."""

import pytest

from compensation.models import Level, SalaryReport
from compensation.tests.factories import make_band, make_company, make_company_pay, report_fields
from questions.models import Company, InterviewExperience
from questions.tests.factories import make_question, make_role
from questions.views import EXPERIENCES_PER_PAGE

pytestmark = pytest.mark.django_db

# role, its bands, its company pay with companies, its approved reports; the header's guides (cold cache)
SALARY_QUERIES = 4 + 1
# company, its experiences' summary (also their count), a page of them, their rounds and linked questions,
# pay rows, approved reports of its roles and questions with roles; the header's guides
COMPANY_QUERIES = 8 + 1


@pytest.mark.parametrize("size", [2, 20])
def test_salary_page_query_count_is_constant(client, django_assert_num_queries, size):
    role = make_role(slug=f"pay-{size}")
    for order, level in enumerate(Level.values):
        make_band(role=role, level=level, years_min=order * 3, order=order)
    for order in range(size):
        make_company_pay(role=role, total_high=300_000 + order)
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
        make_company_pay(role=role, company=company)
    with django_assert_num_queries(COMPANY_QUERIES):
        response = client.get(f"/companies/{company.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('href="/salaries/paid-role-') == size
    assert html.count('class="card experience"') == min(size, EXPERIENCES_PER_PAGE)
    assert html.count('href="/questions/question-') == size


@pytest.mark.parametrize("size", [5, 500])
def test_salary_page_query_count_is_constant_in_reports(client, django_assert_num_queries, size):
    """``size`` approved reports spread over levels and companies: the figures are one query."""
    role = make_role(slug=f"reported-{size}")
    companies = [make_company() for _ in range(10)]
    SalaryReport.objects.bulk_create(
        SalaryReport(
            status="approved",
            **report_fields(
                role=role,
                company=companies[number % 10],
                level=Level.values[number % 4],
                base=100_000 + number * 100,
            ),
        )
        for number in range(size)
    )
    with django_assert_num_queries(SALARY_QUERIES):
        response = client.get(f"/salaries/{role.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert ("Candidates’ reports by company" in html) == (size == 500)
    assert len(response.content) <= 80_000
