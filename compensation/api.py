"""Pay benchmarks in the read-only API: a guide's salary bands, company pay ranges and the
community figures from candidates' approved salary reports.

Curator figures are read through ``compensation.selectors.pay_for_role``, the selector the
salary page uses, for a published guide only; each carries its currency, year and source.
Community figures come from ``compensation.aggregates.community_pay``, the one selector
behind every public aggregate (pages and CSV too), so its privacy rules (five reports at
least, no minimum or maximum, the 25 % and differencing rules) hold here unchanged, and
each figure carries its ``n``. ``prepsite/api.py`` mounts this router under ``/api/v1/``.
"""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from compensation.aggregates import LEVEL, Figure, Spread, community_pay
from compensation.models import Level
from compensation.selectors import pay_for_role
from prepsite.api_support import DETAIL_ERRORS, cached
from questions.api import ROLE_SLUG, CompanyRef, RoleRef
from questions.models import Role

router = Router(tags=["pay"])


class SourcedOut(Schema):
    currency: str = Field(description="ISO 4217 code; amounts are whole units per year.")
    year: int = Field(description="The year the figure describes.")
    source: str = Field(description="Where the figure comes from.")


class SalaryBandOut(SourcedOut):
    level: Level
    level_label: str
    years_min: int
    years_max: int | None = Field(description="Empty for 'and more'.")
    low: int
    median: int
    high: int
    range_is_estimate: bool = Field(description="True when low and high are our estimate around a sourced median.")

    @staticmethod
    def resolve_level_label(band) -> str:
        return band.get_level_display()


class CompanyPayOut(SourcedOut):
    company: CompanyRef
    level_label: str = Field(description="The company's own level name, e.g. L5.")
    base_low: int
    base_high: int
    total_low: int = Field(description="Total compensation: base, equity and bonuses.")
    total_high: int


class SpreadOut(Schema):
    p10: int | None = Field(description="Only from 10 reports up.")
    p25: int
    median: int
    p75: int
    p90: int | None = Field(description="Only from 10 reports up.")


class CommunityFigureOut(Schema):
    kind: str = Field(description="'level' (all companies) or 'company'.")
    level: Level | None = Field(description="For a level figure.")
    label: str = Field(description="The level's or the company's name.")
    currency: str = Field(description="ISO 4217 code; amounts are whole units per year.")
    n: int = Field(description="How many approved reports the figure is made of.")
    confidence: str = Field(description="low (5-14 reports), medium (15-49) or high (50+).")
    base: SpreadOut = Field(description="Base salary.")
    total: SpreadOut = Field(description="Base, bonus and equity per year.")
    year_from: int
    year_to: int


class RolePayOut(Schema):
    role: RoleRef
    salary_bands: list[SalaryBandOut] = Field(description="Base salary by experience level.")
    company_pay: list[CompanyPayOut] = Field(description="Top-paying companies, highest total first.")
    community: list[CommunityFigureOut] = Field(
        description="From candidates' approved reports; a cohort with fewer than 5 is not shown."
    )


def _spread(spread: Spread) -> dict:
    return {"p10": spread.p10, "p25": spread.p25, "median": spread.median, "p75": spread.p75, "p90": spread.p90}


def _community_figure(figure: Figure) -> dict:
    is_level = figure.key.kind == LEVEL
    return {
        "kind": figure.key.kind,
        "level": figure.key.level if is_level else None,
        "label": figure.label,
        "currency": figure.currency,
        "n": figure.n,
        "confidence": figure.confidence,
        "base": _spread(figure.base),
        "total": _spread(figure.total),
        "year_from": figure.year_from,
        "year_to": figure.year_to,
    }


@router.get("/roles/{slug}/pay/", response={200: RolePayOut, **DETAIL_ERRORS}, summary="A guide's pay benchmarks")
@cached()
def role_pay(request: HttpRequest, slug: str = ROLE_SLUG):
    role = get_object_or_404(Role.objects.published(), slug=slug)
    pay = pay_for_role(role)
    community = [_community_figure(figure) for figure in community_pay([role]).role_figures(role.pk)]
    return {
        "role": pay["role"],
        "salary_bands": pay["bands"],
        "company_pay": pay["company_pay"],
        "community": community,
    }
