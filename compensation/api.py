"""Pay benchmarks in the read-only API: a guide's salary bands and company pay ranges.

Read through ``compensation.selectors.pay_for_role``, the selector the salary page uses,
for a published guide only. Every figure carries its currency, year and source, as on
the page. ``prepsite/api.py`` mounts this router under ``/api/v1/``.

Community salary aggregates (from candidates' reports) are not served yet. When their
selector exists in ``compensation/selectors.py`` (one selector computes every public
aggregate, with its privacy rule), add its rows to ``RolePayOut`` as a
``community: list[...]`` field with each aggregate's ``n``, filled in ``role_pay`` from
that selector and never from a query of its own here.
"""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

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


class RolePayOut(Schema):
    role: RoleRef
    salary_bands: list[SalaryBandOut] = Field(description="Base salary by experience level.")
    company_pay: list[CompanyPayOut] = Field(description="Top-paying companies, highest total first.")


@router.get("/roles/{slug}/pay/", response={200: RolePayOut, **DETAIL_ERRORS}, summary="A guide's pay benchmarks")
@cached()
def role_pay(request: HttpRequest, slug: str = ROLE_SLUG):
    pay = pay_for_role(get_object_or_404(Role.objects.published(), slug=slug))
    return {"role": pay["role"], "salary_bands": pay["bands"], "company_pay": pay["company_pay"]}
