"""Pay pages: the salary page with curated and community figures, their CSV, and sharing a salary.

Community figures come from ``compensation.aggregates.community_pay`` only. A candidate's
own reports are reached through ``request.user.salary_reports`` (another user's is a 404).
"""

from allauth.account.utils import has_verified_email
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from compensation import services
from compensation.aggregates import community_pay
from compensation.csv_export import figures_csv
from compensation.forms import SalaryReportForm
from compensation.selectors import pay_for_role
from prepsite.seo import page_meta
from questions.models import Company, Role
from questions.public_cache import public_page


@require_safe
@public_page
def salaries(request, role_slug: str):
    role = get_object_or_404(Role.objects.published(), slug=role_slug)
    seo = page_meta(
        request,
        title=f"{role.title} salaries by level and company | Prepsite",
        description=f"{role.title} pay: median base salary by experience level and pay ranges at top-paying "
        "companies, each with its source and year, beside figures from candidates' own reports.",
        trail=[
            ("Home", reverse("questions:home")),
            (role.heading, role.get_absolute_url()),
            ("Salaries", reverse("compensation:salaries", args=[role.slug])),
        ],
    )
    community = community_pay([role])
    context = {
        **pay_for_role(role),
        "seo": seo,
        "level_tables": community.level_tables(role.pk),
        "community_companies": community.company_figures(role.pk),
    }
    return render(request, "compensation/salaries.html", context)


@require_safe
@public_page
def salaries_csv(request, role_slug: str):
    """Every community figure of the role: by level, then by company."""
    role = get_object_or_404(Role.objects.published(), slug=role_slug)
    community = community_pay([role])
    return figures_csv(community, community.role_figures(role.pk), filename=f"prepsite-{role.slug}-salaries.csv")


@require_safe
@public_page
def company_salaries_csv(request, slug: str):
    """Every community figure of one company, across the published roles."""
    company = get_object_or_404(Company.objects.published(), slug=slug)
    community = community_pay(Role.objects.published().filter(salary_reports__company=company).distinct())
    figures = [item for _, _, item in community.for_company(company.pk) if item.shown]
    return figures_csv(community, figures, filename=f"prepsite-{company.slug}-salaries.csv")


def _form_page(request, *, role, form, report=None, status=200, retry_after=None):
    context = {"role": role, "form": form, "report": report, "verified": has_verified_email(request.user)}
    response = render(request, "compensation/report_form.html", context, status=status)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


def _save(request, *, role, form, report=None):
    """Run the service for a valid form; a refusal becomes a form error, nothing typed is lost."""
    try:
        if report is None:
            _, created = services.salary_report_submit(user=request.user, **form.report_fields())
        else:
            services.salary_report_update(report=report, **form.report_fields())
            created = False
    except services.RateLimited as limited:
        hours = max(1, round(limited.retry_after / 3600))
        form.add_error(None, f"{limited} Try again in about {hours} hour{'s' if hours != 1 else ''}.")
        return _form_page(request, role=role, form=form, report=report, status=429, retry_after=limited.retry_after)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for name, problems in error.message_dict.items():
                form.add_error(name if name in form.fields else None, problems)
        else:
            form.add_error(None, error.messages)
        return _form_page(request, role=role, form=form, report=report, status=422)
    verb = "Thank you: your report is shared" if created else "Your report is updated"
    messages.success(request, f"{verb} and waits for a curator. You can follow it here.")
    return redirect("accounts:contributions")


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def share(request, role_slug: str):
    role = get_object_or_404(Role.objects.published(), slug=role_slug)
    if not has_verified_email(request.user):
        if request.method == "POST":
            raise PermissionDenied("Confirm your email address before you share a salary.")
        return _form_page(request, role=role, form=None, status=403)
    if request.method != "POST":
        return _form_page(request, role=role, form=SalaryReportForm(role=role))
    form = SalaryReportForm(request.POST, role=role)
    if not form.is_valid():
        return _form_page(request, role=role, form=form, status=422)
    return _save(request, role=role, form=form)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def report_edit(request, pk: int):
    report = get_object_or_404(request.user.salary_reports.editable().select_related("role"), pk=pk)
    if request.method != "POST":
        return _form_page(
            request, role=report.role, form=SalaryReportForm(instance=report, role=report.role), report=report
        )
    form = SalaryReportForm(request.POST, role=report.role)
    if not form.is_valid():
        return _form_page(request, role=report.role, form=form, report=report, status=422)
    return _save(request, role=report.role, form=form, report=report)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def report_delete(request, pk: int):
    report = get_object_or_404(request.user.salary_reports.select_related("role", "company"), pk=pk)
    if request.method != "POST":
        return render(request, "compensation/report_confirm_delete.html", {"report": report})
    services.salary_report_delete(report=report)
    messages.success(request, f"Deleted your salary report for {report.company_name} ({report.year}).")
    return redirect("accounts:contributions")
