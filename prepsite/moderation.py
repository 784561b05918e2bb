"""The moderation queues the admin index counts: one per kind of contribution.

Each app that takes contributions registers its queue from its ``AppConfig.ready``
(interview experiences in ``questions``, salary reports in ``compensation``), so the admin index
shows "Interview experiences: 3 pending" without knowing any app's models.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet


@dataclass(frozen=True)
class Queue:
    label: str
    pending: Callable[[], QuerySet]  # what waits for a curator
    changelist: str  # admin URL name of the list, filtered to pending by default
    permission: str  # who sees the count, e.g. "questions.change_interviewexperience"


QUEUES: dict[str, Queue] = {}


def register_queue(queue: Queue) -> None:
    QUEUES[queue.label] = queue


def queues_for(user) -> list[tuple[Queue, int]]:
    """Every queue the user may moderate, with how many items wait in it (one query each)."""
    return [(queue, queue.pending().count()) for queue in QUEUES.values() if user.has_perm(queue.permission)]
