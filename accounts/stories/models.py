"""A candidate's STAR stories and their links to the questions they answer.

A story belongs to one user and is reached through ``user.stories``; deleting the user
deletes the stories and, with them, their links.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone

from questions.models import Category, Question, Skill, published_question

STORY_TEXT_MAX_LENGTH = 5_000
EARLIEST_YEAR = 1950
#: Questions answered from a story of one's own; only these show the story bank.
STORY_CATEGORIES = (Category.BEHAVIORAL, Category.SITUATIONAL, Category.CULTURE_FIT)
#: A story that answers this many questions is one to know by heart.
STRONG_STORY_LINKS = 3
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def published_links() -> Q:
    """Links to questions visitors can open; a function, as the query needs loaded models."""
    return published_question("links__question__")


def linkable_questions():
    """The questions a story may be linked to: published ones answered from experience."""
    return Question.objects.published().filter(category__in=STORY_CATEGORIES)


def happened_error(month: int, year: int, *, today=None) -> str:
    """Why (month, year) cannot be when a story happened, or "" if it can."""
    today = today or timezone.localdate()
    if not 1 <= month <= 12:
        return "Choose a month from January to December."
    if not EARLIEST_YEAR <= year <= today.year:
        return f"Give a year from {EARLIEST_YEAR} to {today.year}."
    if (year, month) > (today.year, today.month):
        return f"{MONTH_NAMES[month - 1]} {year} is still to come: a story is something that already happened."
    return ""


class StoryQuerySet(models.QuerySet):
    def with_link_counts(self) -> "StoryQuerySet":
        """Each story's number of linked questions that visitors can open (``link_count``)."""
        return self.annotate(link_count=Count("links", filter=published_links()))


class Story(models.Model):
    """One situation told the STAR way, ready to answer "tell me about a time…" questions."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="stories")
    title = models.CharField(max_length=120, help_text="A few words you will recognise it by.")
    situation_md = models.TextField("situation", max_length=STORY_TEXT_MAX_LENGTH)
    task_md = models.TextField("task", max_length=STORY_TEXT_MAX_LENGTH)
    action_md = models.TextField("action", max_length=STORY_TEXT_MAX_LENGTH)
    result_md = models.TextField("result", max_length=STORY_TEXT_MAX_LENGTH)
    skills = models.ManyToManyField(Skill, blank=True, related_name="+")
    happened_month = models.PositiveSmallIntegerField("month", validators=[MinValueValidator(1), MaxValueValidator(12)])
    happened_year = models.PositiveSmallIntegerField("year", validators=[MinValueValidator(EARLIEST_YEAR)])
    questions = models.ManyToManyField(Question, through="StoryLink", related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StoryQuerySet.as_manager()

    #: The fields a candidate writes (everything but the skills, which are a relation).
    EDITABLE_FIELDS = ("title", "situation_md", "task_md", "action_md", "result_md", "happened_month", "happened_year")

    class Meta:
        ordering = ["-happened_year", "-happened_month", "title", "pk"]
        verbose_name_plural = "stories"
        constraints = [
            models.CheckConstraint(
                condition=Q(happened_month__gte=1, happened_month__lte=12), name="story_month_is_a_month"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.happened_month is not None and self.happened_year is not None:
            error = happened_error(self.happened_month, self.happened_year)
            if error:
                raise ValidationError({"happened_year": error})

    @property
    def happened_label(self) -> str:
        return f"{MONTH_NAMES[self.happened_month - 1]} {self.happened_year}"

    @property
    def is_strong(self) -> bool:
        """Needs ``link_count`` (``with_link_counts()`` or the story bank selector)."""
        return self.link_count >= STRONG_STORY_LINKS


class StoryLink(models.Model):
    """ "This story answers this question": at most one row per pair."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="links")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="story_links")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["story", "question"], name="story_link_unique")]

    def __str__(self) -> str:
        return f"{self.story_id} answers {self.question_id}"
