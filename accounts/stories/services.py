"""Every write to the story bank: keyword-only functions, each in one transaction, each
making what is cached from the candidate's data stale (``accounts.state``)."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.state import user_state_changed
from accounts.stories.models import Story, StoryLink, linkable_questions
from questions.models import Question, Skill


def _story_save(story: Story, *, skills: Iterable[Skill], fields: dict) -> Story:
    unknown = set(fields) - set(Story.EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not a story field: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(story, name, value)
    story.full_clean(exclude=["user"])
    story.save()
    story.skills.set(skills)
    user_state_changed(story.user_id)
    return story


@transaction.atomic
def story_create(*, user, skills: Iterable[Skill] = (), link_to: Question | None = None, **fields) -> Story:
    """A new story with its skills, linked to ``link_to`` if given; ``fields`` are ``Story.EDITABLE_FIELDS``."""
    story = _story_save(Story(user=user), skills=skills, fields=fields)
    if link_to is not None:
        story_link_set(story=story, question=link_to, linked=True)
    return story


@transaction.atomic
def story_update(*, story: Story, skills: Iterable[Skill], **fields) -> Story:
    """Change a story's text, date and skills together, or nothing if any of it is invalid."""
    return _story_save(story, skills=skills, fields=fields)


@transaction.atomic
def story_delete(*, story: Story) -> None:
    """Delete a story and its links (the questions stay)."""
    story.delete()
    user_state_changed(story.user_id)


@transaction.atomic
def story_link_set(*, story: Story, question: Question, linked: bool) -> None:
    """Link or unlink a story and a question; setting the state it already has changes nothing.

    Only published questions that are answered from a story can be linked; unlinking
    works for any question, so a link never outlives the candidate's wish to remove it.
    """
    if not linked:
        StoryLink.objects.filter(story=story, question=question).delete()
        user_state_changed(story.user_id)
        return
    if not linkable_questions().filter(pk=question.pk).exists():
        raise ValidationError(
            "Stories can only be linked to published behavioral, situational and culture-fit questions."
        )
    # get_or_create retries the read in a savepoint if a parallel request created the row first.
    StoryLink.objects.get_or_create(story=story, question=question)
    user_state_changed(story.user_id)
