"""Pay data as pages show it: bands and company ranges placed on one shared scale."""

from __future__ import annotations

from dataclasses import dataclass

from compensation.models import CompanyPay, SalaryBand, SalaryReport


@dataclass
class PayBar:
    """A range bar: positions are percentages of the chart's width."""

    label: str
    low: int
    high: int
    left: float
    width: float
    marker: float | None


def _scale(low: int, high: int, lowest: int, highest: int) -> tuple[float, float]:
    span = max(highest - lowest, 1)
    left = (low - lowest) / span * 100
    return round(left, 2), round(max((high - low) / span * 100, 0.5), 2)


def band_bars(bands: list[SalaryBand]) -> list[PayBar]:
    if not bands:
        return []
    lowest = min(band.low for band in bands)
    highest = max(band.high for band in bands)
    bars = []
    for band in bands:
        left, width = _scale(band.low, band.high, lowest, highest)
        marker = round((band.median - lowest) / max(highest - lowest, 1) * 100, 2)
        bars.append(PayBar(band.get_level_display(), band.low, band.high, left, width, marker))
    return bars


def company_bars(pay: list[CompanyPay]) -> list[PayBar]:
    """Each company's total compensation range, on one scale."""
    if not pay:
        return []
    lowest = min(row.total_low for row in pay)
    highest = max(row.total_high for row in pay)
    bars = []
    for row in pay:
        left, width = _scale(row.total_low, row.total_high, lowest, highest)
        bars.append(PayBar(f"{row.company.name} {row.level_label}", row.total_low, row.total_high, left, width, None))
    return bars


def pay_for_role(role) -> dict:
    bands = list(SalaryBand.objects.filter(role=role).order_by("order", "years_min"))
    # "Top-paying" reads from the top: highest total compensation first.
    company_pay = list(
        CompanyPay.objects.filter(role=role)
        .select_related("company")
        .order_by("-total_high", "-total_low", "company__name")
    )
    return {
        "role": role,
        "bands": bands,
        "band_bars": band_bars(bands),
        "company_pay": company_pay,
        "total_bars": company_bars(company_pay),
    }


def salary_reports_of(user) -> list[SalaryReport]:
    """The author's own reports, newest first, for ``/me/contributions/``."""
    return list(user.salary_reports.select_related("role", "company").order_by("-year", "-created_at", "-pk"))


def salary_reports_export(user) -> list[dict]:
    """The author's reports as plain data for the account's JSON export."""
    return [
        {
            "role": report.role.slug,
            "company": report.company.name if report.company_id else None,
            "level": report.level,
            "years_experience": report.years_experience,
            "country": str(report.country),
            "region": report.region,
            "base": report.base,
            "bonus": report.bonus,
            "equity": report.equity,
            "currency": report.currency,
            "year": report.year,
            "status": report.status,
            "rejection_reason": report.rejection_reason,
            "rejection_note": report.rejection_note,
            "created_at": report.created_at,
            "updated_at": report.updated_at,
        }
        for report in salary_reports_of(user)
    ]
