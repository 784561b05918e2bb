"""What Prepsite remembers for one candidate: a profile, practice state, review history.

Everything here belongs to one user and is reached through that user
(``request.user.practices``...), never by a bare id; deleting the user deletes it all.
"""

import zoneinfo
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from compensation.models import Level
from questions.models import Question, Role

NOTES_MAX_LENGTH = 20_000
DRAFT_MAX_LENGTH = 20_000


@cache
def time_zone_names() -> frozenset[str]:
    """The IANA names this system knows (read from disk once: the list does not change)."""
    return frozenset(zoneinfo.available_timezones())


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(time_zone_names())]


def validate_time_zone(name: str) -> None:
    if name not in time_zone_names():
        raise ValidationError(f"“{name[:64]}” is not a time zone name such as Europe/Paris.")


class Profile(models.Model):
    """Answers to "what are you preparing for?", asked right after sign-up."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    target_role = models.ForeignKey(
        Role, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", help_text="The guide you follow."
    )
    interview_date = models.DateField(null=True, blank=True)
    experience_level = models.CharField(max_length=10, choices=Level.choices, blank=True)
    time_zone = models.CharField(
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text="Days and streaks are counted in this time zone.",
    )

    def __str__(self) -> str:
        return f"Profile of {self.user}"

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")


class Rating(models.TextChoices):
    """How well a candidate answered, in their own judgement (the four buttons)."""

    AGAIN = "again", "Again"
    HARD = "hard", "Hard"
    GOOD = "good", "Good"
    EASY = "easy", "Easy"


class PracticeQuerySet(models.QuerySet):
    def bookmarked(self) -> "PracticeQuerySet":
        return self.filter(bookmarked=True)

    def with_question(self) -> "PracticeQuerySet":
        return self.select_related("question", "question__role")


class Practice(models.Model):
    """One user's state for one question: at most one row per pair (a unique constraint).

    Counters are only ever changed with ``F()`` updates in ``accounts.services``, so two
    requests at once cannot lose a count.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practices")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="practices")
    bookmarked = models.BooleanField(default=False)
    notes_md = models.TextField("notes", blank=True, max_length=NOTES_MAX_LENGTH, help_text="Markdown, private.")
    draft_md = models.TextField("answer draft", blank=True, max_length=DRAFT_MAX_LENGTH)
    times_practised = models.PositiveIntegerField(default=0)
    last_practised = models.DateTimeField(null=True, blank=True)
    last_rating = models.CharField(max_length=10, choices=Rating.choices, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PracticeQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "question"], name="practice_unique_per_user_question")]
        indexes = [models.Index(fields=["user", "bookmarked"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.question}"


class ReviewLogQuerySet(models.QuerySet):
    def recent(self, limit: int = 10) -> "ReviewLogQuerySet":
        return self.select_related("question", "question__role").order_by("-reviewed_at", "-pk")[:limit]


class ReviewLog(models.Model):
    """One rating: the history the dashboard's streaks and heatmap are drawn from."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_logs")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="review_logs")
    rating = models.CharField(max_length=10, choices=Rating.choices)
    seconds_spent = models.PositiveIntegerField(default=0)
    reviewed_at = models.DateTimeField(db_index=True)

    objects = ReviewLogQuerySet.as_manager()

    class Meta:
        ordering = ["-reviewed_at", "-pk"]
        indexes = [models.Index(fields=["user", "reviewed_at"])]

    def __str__(self) -> str:
        return f"{self.user} rated {self.question_id} {self.rating}"


# The story bank's models live with the rest of that feature; imported here so Django finds them.
from accounts.stories.models import Story, StoryLink  # noqa: E402, F401
