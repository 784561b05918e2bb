from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from compensation.selectors import pay_for_role
from prepsite.seo import page_meta
from questions.models import Role
from questions.public_cache import public_page


@require_safe
@public_page
def salaries(request, role_slug: str):
    role = get_object_or_404(Role.objects.published(), slug=role_slug)
    seo = page_meta(
        request,
        title=f"{role.title} salaries by level and company | Prepsite",
        description=f"{role.title} pay: median base salary by experience level and pay ranges at top-paying "
        "companies, each with its source and year.",
        trail=[
            ("Home", reverse("questions:home")),
            (role.heading, role.get_absolute_url()),
            ("Salaries", reverse("compensation:salaries", args=[role.slug])),
        ],
    )
    return render(request, "compensation/salaries.html", {**pay_for_role(role), "seo": seo})
