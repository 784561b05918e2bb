"""Sharing an interview: ``/share/`` (pick the company) and ``/companies/<slug>/share/``.

The form works as plain POSTs: "Find questions" and "Add a round" send the whole form
back and get it again with what was typed (the search's matches to tick, one more round),
and only "Send for review" saves. Only signed-in users with a verified address may send,
at most ``SUBMISSIONS_PER_DAY`` a day; over that, the form comes back (429) with
everything still in it.
"""

import contextlib

from allauth.account.utils import has_verified_email
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from prepsite.ratelimit import Limit, consume
from questions.forms import ExperienceForm, RoundFormSet
from questions.models import Company, Question, Role
from questions.services.experiences import MAX_ROUNDS, experience_submit

SUBMISSIONS_PER_DAY = 5
SUBMIT_LIMIT = Limit("experience-submit", SUBMISSIONS_PER_DAY, 24 * 60 * 60)
SEARCH_RESULTS = 8


@require_safe
@login_required
def share_start(request):
    """Which company the interview was with; the guide (``?role=``) is carried along."""
    companies = Company.objects.published().order_by("name")
    role_slug = request.GET.get("role", "")
    chosen = request.GET.get("company")
    if chosen:
        company = companies.filter(slug=chosen).first()
        if company is not None:
            url = reverse("questions:share", args=[company.slug])
            return redirect(f"{url}?role={role_slug}" if role_slug else url)
        messages.error(request, "Choose one of the companies in the list.")
    return render(request, "questions/share_start.html", {"companies": companies, "role_slug": role_slug})


def _rounds_data(data, *, add_one: bool):
    """The posted data, with one more round slot when "Add a round" was pressed."""
    if not add_one:
        return data
    data = data.copy()
    key = "rounds-TOTAL_FORMS"
    with contextlib.suppress(ValueError):
        data[key] = str(min(int(data.get(key, "0")) + 1, MAX_ROUNDS))
    return data


def _question_choices(form: ExperienceForm, query: str) -> tuple[list[Question], set[int]]:
    """The questions to show as tick boxes: those already ticked, then the search's matches."""
    picked_ids = []
    for value in form.data.getlist("linked_questions") if form.is_bound else []:
        if value.isdigit() and int(value) not in picked_ids:
            picked_ids.append(int(value))
    published = Question.objects.published().select_related("role")
    picked = list(published.filter(pk__in=picked_ids).order_by("role__order", "number"))
    matches = []
    if query.strip():
        matches = [q for q in published.search(query)[: SEARCH_RESULTS + len(picked)] if q.pk not in picked_ids]
    return picked + matches[:SEARCH_RESULTS], {question.pk for question in picked}


def _form_page(request, company, form, rounds, *, action: str = "", status: int = 200, retry_after=None):
    query = form.data.get("question_search", "") if form.is_bound else ""
    choices, picked = _question_choices(form, query)
    context = {
        "company": company,
        "form": form,
        "rounds": rounds,
        "question_choices": choices,
        "picked": picked,
        "searched": query.strip() if action == "search" else "",
        "show_errors": action == "submit",
        "can_add_round": rounds.total_form_count() < MAX_ROUNDS,
        "submissions_per_day": SUBMISSIONS_PER_DAY,
    }
    response = render(request, "questions/experience_share.html", context, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def share(request, slug: str):
    company = get_object_or_404(Company.objects.published(), slug=slug)
    if not has_verified_email(request.user):
        return render(request, "questions/experience_unverified.html", {"company": company}, status=403)
    if request.method != "POST":
        role = Role.objects.published().filter(slug=request.GET.get("role", "")).first()
        form = ExperienceForm(initial={"role": role} if role else None)
        return _form_page(request, company, form, RoundFormSet(prefix="rounds"))

    action = request.POST.get("action", "submit")
    if action not in {"search", "add-round"}:
        action = "submit"
    form = ExperienceForm(request.POST)
    rounds = RoundFormSet(_rounds_data(request.POST, add_one=action == "add-round"), prefix="rounds")
    if action != "submit":
        return _form_page(request, company, form, rounds, action=action)
    if not (form.is_valid() and rounds.is_valid()):
        return _form_page(request, company, form, rounds, action=action, status=422)
    retry_after = consume(SUBMIT_LIMIT, f"user:{request.user.pk}")
    if retry_after is not None:
        hours = max(1, round(retry_after / 3600))
        form.add_error(
            None,
            f"You have shared {SUBMISSIONS_PER_DAY} interviews in the last day, the most we take. "
            f"Nothing was sent: what you wrote is still below; send it again in about {hours} hour(s).",
        )
        return _form_page(request, company, form, rounds, action=action, status=429, retry_after=retry_after)
    data = form.cleaned_data
    try:
        experience_submit(
            user=request.user,
            company=company,
            role=data["role"],
            month=data["month"],
            year=data["year"],
            difficulty=data["difficulty"],
            outcome=data["outcome"],
            summary_md=data["summary_md"],
            rounds=rounds.rounds(),
            linked_questions=data["linked_questions"],
            new_questions=data["new_questions"],
            takeaway=data["takeaway"].strip(),
            tip=data["tip"].strip(),
        )
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return _form_page(request, company, form, rounds, action=action, status=422)
    messages.success(
        request,
        f"Thank you: your {company.name} interview is waiting for a curator. You will see the decision here.",
    )
    return redirect("accounts:contributions")
