"""The question list's "my progress" filter, plugged into questions through its hook.

``questions`` may not import ``accounts`` (layering), so ``questions.filters`` offers
``register_personal_filter`` and this app registers itself there when Django starts
(``AccountsConfig.ready``).
"""

from django.db.models import Exists, OuterRef

from accounts.models import Practice
from questions.filters import PersonalFilter, register_personal_filter
from questions.models import QuestionQuerySet

PROGRESS_CHOICES = (
    ("bookmarked", "Bookmarked"),
    ("not-practised", "Not yet practised"),
    ("practised", "Practised"),
)


def questions_for_progress(queryset: QuestionQuerySet, user, progress: str) -> QuestionQuerySet:
    """Keep the user's bookmarked, practised or not-yet-practised questions."""
    mine = Practice.objects.filter(user=user, question=OuterRef("pk"))
    if progress == "bookmarked":
        return queryset.filter(Exists(mine.filter(bookmarked=True)))
    if progress == "practised":
        return queryset.filter(Exists(mine.filter(times_practised__gt=0)))
    if progress == "not-practised":
        return queryset.filter(~Exists(mine.filter(times_practised__gt=0)))
    raise ValueError(f"unknown progress filter {progress!r}")


def register_progress_filter() -> None:
    register_personal_filter(
        PersonalFilter(
            key="progress",
            label="My progress",
            any_label="All questions",
            choices=PROGRESS_CHOICES,
            apply=questions_for_progress,
        )
    )
