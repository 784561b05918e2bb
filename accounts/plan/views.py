"""The dated plan's pages: ``/me/plan/``, ticking a task, the 4-week default and the ``.ics`` file.

The plan is laid out afresh and stored (``plan_sync``) each time it is shown, so it
follows the profile and the review schedule. Tasks are fetched through
``request.user.plan_tasks``: another user's task is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from accounts import scheduling
from accounts.plan import selectors, services
from accounts.plan.calendar import plan_calendar
from accounts.plan.selectors import ShownTask


def _synced(request, inputs: selectors.PlanInputs):
    return services.plan_sync(
        user=request.user, planned=inputs.layout(), interview_date=inputs.interview_date, today=inputs.today
    )


def _zone(inputs: selectors.PlanInputs):
    return scheduling.zone_of(inputs.profile)


@require_safe
@login_required
def plan(request):
    inputs = selectors.plan_inputs_for(request.user)
    context = {
        "inputs": inputs,
        "profile": inputs.profile,
        "today": inputs.today,
        "mock_url": reverse("accounts:mock_new"),
    }
    if inputs.has_plan:
        tasks = _synced(request, inputs)
        context["days"] = selectors.plan_days(tasks, today=inputs.today, interview_date=inputs.interview_date)
        context["days_left"] = (inputs.interview_date - inputs.today).days
    with timezone.override(_zone(inputs)):
        return render(request, "accounts/plan.html", context)


@require_POST
@login_required
def plan_task_done(request, pk: int):
    """Tick (``done=1``) or untick (``done=0``) one of the user's tasks: a plain form, enhanced by htmx."""
    task = get_object_or_404(request.user.plan_tasks.select_related("tip"), pk=pk)
    done = request.POST.get("done")
    if done not in ("0", "1"):
        return HttpResponse("Send done=1 or done=0.", status=400, content_type="text/plain")
    task = services.plan_task_set_done(task=task, done=done == "1")
    if request.htmx:
        inputs = selectors.plan_inputs_for(request.user)
        moved_from = task.day if task.day < inputs.today else None
        item = ShownTask(task, max(task.day, inputs.today), moved_from=moved_from)
        context = {
            "item": item,
            "checklist": inputs.checklist,
            "profile": inputs.profile,
            "mock_url": reverse("accounts:mock_new"),
        }
        return render(request, "accounts/_plan_task.html", context)
    messages.success(request, f"Ticked “{task.title}”." if task.done else f"“{task.title}” is to do again.")
    return redirect(reverse("accounts:plan") + f"#task-{task.pk}")


@require_POST
@login_required
def plan_default(request):
    """Set the interview date four weeks from today, when none is set (or it has passed)."""
    profile = services.plan_default_date_set(user=request.user)
    if profile is None:
        messages.info(request, "You already have an interview date; change it in your profile.")
    else:
        messages.success(request, f"Your interview date is set to {profile.interview_date:%A %d %B %Y}.")
    return redirect("accounts:plan")


@require_safe
@login_required
def plan_ics(request):
    inputs = selectors.plan_inputs_for(request.user)
    if not inputs.has_plan:
        raise Http404("Set an interview date to download your plan.")
    items = selectors.shown_tasks(_synced(request, inputs), today=inputs.today)
    body = plan_calendar(
        items,
        user=request.user,
        time_zone=inputs.profile.time_zone,
        interview_date=inputs.interview_date,
        plan_url=request.build_absolute_uri(reverse("accounts:plan")),
        mock_url=request.build_absolute_uri(reverse("accounts:mock_new")),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="prepsite-plan.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
