"""A candidate's mock interviews and the questions each one asked, in order.

A ``Mock`` belongs to one user and is reached through ``user.mocks``; its questions are
``MockQuestion`` rows numbered from 0. ``Mock.position`` is the question being answered;
that question's ``started_at`` is when its clock began, so the time left is always worked
out on the server (a reload or a closed tab does not reset it).
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models

from accounts.models import DRAFT_MAX_LENGTH, Rating
from questions.models import Question, Role

MIN_QUESTIONS, MAX_QUESTIONS = 3, 10
MIN_MINUTES, MAX_MINUTES = 1, 15
#: An answer this late is still on time: the auto-submit at zero needs a moment to arrive.
GRACE_SECONDS = 5
ANSWER_MAX_LENGTH = DRAFT_MAX_LENGTH


class Mock(models.Model):
    """One sitting: the guide, the choices made at the start, and where the candidate is."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mocks")
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="+")
    categories = models.JSONField(default=list, help_text="The categories the questions were drawn from.")
    preset = models.CharField(max_length=40, blank=True, help_text="The preset's name, if one was used.")
    minutes_per_question = models.PositiveSmallIntegerField()
    hide_difficulty = models.BooleanField(default=True)
    shuffled = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0, help_text="The question being answered, from 0.")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["user", "started_at"])]

    def __str__(self) -> str:
        return f"Mock {self.pk} of {self.user}"

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None

    @property
    def seconds_per_question(self) -> int:
        return self.minutes_per_question * 60


class MockQuestion(models.Model):
    """One question of a mock and what the candidate did with it."""

    mock = models.ForeignKey(Mock, on_delete=models.CASCADE, related_name="items")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField()
    answer_md = models.TextField("answer", blank=True, max_length=ANSWER_MAX_LENGTH)
    started_at = models.DateTimeField(null=True, blank=True, help_text="When its clock began.")
    answered_at = models.DateTimeField(null=True, blank=True)
    seconds_taken = models.PositiveIntegerField(null=True, blank=True)
    over_time = models.BooleanField(default=False)
    rating = models.CharField(max_length=10, choices=Rating.choices, blank=True)

    class Meta:
        ordering = ["mock", "position"]
        constraints = [models.UniqueConstraint(fields=["mock", "position"], name="mock_question_unique_position")]

    def __str__(self) -> str:
        return f"Question {self.position + 1} of mock {self.mock_id}"

    @property
    def number(self) -> int:
        return self.position + 1

    @property
    def time_taken_label(self) -> str:
        """ "1 min 35 s", "40 s"; empty for a question never answered."""
        if self.seconds_taken is None:
            return ""
        minutes, seconds = divmod(self.seconds_taken, 60)
        return f"{minutes} min {seconds} s" if minutes else f"{seconds} s"

    def deadline(self, mock: Mock) -> datetime | None:
        return self.started_at + timedelta(seconds=mock.seconds_per_question) if self.started_at else None

    def seconds_left(self, mock: Mock, *, now: datetime) -> int:
        """Whole seconds before the deadline (0 once it has passed)."""
        deadline = self.deadline(mock)
        return max(0, int((deadline - now).total_seconds())) if deadline else mock.seconds_per_question
