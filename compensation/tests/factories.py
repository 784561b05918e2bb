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
