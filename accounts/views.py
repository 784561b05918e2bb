"""The candidate's pages: practice mode, bookmarks, notes, the dashboard and the account page.

Every object is reached through ``request.user`` (another user's anything is a 404), every
write is a POST (a GET is 405) and goes through ``accounts.services``.
"""

import json
import time
import uuid
from datetime import date

from allauth.account.decorators import reauthentication_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST, require_safe

from accounts import review_selectors, scheduling, selectors, services, state
from accounts.forms import (
    BookmarkForm,
    DeleteAccountForm,
    DraftForm,
    NotesForm,
    ProfileForm,
    RatingForm,
    ResetProgressForm,
)
from accounts.models import Rating
from questions.models import Question

MAX_PRACTICE_SECONDS = services.MAX_SECONDS_SPENT


def _published_question(slug: str) -> Question:
    return get_object_or_404(Question.objects.published().select_related("role"), slug=slug)


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


def _started_at(value: str | None) -> int:
    """When this practice attempt began (epoch seconds), as carried by the page; now if unusable."""
    now = int(time.time())
    try:
        started = int(value or "")
    except ValueError:
        return now
    return started if now - MAX_PRACTICE_SECONDS <= started <= now else now


def _practice_url(question: Question, *, set_key: str = "", **extra) -> str:
    params = {key: value for key, value in {"set": set_key, **extra}.items() if value}
    url = reverse("accounts:practice", args=[question.slug])
    return f"{url}?{urlencode(params)}" if params else url


# --- Practice -----------------------------------------------------------------------------


def _practice_context(request, question: Question, *, set_key: str, started: str | None, revealed: bool, **forms):
    practice_set, notice = selectors.practice_set_from(set_key, question=question)
    record = request.user.practices.filter(question=question).with_zone().first()
    return {
        "question": question,
        "practice": record,
        "practice_set": practice_set,
        "set_choices": selectors.practice_set_choices(question),
        "notice": notice,
        "started": _started_at(started),
        "revealed": revealed,
        "next_question": practice_set.next_after(request.user, question),
        "draft_form": forms.get("draft_form") or DraftForm(initial={"draft_md": record.draft_md if record else ""}),
        "notes_form": forms.get("notes_form") or NotesForm(initial={"notes_md": record.notes_md if record else ""}),
        "ratings": Rating.choices,
        "rating_token": uuid.uuid4().hex,
    }


@require_safe
@login_required
def practice(request, slug: str):
    question = get_object_or_404(Question.objects.published().with_details().with_key_points(), slug=slug)
    revealed = request.GET.get("reveal") == "1"
    context = _practice_context(
        request, question, set_key=request.GET.get("set", ""), started=request.GET.get("started"), revealed=revealed
    )
    if request.htmx and revealed:
        return render(request, "accounts/_practice_reveal.html", context)
    return render(request, "accounts/practice.html", context)


@require_POST
@login_required
def bookmark(request, slug: str):
    question = _published_question(slug)
    form = BookmarkForm(request.POST)
    if not form.is_valid():
        return HttpResponse("Send bookmarked=1 or bookmarked=0.", status=400, content_type="text/plain")
    record = services.bookmark_set(user=request.user, question=question, bookmarked=form.cleaned_data["bookmarked"])
    if request.htmx:
        context = {"question": question, "bookmarked": record.bookmarked, "next": _safe_next(request, "")}
        return render(request, "accounts/_bookmark_button.html", context)
    messages.success(request, "Bookmarked." if record.bookmarked else "Bookmark removed.")
    return redirect(_safe_next(request, question.get_absolute_url()))


def _practice_text_save(request, slug: str, *, form_class, field: str, saved_message: str, back):
    """Save a draft or notes: an htmx status fragment, or a redirect / the page with errors."""
    question = _published_question(slug)
    if field not in request.POST:
        # A missing field is not an empty text: saving it would wipe what the user wrote.
        return HttpResponse(f"Send the {field} field, even if empty.", status=400, content_type="text/plain")
    form = form_class(request.POST)
    saved = False
    if form.is_valid():
        try:
            services.practice_text_save(
                user=request.user, question=question, field=field, text=form.cleaned_data[field]
            )
            saved = True
        except ValidationError as error:
            form.add_error(field, error)
    if request.htmx:
        context = {"form": form, "saved": saved, "saved_at": timezone.localtime(), "field": field}
        return render(request, "accounts/_save_status.html", context)
    if saved:
        messages.success(request, saved_message)
        return redirect(back(question))
    form_key = "draft_form" if field == "draft_md" else "notes_form"
    return _practice_with_errors(request, question, **{form_key: form})


@require_POST
@login_required
def draft(request, slug: str):
    return _practice_text_save(
        request,
        slug,
        form_class=DraftForm,
        field="draft_md",
        saved_message="Your answer draft is saved.",
        back=lambda question: _practice_url(
            question, set_key=request.POST.get("set", ""), started=request.POST.get("started", "")
        ),
    )


@require_POST
@login_required
def notes(request, slug: str):
    return _practice_text_save(
        request,
        slug,
        form_class=NotesForm,
        field="notes_md",
        saved_message="Your notes are saved.",
        back=lambda question: _safe_next(request, _practice_url(question, set_key=request.POST.get("set", ""))),
    )


def _practice_with_errors(request, question: Question, **forms):
    """The practice page again with the rejected form and its errors, nothing saved (422)."""
    question = Question.objects.published().with_details().with_key_points().get(pk=question.pk)
    context = _practice_context(
        request,
        question,
        set_key=request.POST.get("set", ""),
        started=request.POST.get("started"),
        revealed=False,
        **forms,
    )
    return render(request, "accounts/practice.html", context, status=422)


