"""Pay data as pages show it: bands and company ranges placed on one shared scale."""

from __future__ import annotations

from dataclasses import dataclass

from compensation.models import CompanyPay, SalaryBand


@dataclass
class Bar:
    """A range bar: positions are percentages of the chart's width."""

    label: str
    low: int
    high: int
    mid: int | None
    left: float
    width: float
    marker: float | None


def _scale(low: int, high: int, lowest: int, highest: int) -> tuple[float, float]:
    span = max(highest - lowest, 1)
    left = (low - lowest) / span * 100
    return round(left, 2), round(max((high - low) / span * 100, 0.5), 2)


def band_bars(bands: list[SalaryBand]) -> list[Bar]:
    if not bands:
        return []
    lowest = min(band.low for band in bands)
    highest = max(band.high for band in bands)
    bars = []
    for band in bands:
        left, width = _scale(band.low, band.high, lowest, highest)
        marker = round((band.median - lowest) / max(highest - lowest, 1) * 100, 2)
        bars.append(Bar(band.get_level_display(), band.low, band.high, band.median, left, width, marker))
    return bars


def company_bars(pay: list[CompanyPay], total: bool) -> list[Bar]:
    if not pay:
        return []
    lows = [row.total_low if total else row.base_low for row in pay]
    highs = [row.total_high if total else row.base_high for row in pay]
    lowest, highest = min(lows), max(highs)
    bars = []
    for row, low, high in zip(pay, lows, highs, strict=False):
        left, width = _scale(low, high, lowest, highest)
        bars.append(Bar(f"{row.company.name} {row.level_label}", low, high, None, left, width, None))
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
        "total_bars": company_bars(company_pay, total=True),
    }
