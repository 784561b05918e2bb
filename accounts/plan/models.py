"""One row per task of a candidate's dated plan, keyed so a regenerated plan keeps its ticks.

The layout (``accounts.plan.layout``) is computed afresh each time the plan is shown;
``plan_sync`` writes it here under stable keys ("tip-<pk>", "review-<date>",
"mock-<n>", "rest", "interview"), so a tick survives as long as its task does.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from questions.models import PrepTip


class TaskKind(models.TextChoices):
    TIP = "tip", "Preparation tip"
    REVIEW = "review", "Review session"
    MOCK = "mock", "Mock interview"
    REST = "rest", "Light day"
    INTERVIEW = "interview", "Interview"


class PlanTask(models.Model):
    """A task on one day; ``day`` is where the plan put it, in the candidate's time zone.

    An unticked task whose day has passed is shown today ("moved from …") without
    changing ``day``; ``sequence`` counts changes of day or title for the calendar file.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_tasks")
    key = models.CharField(max_length=40)
    kind = models.CharField(max_length=10, choices=TaskKind.choices)
    title = models.CharField(max_length=200)
    day = models.DateField()
    tip = models.ForeignKey(PrepTip, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    catch_up = models.BooleanField(default=False, help_text="A tip whose window had already passed.")
    interview_date = models.DateField(help_text="The interview date the task was planned for.")
    done_at = models.DateTimeField(null=True, blank=True)
    sequence = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["day", "key"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="plantask_unique_key_per_user")]

    def __str__(self) -> str:
        return f"{self.day}: {self.title}"

    @property
    def done(self) -> bool:
        return self.done_at is not None