@require_POST
@login_required
def rate(request, slug: str):
    question = _published_question(slug)
    form = RatingForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose one of Again, Hard, Good or Easy to rate your answer.")
        return redirect(_practice_url(question, set_key=request.POST.get("set", ""), reveal="1"))
    started = _started_at(form.cleaned_data["started"])
    rating = form.cleaned_data["rating"]
    # Resolve where to go next before writing, so a bad set never follows a saved rating.
    practice_set, _ = selectors.practice_set_from(request.POST.get("set", ""), question=question)
    try:
        services.practice_record(
            user=request.user,
            question=question,
            rating=rating,
            seconds_spent=int(time.time()) - started,
            token=form.cleaned_data["token"],
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(_practice_url(question, set_key=practice_set.key, reveal="1"))
    following = practice_set.next_after(request.user, question)
    messages.success(request, f"Recorded “{Rating(rating).label}” for question {question.number}.")
    if following is None:
        return redirect("accounts:review" if practice_set.key == selectors.REVIEW_SET else "accounts:dashboard")
    return redirect(_practice_url(following, set_key=practice_set.key))


# --- One question's record ----------------------------------------------------------------


@require_safe
@login_required
def practice_history(request, pk: int):
    """One question's practice record: its counts and every rating the user gave it."""
    record = get_object_or_404(request.user.practices.with_question(), pk=pk)
    reviews = request.user.review_logs.filter(question=record.question_id).order_by("-reviewed_at", "-pk")
    return render(request, "accounts/practice_record.html", {"practice": record, "reviews": reviews})


@require_POST
@login_required
def practice_clear(request, pk: int):
    record = get_object_or_404(request.user.practices.with_question(), pk=pk)
    services.practice_clear(practice=record)
    messages.success(request, f"Forgot your practice of question {record.question.number}.")
    return redirect("accounts:dashboard")


# --- Dashboard, profile, account ----------------------------------------------------------


@require_safe
@login_required
def dashboard(request):
    """The candidate's progress. Its body is drawn from their own data and the catalogue only,
    so it is kept under both versions (``accounts.state``) for the local day it was drawn
    on: until they practise, edit or the content changes, a visit renders just the frame."""

    def draw() -> tuple[str, date, str]:
        dashboard_data = selectors.dashboard_for(request.user)
        schedule = review_selectors.schedule_summary_for(request.user, profile=dashboard_data.profile)
        zone = scheduling.zone_of(dashboard_data.profile)
        with timezone.override(zone):
            context = {"dashboard": dashboard_data, "schedule": schedule}
            body = render_to_string("accounts/_dashboard_body.html", context, request=request)
        return str(zone), dashboard_data.today, body

    def same_day(drawn: tuple[str, date, str]) -> bool:
        zone, day, _body = drawn
        return scheduling.local_day(timezone.now(), scheduling.zone_named(zone)) == day

    _zone, _day, body = state.cached_for_user(request.user.pk, "dashboard", draw, valid=same_day)
    return render(request, "accounts/dashboard.html", {"body": mark_safe(body)})  # noqa: S308 - our own template's output


@login_required
def profile(request):
    current = selectors.profile_for(request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            services.profile_update(user=request.user, **form.cleaned_data)
            messages.success(request, "Your profile is saved.")
            return redirect(_safe_next(request, reverse("accounts:dashboard")))
        status = 422
    else:
        initial = {"time_zone": "UTC"}
        if current is not None:
            initial = {
                "target_role": current.target_role,
                "interview_date": current.interview_date,
                "experience_level": current.experience_level,
                "time_zone": current.time_zone,
                "desired_retention": current.desired_retention,
                "new_per_day": current.new_per_day,
                "reminders_enabled": current.reminders_enabled,
                "reminder_hour": current.reminder_hour,
            }
        form = ProfileForm(initial=initial)
        status = 200
    context = {"form": form, "welcome": current is None, "next": _safe_next(request, "")}
    return render(request, "accounts/profile_form.html", context, status=status)


def _account_page(request, *, reset_form=None, delete_form=None, status=200):
    context = {
        "profile": selectors.profile_for(request.user),
        "reset_form": reset_form or ResetProgressForm(),
        "delete_form": delete_form or DeleteAccountForm(user=request.user),
        # GitHub or Google sign-in is offered only where the environment configures it.
        "social_sign_in": bool(settings.SOCIALACCOUNT_PROVIDERS),
    }
    return render(request, "accounts/account.html", context, status=status)


@require_safe
@login_required
def account(request):
    return _account_page(request)


@require_safe
@login_required
@reauthentication_required  # everything the user owns, addresses included: a stolen session is not enough
def export(request):
    data = selectors.export_for(request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="prepsite-my-data.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def reset_progress(request):
    form = ResetProgressForm(request.POST)
    if not form.is_valid():
        return _account_page(request, reset_form=form, status=422)
    services.progress_reset(user=request.user, keep_notes=form.cleaned_data["keep_notes"])
    messages.success(request, "Your practice progress is cleared.")
    return redirect("accounts:dashboard")


@require_POST
@login_required
def delete_account(request):
    form = DeleteAccountForm(request.POST, user=request.user)
    if not form.is_valid():
        # Shown at the top of the page too: the form sits at the very bottom.
        messages.error(request, "Your account was not deleted: see “Delete my account” below.")
        return _account_page(request, delete_form=form, status=422)
    user = request.user
    logout(request)
    services.account_delete(user=user)
    messages.success(request, "Your account and all your practice data are deleted.")
    return HttpResponseRedirect(reverse("questions:home"))
