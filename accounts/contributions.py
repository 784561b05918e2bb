"""``/me/contributions/``: what the candidate shared with the site, each with its status.

Every section is the owning app's include fed by its own selector: salary reports come
from ``compensation.selectors.salary_reports_of``.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from compensation.selectors import salary_reports_of


@require_safe
@login_required
def contributions(request):
    context = {"salary_reports": salary_reports_of(request.user)}
    return render(request, "accounts/contributions.html", context)
