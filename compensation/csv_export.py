"""Every public community figure as CSV: the same figures the pages show, from the same selector.

Company and role names come from people, so the file is written by
``prepsite.spreadsheets``, which quotes any cell a spreadsheet would run as a formula.
"""

from __future__ import annotations

from django.http import HttpResponse

from compensation.aggregates import COMPANY, CommunityPay, Figure
from prepsite.spreadsheets import csv_response

HEADER = [
    "figure", "role", "level", "company", "currency", "reports", "confidence",
    "base_p10", "base_p25", "base_median", "base_p75", "base_p90",
    "total_p10", "total_p25", "total_median", "total_p75", "total_p90",
    "year_from", "year_to",
]  # fmt: skip


def _row(community: CommunityPay, figure: Figure) -> list:
    role_title = community.role_names[figure.key.role_id][0]
    is_company = figure.key.kind == COMPANY
    base, total = figure.base, figure.total
    return [
        "company" if is_company else "level",
        role_title,
        "" if is_company else figure.label,
        figure.label if is_company else "",
        figure.currency,
        figure.n,
        figure.confidence,
        base.p10, base.p25, base.median, base.p75, base.p90,
        total.p10, total.p25, total.median, total.p75, total.p90,
        figure.year_from,
        figure.year_to,
    ]  # fmt: skip


def figures_csv(community: CommunityPay, figures: list[Figure], *, filename: str) -> HttpResponse:
    """A header row and one row per figure; empty cells for p10/p90 below 10 reports."""
    return csv_response(filename, HEADER, (_row(community, figure) for figure in figures))
