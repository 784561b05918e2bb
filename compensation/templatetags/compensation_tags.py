"""Pay pieces other apps' pages include, so ``questions`` never imports this app."""

from django import template

from compensation.aggregates import community_pay
from compensation.models import CompanyPay, SalaryReport
from compensation.selectors import pay_for_role
from questions.models import Role

register = template.Library()


@register.inclusion_tag("compensation/_role_pay.html")
def role_pay(role):
    """The pay section of a guide page."""
    return pay_for_role(role)


@register.inclusion_tag("compensation/_company_pay.html")
def company_pay(company):
    """A company's pay ranges, on its company page, and the community figures beside them.

    The community figures are the role-wide ones from ``community_pay`` (a company's
    figure depends on every report of the role, through the rules against near twins).
    """
    rows = CompanyPay.objects.filter(company=company, role__in=Role.objects.published()).select_related("role")
    reported = SalaryReport.objects.approved().filter(company=company).values("role")
    community = community_pay(Role.objects.published().filter(pk__in=reported))
    cohorts = community.for_company(company.pk)
    return {
        "company": company,
        "rows": list(rows),
        "community_rows": cohorts,
        "community_shown": any(item.shown for _, _, item in cohorts),
    }
