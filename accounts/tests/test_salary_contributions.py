"""A candidate's contributions on their account: the page, account deletion and the data export."""

import json

import pytest
from django.urls import reverse

from accounts.tests.factories import PASSWORD, client_for, client_signed_in_with_password, make_user
from compensation.models import SalaryReport
from compensation.tests.factories import make_company, make_report
from questions.tests.factories import make_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def role(db):
    return make_role(slug="backend", title="Backend Developer")


def test_contributions_page_lists_only_the_users_own_reports(role):
    alice, bob = make_user(), make_user()
    make_report(user=alice, role=role, status="pending", base=131_000)
    make_report(user=bob, role=role, status="pending", base=141_000)
    html = client_for(alice).get(reverse("accounts:contributions")).content.decode()
    assert "$131,000" in html and "$141,000" not in html
    assert '<h2 id="my-salary-reports-heading">Salary reports</h2>' in html


def test_contributions_page_needs_sign_in(client):
    assert client.get(reverse("accounts:contributions")).status_code == 302


def test_account_deletion_deletes_pending_reports_and_detaches_approved_ones(role):
    user = make_user()
    approved = make_report(user=user, role=role, company=make_company())
    make_report(user=user, role=role, status="pending", year=2025)
    make_report(user=user, role=role, status="rejected", year=2024)
    client = client_signed_in_with_password(user)
    response = client.post(reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert list(SalaryReport.objects.all()) == [approved]
    approved.refresh_from_db()
    assert approved.user is None and approved.status == "approved"


def test_the_data_export_includes_the_reports(role):
    user = make_user()
    make_report(user=user, role=role, status="pending", country="DE", currency="EUR", base=70_000)
    response = client_signed_in_with_password(user).get(reverse("accounts:export"))
    [report] = json.loads(response.content)["salary_reports"]
    assert report["role"] == "backend" and report["country"] == "DE" and report["base"] == 70_000
    assert report["status"] == "pending" and report["company"] is None
