"""Publishing: bulk status changes that admin actions make (moderation is in ``experiences``).

Each row is saved on its own, so every change is recorded in history and makes cached
public pages stale, exactly as an edit in the change form would.
"""

from __future__ import annotations

import reversion
from django.db import transaction
from django.db.models import QuerySet

from questions.models import Question


def _save_each(rows: QuerySet, *, field_name: str, value, comment: str, also: tuple[str, ...] = ()) -> int:
    """Set one field on the chosen rows that differ, one ``save()`` each; return how many changed.

    Saving (not ``update()``) is what records the change in history and makes cached
    public pages stale. Rows are locked by primary key: the admin's list may hold joins
    and DISTINCT (a filter on skills, say), and PostgreSQL refuses FOR UPDATE with either.
    """
    chosen = rows.model.objects.filter(pk__in=list(rows.values_list("pk", flat=True)))
    count = 0
    for row in chosen.select_for_update().exclude(**{field_name: value}):
        setattr(row, field_name, value)
        row.save(update_fields=[field_name, *also])
        count += 1
    if count and reversion.is_active():  # the admin action's revision says what happened
        reversion.set_comment(comment)
    return count


@transaction.atomic
def questions_set_published(*, questions: QuerySet[Question], published: bool) -> int:
    """Publish or unpublish questions; return how many changed."""
    comment = "Published" if published else "Unpublished"
    return _save_each(questions, field_name="is_published", value=published, comment=comment, also=("updated_at",))
