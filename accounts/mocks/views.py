"""The mock pages: the start form, the question being answered, the transcript, the list.

Every mock is fetched through ``request.user.mocks``: another user's mock is a 404 for
every URL, GET or POST, and nothing of it changes. Writes go through
``accounts.mocks.services``; each works as a plain form POST, htmx only adds autosave.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from accounts import scheduling
from accounts import selectors as account_selectors
from accounts.mocks import selectors, services
from accounts.mocks.forms import MockAnswerForm, MockForm, MockRatingForm
from accounts.mocks.models import ANSWER_MAX_LENGTH, Mock
from accounts.models import Rating


def _own_mock(request, pk: int) -> Mock:
    return get_object_or_404(request.user.mocks.select_related("role"), pk=pk)


def _users_zone(request):
    """Dates and times on the page in the candidate's own time zone."""
    return timezone.override(scheduling.zone_of(account_selectors.profile_for(request.user)))


def _new_page(request, form: MockForm, *, status: int):
    return render(
        request, "accounts/mock_new.html", {"form": form, "guides": selectors.guides_for_mocks()}, status=status
    )


def _start(request, data: dict) -> Mock:
    """Start from the form's choices or from the preset it names (``ValidationError`` if impossible)."""
    options = {"hide_difficulty": data["hide_difficulty"], "shuffle": data["shuffle"]}
    if data["preset"]:
        preset = selectors.preset_named(data["preset"])
        if preset is None:
            raise ValidationError("That preset is no longer offered: choose another one or set the mock up below.")
        return services.mock_start(
            user=request.user,
            role=preset.role,
            categories=list(preset.mix),
            count=preset.kind.count,
            minutes_per_question=preset.kind.minutes,
            mix=preset.mix,
            preset=preset.kind.name,
            **options,
        )
    return services.mock_start(
        user=request.user,
        role=data["role"],
        categories=data["categories"],
        count=data["count"],
        minutes_per_question=data["minutes"],
        **options,
    )


@login_required
def mock_new(request):
    if request.method != "POST":
        return _new_page(request, MockForm(), status=200)
    form = MockForm(request.POST)
    if form.is_valid():
        try:
            mock = _start(request, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("accounts:mock_run", pk=mock.pk)
    return _new_page(request, form, status=422)


@require_safe
@login_required
def mock_list(request):
    with _users_zone(request):
        return render(request, "accounts/mock_list.html", {"mocks": selectors.mocks_for_list(request.user)})


def _run_page(request, mock: Mock, *, form: MockAnswerForm | None = None, status: int = 200):
    item = selectors.current_item(mock)
    if item is None:  # a curator deleted the question being answered: only ending the mock is left
        return render(request, "accounts/mock_run.html", {"mock": mock, "item": None}, status=status)
    seconds_left = item.seconds_left(mock, now=timezone.now())
    context = {
        "mock": mock,
        "item": item,
        "total": mock.items.count(),
        "seconds_left": seconds_left,
        "clock": f"{seconds_left // 60}:{seconds_left % 60:02d}",
        "max_length": ANSWER_MAX_LENGTH,
        "form": form,
        "answer": form.data.get("answer_md", "") if form is not None else item.answer_md,
    }
    return render(request, "accounts/mock_run.html", context, status=status)


@require_safe
@login_required
def mock_run(request, pk: int):
    """The question being answered; a finished mock shows its transcript instead."""
    mock = _own_mock(request, pk)
    if mock.is_finished:
        return redirect("accounts:mock", pk=mock.pk)
    return _run_page(request, mock)


def _posted_answer(request, pk: int) -> tuple[Mock, MockAnswerForm | None]:
    """The user's mock and the posted answer form, ``None`` if the form is unusable (a 400)."""
    mock = _own_mock(request, pk)
    form = MockAnswerForm(request.POST)
    return mock, form if form.is_valid() else None


BAD_ANSWER_POST = "Send the position and the answer."


@require_POST
@login_required
def mock_answer(request, pk: int):
    mock, form = _posted_answer(request, pk)
    if form is None:
        return HttpResponse(BAD_ANSWER_POST, status=400, content_type="text/plain")
    data = form.cleaned_data
    try:
        mock = services.mock_answer(mock=mock, position=data["position"], answer=data["answer_md"])
    except ValidationError as error:
        form.add_error("answer_md", error)
        return _run_page(request, mock, form=form, status=422)
    if mock.is_finished:
        messages.success(request, "That was the last question: here is your transcript.")
        return redirect("accounts:mock", pk=mock.pk)
    if data["finish"]:  # "End the mock now", with this answer kept
        services.mock_finish(mock=mock)
        return redirect("accounts:mock", pk=mock.pk)
    return redirect("accounts:mock_run", pk=mock.pk)


@require_POST
@login_required
def mock_draft(request, pk: int):
    """Autosave (htmx) of the answer being typed: a status line, never a page."""
    mock, form = _posted_answer(request, pk)
    if form is None:
        return HttpResponse(BAD_ANSWER_POST, status=400, content_type="text/plain")
    status = {"saved_at": timezone.localtime()}
    try:
        status["saved"] = services.mock_draft_save(
            mock=mock, position=form.cleaned_data["position"], text=form.cleaned_data["answer_md"]
        )
    except ValidationError as error:
        status["error"] = error.messages[0]
    return render(request, "accounts/_mock_draft_status.html", status)


@require_POST
@login_required
def mock_finish(request, pk: int):
    mock = services.mock_finish(mock=_own_mock(request, pk))
    return redirect("accounts:mock", pk=mock.pk)


@require_safe
@login_required
def mock_transcript(request, pk: int):
    mock = _own_mock(request, pk)
    if not mock.is_finished:
        return redirect("accounts:mock_run", pk=mock.pk)
    context = {"mock": mock, "items": selectors.transcript_items(mock), "ratings": Rating.choices}
    with _users_zone(request):
        return render(request, "accounts/mock_transcript.html", context)


@require_POST
@login_required
def mock_rate(request, pk: int):
    mock = _own_mock(request, pk)
    form = MockRatingForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose one of Again, Hard, Good or Easy to rate your answer.")
        return redirect("accounts:mock", pk=mock.pk)
    try:
        item = services.mock_rate(mock=mock, position=form.cleaned_data["position"], rating=form.cleaned_data["rating"])
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("accounts:mock", pk=mock.pk)
    messages.success(request, f"Recorded “{item.get_rating_display()}” for question {item.number}.")
    return redirect(f"{reverse('accounts:mock', args=[mock.pk])}#mock-question-{item.number}")
