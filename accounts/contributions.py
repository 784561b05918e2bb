"""``/me/contributions/``: what the candidate sent in, its status and the curator's reason.

One section per kind of contribution: interview experiences (``questions``) and salary
reports (``compensation.selectors.salary_reports_of``, shown by that app's include).
Every object is reached through ``request.user``, so another user's contribution is a
404, and withdrawing an experience is a POST through ``questions.services.experiences``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from compensation.selectors import salary_reports_of
from questions.models import InterviewRound
from questions.services.experiences import experience_withdraw


def _own_experiences(user):
    return user.interview_experiences.contributions().select_related("company", "role")


@require_safe
@login_required
def contributions(request):
    experiences = _own_experiences(request.user).prefetch_related(
        Prefetch("rounds", queryset=InterviewRound.objects.order_by("order", "pk"))
    )
    context = {
        "experiences": experiences.order_by("-created_at", "-pk"),
        "salary_reports": salary_reports_of(request.user),
    }
    return render(request, "accounts/contributions.html", context)


@require_POST
@login_required
def experience_withdraw_view(request, pk: int):
    experience = get_object_or_404(_own_experiences(request.user), pk=pk)
    outcome = experience_withdraw(experience=experience)
    if outcome == "withdrawn":
        messages.success(request, f"Your {experience.company.name} interview is no longer shown on the site.")
    else:
        messages.success(request, f"Your {experience.company.name} interview is deleted.")
    return redirect("accounts:contributions")
