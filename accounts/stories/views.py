"""The story bank pages (``/me/stories/``) and linking a story to a question.

Every story is fetched through ``request.user.stories``: another user's story is a 404,
and every write is a POST through ``accounts.stories.services``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.stories import selectors, services
from accounts.stories.forms import StoryForm, StoryLinkForm
from accounts.stories.models import Story, linkable_questions
from accounts.views import _safe_next
from questions.models import Question


def _own_story(request, pk: int) -> Story:
    return get_object_or_404(request.user.stories.with_link_counts(), pk=pk)


def _linkable_question(slug: str) -> Question | None:
    return linkable_questions().filter(slug=slug).first() if slug else None


@require_safe
@login_required
def story_list(request):
    return render(request, "accounts/story_list.html", {"stories": selectors.stories_for_list(request.user)})


@require_safe
@login_required
def story_detail(request, pk: int):
    story = _own_story(request, pk)
    context = {"story": story, "questions": selectors.linked_questions(story), "skills": story.skills.order_by("name")}
    return render(request, "accounts/story_detail.html", context)


def _story_form_page(request, *, form: StoryForm, story: Story | None, question: Question | None, status: int):
    context = {"form": form, "story": story, "question": question, "next": _safe_next(request, "")}
    return render(request, "accounts/story_form.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def story_create(request):
    """A new story; from a question's "Write a story for this", it is linked to that question too."""
    question = _linkable_question(request.POST.get("question") or request.GET.get("question", ""))
    if request.method != "POST":
        return _story_form_page(request, form=StoryForm(), story=None, question=question, status=200)
    form = StoryForm(request.POST)
    if not form.is_valid():
        return _story_form_page(request, form=form, story=None, question=question, status=422)
    story = services.story_create(user=request.user, link_to=question, **form.cleaned_data)
    messages.success(request, f"Your story “{story.title}” is saved" + (" and linked." if question else "."))
    return redirect(_safe_next(request, reverse("accounts:story", args=[story.pk])))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def story_edit(request, pk: int):
    story = _own_story(request, pk)
    if request.method != "POST":
        initial = {name: getattr(story, name) for name in Story.EDITABLE_FIELDS} | {"skills": story.skills.all()}
        return _story_form_page(request, form=StoryForm(initial=initial), story=story, question=None, status=200)
    form = StoryForm(request.POST)
    if not form.is_valid():
        return _story_form_page(request, form=form, story=story, question=None, status=422)
    services.story_update(story=story, **form.cleaned_data)
    messages.success(request, f"Your story “{story.title}” is saved.")
    return redirect("accounts:story", pk=story.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def story_delete(request, pk: int):
    story = _own_story(request, pk)
    if request.method != "POST":
        return render(request, "accounts/story_confirm_delete.html", {"story": story})
    services.story_delete(story=story)
    messages.success(request, f"Deleted your story “{story.title}”.")
    return redirect("accounts:stories")


@require_POST
@login_required
def story_link(request, slug: str):
    """Link or unlink one of the user's stories and a question: a plain form on question and practice pages."""
    question = get_object_or_404(Question.objects.published(), slug=slug)
    back = _safe_next(request, question.get_absolute_url())
    form = StoryLinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose one of your stories to link.")
        return redirect(back)
    story = _own_story(request, form.cleaned_data["story"])
    linked = form.cleaned_data["linked"]
    try:
        services.story_link_set(story=story, question=question, linked=linked)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(back)
    if linked:
        messages.success(request, f"Linked “{story.title}” to question {question.number}.")
    else:
        messages.success(request, f"Unlinked “{story.title}” from question {question.number}.")
    return redirect(back)
