"""What Prepsite remembers for one candidate: a profile, practice state, review history.

Everything here belongs to one user and is reached through that user
(``request.user.practices``...), never by a bare id; deleting the user deletes it all.
"""

import zoneinfo
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F

from accounts import scheduling
from compensation.models import Level
from questions.models import Question, Role, published_question

NOTES_MAX_LENGTH = 20_000
DRAFT_MAX_LENGTH = 20_000
NEW_PER_DAY_MAX = 50


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
    desired_retention = models.FloatField(
        default=scheduling.RETENTION_DEFAULT,
        validators=[MinValueValidator(scheduling.RETENTION_MIN), MaxValueValidator(scheduling.RETENTION_MAX)],
        help_text="The share of due questions you aim to answer well: higher means more frequent reviews.",
    )
    new_per_day = models.PositiveSmallIntegerField(
        default=5,
        validators=[MaxValueValidator(NEW_PER_DAY_MAX)],
        help_text="How many questions you have never practised the review page offers each day.",
    )
    reminders_enabled = models.BooleanField(default=False, help_text="A daily email when questions are due.")
    reminder_hour = models.PositiveSmallIntegerField(
        default=8, validators=[MaxValueValidator(23)], help_text="Hour of the day (0–23) in your time zone."
    )

    def __str__(self) -> str:
        return f"Profile of {self.user}"

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return scheduling.zone_named(self.time_zone)

    @property
    def schedule_settings(self) -> scheduling.ScheduleSettings:
        return scheduling.ScheduleSettings(
            zone=self.zone, interview_date=self.interview_date, desired_retention=self.desired_retention
        )


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

    def scheduled(self) -> "PracticeQuerySet":
        """Rows with a due time (rated at least once) whose question visitors can open."""
        return self.filter(published_question("question__"), due__isnull=False)

    def due_by(self, moment) -> "PracticeQuerySet":
        return self.scheduled().filter(due__lte=moment)

    def with_zone(self) -> "PracticeQuerySet":
        """Each row with its owner's time zone name (``zone_name``), for "Due in 3 days" labels."""
        return self.annotate(zone_name=F("user__profile__time_zone"))


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
    # The review schedule (see accounts.scheduling); ``last_practised`` is FSRS's last review.
    card_state = models.PositiveSmallIntegerField(choices=scheduling.STATE_CHOICES, default=scheduling.NEW)
    card_step = models.PositiveSmallIntegerField(null=True, blank=True)
    stability = models.FloatField(null=True, blank=True)
    difficulty = models.FloatField(null=True, blank=True)
    due = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PracticeQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "question"], name="practice_unique_per_user_question")]
        indexes = [models.Index(fields=["user", "bookmarked"]), models.Index(fields=["user", "due"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.question}"

    @property
    def card(self) -> scheduling.CardState:
        return scheduling.CardState(
            state=self.card_state,
            step=self.card_step,
            stability=self.stability,
            difficulty=self.difficulty,
            due=self.due,
            last_review=self.last_practised,
        )


def card_fields(card: scheduling.CardState) -> dict:
    """A card state as ``Practice`` column values (for ``update()`` and ``bulk_update``)."""
    return {
        "card_state": card.state,
        "card_step": card.step,
        "stability": card.stability,
        "difficulty": card.difficulty,
        "due": card.due,
        "last_practised": card.last_review,
    }


CARD_FIELDS = list(card_fields(scheduling.CardState()))


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
    # The rating form's one-time token: a second post of the same form finds this row
    # instead of counting again. Empty for ratings made without a form.
    token = models.CharField(max_length=32, blank=True, default="", editable=False)

    objects = ReviewLogQuerySet.as_manager()

    class Meta:
        ordering = ["-reviewed_at", "-pk"]
        indexes = [models.Index(fields=["user", "reviewed_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "token"], condition=~models.Q(token=""), name="reviewlog_unique_token_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} rated {self.question_id} {self.rating}"


class ReminderSent(models.Model):
    """One daily reminder, claimed before it is sent: the unique constraint is what makes
    ``send_review_reminders`` idempotent, even run from several machines at once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders_sent")
    day = models.DateField(help_text="The candidate's local date the reminder was for.")
    due_count = models.PositiveIntegerField()
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="reminder_once_per_user_and_day")]

    def __str__(self) -> str:
        return f"Reminder to {self.user} for {self.day}"


# The story bank's, the plan's and the mocks' models live with the rest of each feature; imported
# here so Django finds them.
from accounts.mocks.models import Mock, MockQuestion  # noqa: E402, F401
from accounts.plan.models import PlanTask  # noqa: E402, F401
from accounts.stories.models import Story, StoryLink  # noqa: E402, F401
