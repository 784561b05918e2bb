"""Reads of the story bank that pages, template tags and the export share.

Each runs a fixed number of queries whatever the number of stories, links or questions.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Window

from accounts.stories.models import Story, StoryLink
from questions.models import Category, Question, Role, Skill, published_question


@dataclass
class StoryBank:
    """All of one user's stories (with ``link_count``) and, per question id, the stories linked to it."""

    stories: list[Story]
    by_question: dict[int, list[Story]] = field(default_factory=dict)

    def linked_to(self, question: Question) -> list[Story]:
        return self.by_question.get(question.pk, [])

    def not_linked_to(self, question: Question) -> list[Story]:
        linked = {story.pk for story in self.linked_to(question)}
        return [story for story in self.stories if story.pk not in linked]


def story_bank_for(user) -> StoryBank:
    """Two queries: the stories with their counts, and the links to published questions."""
    stories = list(user.stories.with_link_counts())
    by_pk = {story.pk: story for story in stories}
    bank = StoryBank(stories=stories)
    links = (
        StoryLink.objects.filter(published_question("question__"), story__user=user)
        .values_list("question_id", "story_id")
        .order_by("story__title", "story_id")
    )
    for question_id, story_id in links:
        bank.by_question.setdefault(question_id, []).append(by_pk[story_id])
    return bank


def stories_for_list(user):
    """The story bank page: every story with its skills and count of linked questions."""
    return user.stories.with_link_counts().prefetch_related(Prefetch("skills", queryset=Skill.objects.order_by("name")))


def linked_questions(story: Story) -> list[Question]:
    """The published questions a story is linked to, in guide order."""
    return list(
        Question.objects.published()
        .filter(story_links__story=story)
        .select_related("role")
        .order_by("role__order", "role__title", "number")
    )


def behavioral_without_story(user, *, role: Role | None, limit: int) -> tuple[list[Question], int]:
    """The first ``limit`` published behavioral questions (of ``role``'s guide if it is
    published) that no story of the user's answers, and how many there are in all.

    One query whatever the catalogue's size: the total rides along as a window count,
    so only ``limit`` rows leave the database."""
    linked_here = StoryLink.objects.filter(story__user=user, question=OuterRef("pk"))
    questions = Question.objects.published().filter(category=Category.BEHAVIORAL)
    if role is not None and role.is_published:
        questions = questions.filter(role=role)
    shown = list(
        questions.exclude(Exists(linked_here))
        .select_related("role")
        .only("slug", "number", "text", "role__title", "role__order")
        .annotate(total=Window(Count("pk")))
        .order_by("role__order", "role__title", "number")[:limit]
    )
    return shown, (shown[0].total if shown else 0)


def stories_export(user) -> list[dict]:
    """Every story as plain data, with its skills and linked questions (three queries)."""
    stories = user.stories.prefetch_related(
        Prefetch("skills", queryset=Skill.objects.order_by("slug")),
        Prefetch("links", queryset=StoryLink.objects.select_related("question").order_by("question__slug")),
    ).order_by("created_at", "pk")
    return [
        {
            "title": story.title,
            "situation_md": story.situation_md,
            "task_md": story.task_md,
            "action_md": story.action_md,
            "result_md": story.result_md,
            "happened_month": story.happened_month,
            "happened_year": story.happened_year,
            "skills": [skill.slug for skill in story.skills.all()],
            "questions": [link.question.slug for link in story.links.all()],
            "created_at": story.created_at,
            "updated_at": story.updated_at,
        }
        for story in stories
    ]
