"""Pay pieces other apps' pages include, so ``questions`` never imports this app."""

from django import template

from compensation.models import CompanyPay
from compensation.selectors import pay_for_role
from questions.models import Role

register = template.Library()


@register.inclusion_tag("compensation/_role_pay.html")
def role_pay(role):
    """The pay section of a guide page."""
    return pay_for_role(role)


@register.inclusion_tag("compensation/_company_pay.html")
def company_pay(company):
    """A company's pay ranges, on its company page."""
    rows = CompanyPay.objects.filter(company=company, role__in=Role.objects.published()).select_related("role")
    return {"company": company, "rows": list(rows)}
