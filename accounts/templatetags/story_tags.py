"""The story bank on other pages: question pages, practice mode, mocks and the dashboard.

- ``{% story_section question %}``: "Your stories for this" with link and unlink forms,
  for behavioral, situational and culture-fit questions; nothing for visitors or
  other categories. Used by the public question page and practice mode.
- ``{% linked_stories question %}``: only the stories linked to the question, each one
  click away (a ``<details>`` with its STAR text); for pages shown after answering,
  such as a mock's transcript. Nothing if none is linked.
- ``{% stories_missing profile %}``: the dashboard's behavioral questions with no story.

The user's story bank is read once per request (two queries, kept on the request), so a
page showing many questions does not run more queries for them.
"""

from django import template

from accounts.stories.models import STORY_CATEGORIES
from accounts.stories.selectors import StoryBank, behavioral_without_story, story_bank_for

register = template.Library()
MISSING_SHOWN = 10


def _signed_in_user(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def _bank(context, user) -> StoryBank:
    request = context["request"]
    bank = getattr(request, "_story_bank", None)
    if bank is None:
        bank = request._story_bank = story_bank_for(user)
    return bank


@register.inclusion_tag("accounts/_story_section.html", takes_context=True)
def story_section(context, question) -> dict:
    user = _signed_in_user(context)
    if user is None or question.category not in STORY_CATEGORIES:
        return {"shown": False}
    bank = _bank(context, user)
    return {
        "shown": True,
        "question": question,
        "linked": bank.linked_to(question),
        "others": bank.not_linked_to(question),
        "next": context["request"].get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("accounts/_linked_stories.html", takes_context=True)
def linked_stories(context, question) -> dict:
    user = _signed_in_user(context)
    if user is None:
        return {"stories": []}
    return {"question": question, "stories": _bank(context, user).linked_to(question)}


@register.inclusion_tag("accounts/_stories_missing.html", takes_context=True)
def stories_missing(context, profile) -> dict:
    user = _signed_in_user(context)
    if user is None:
        return {"shown": False}
    role = profile.target_role if profile is not None else None
    questions, total = behavioral_without_story(user, role=role, limit=MISSING_SHOWN)
    return {
        "shown": True,
        "role": role if role is not None and role.is_published else None,
        "questions": questions,
        "more": max(total - MISSING_SHOWN, 0),
    }
