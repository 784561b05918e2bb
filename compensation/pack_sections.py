"""Pay data travels in a role's content pack; these are its two sections."""

import re

from compensation import models as m
from questions.packs import Field, RowSection, choices_of, register_section

CURRENCY_RE = re.compile(r"^[A-Z]{3}$")


def check_money(item: dict, where: str, problems: list[str], ordered: tuple[tuple[str, ...], ...]) -> None:
    """Amounts positive and in order; a three-letter currency code."""
    for run in ordered:
        for key in run:
            if item[key] <= 0:
                problems.append(f"{where}.{key}: must be a positive amount")
        for lower, upper in zip(run, run[1:], strict=False):
            if item[lower] > item[upper]:
                problems.append(f"{where}.{lower}: must not be more than {upper}")
    if not CURRENCY_RE.match(item["currency"]):
        problems.append(f"{where}.currency: {item['currency']!r} is not a three-letter code such as USD")


def check_band(item: dict, where: str, problems: list[str]) -> None:
    check_money(item, where, problems, (("low", "median", "high"),))
    if item.get("years_max") is not None and item["years_max"] < item["years_min"]:
        problems.append(f"{where}.years_max: must not be less than years_min")


def check_company_pay(item: dict, where: str, problems: list[str]) -> None:
    check_money(item, where, problems, (("base_low", "base_high"), ("total_low", "total_high")))


register_section(
    RowSection(
        key="salary_bands",
        model=lambda: m.SalaryBand,
        related_name="salary_bands",
        position=40,
        unique_key="level",
        fields=(
            Field("level", "choice", choices=choices_of(m.Level)),
            Field("years_min", "int"),
            Field("years_max", "int", nullable=True),
            Field("low", "int"),
            Field("median", "int"),
            Field("high", "int"),
            Field("range_is_estimate", "bool"),
            Field("currency"),
            Field("year", "int"),
            Field("source"),
        ),
        record_check=check_band,
    )
)
register_section(
    RowSection(
        key="company_pay",
        model=lambda: m.CompanyPay,
        related_name="company_pay",
        position=45,
        unique_key=("company", "level_label"),
        fields=(
            Field("company", "ref"),
            Field("level_label"),
            Field("base_low", "int"),
            Field("base_high", "int"),
            Field("total_low", "int"),
            Field("total_high", "int"),
            Field("currency"),
            Field("year", "int"),
            Field("source"),
        ),
        record_check=check_company_pay,
    )
)
