"""Builders for pay data: a salary band or a company's pay range, with sourced defaults.

``build_*`` returns an unsaved row (for validation tests); ``make_*`` saves it. A role or
company not given is created.
"""

import itertools

from questions.tests.factories import make_role

_numbers = itertools.count(1)
SOURCED = {"year": 2026, "source": "A test survey"}


def _with_role(defaults: dict, overrides: dict) -> dict:
    values = {**SOURCED, **defaults, **overrides}
    values["role"] = values.get("role") or make_role()
    return values


def build_band(**overrides):
    from compensation.models import SalaryBand

    defaults = {"level": "mid", "years_min": 3, "years_max": 5, "low": 100_000, "median": 120_000, "high": 140_000}
    return SalaryBand(**_with_role(defaults, overrides))


def make_band(**overrides):
    band = build_band(**overrides)
    band.save()
    return band


def build_company_pay(**overrides):
    from compensation.models import CompanyPay
    from questions.models import Company

    base = {"level_label": "L4", "base_low": 150_000, "base_high": 180_000}
    total = {"total_low": 200_000, "total_high": 260_000}
    values = _with_role({**base, **total}, overrides)
    if values.get("company") is None:
        number = next(_numbers)
        values["company"] = Company.objects.create(slug=f"payer-{number}", name=f"Payer {number}")
    return CompanyPay(**values)


def make_company_pay(**overrides):
    pay = build_company_pay(**overrides)
    pay.save()
    return pay


def report_fields(**overrides) -> dict:
    """What a candidate types into the share form, as the service takes it (role and company included)."""
    values = {
        "company": None,
        "level": "mid",
        "years_experience": 4,
        "country": "US",
        "region": "major-metro",
        "base": 120_000,
        "bonus": 10_000,
        "equity": 20_000,
        "currency": "USD",
        "year": 2026,
    }
    values.update(overrides)
    values["role"] = values.get("role") or make_role()
    return values


def make_report(*, user=None, status="approved", **overrides):
    """A report saved straight to the table (fast, for the aggregate rules); an approved one
    gets its review time now, so reports are approved in the order they are made. Without
    ``user`` it has no author, which counts as a person of its own."""
    from django.utils import timezone

    from compensation.models import SalaryReport

    reviewed_at = timezone.now() if status == "approved" else None
    return SalaryReport.objects.create(user=user, status=status, reviewed_at=reviewed_at, **report_fields(**overrides))


def make_company(name: str | None = None):
    from questions.models import Company

    number = next(_numbers)
    name = name or f"Employer {number}"
    return Company.objects.create(slug=f"employer-{number}", name=name)


AUTHOR_PASSWORD = "a long author passphrase"  # noqa: S105 - test data


def make_author(email: str | None = None):
    """A candidate with a confirmed address (this app's tests may not import ``accounts``)."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.models import User

    email = email or f"author{next(_numbers)}@example.com"
    user = User.objects.create_user(username=email, email=email, password=AUTHOR_PASSWORD)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def signed_in(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client
