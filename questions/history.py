"""History and undo for content, built on django-reversion.

Why reversion rather than django-simple-history: a curator thinks of "the question" as
the question *with its tips and mistakes*, and of "the guide" as the role with its
sections. Reversion records those together in one revision (``follow`` on the model
registration in ``models.py``), so comparing or restoring a version brings the tips
back too, and its admin can recover deleted objects. simple-history keeps one history
table per model, row by row, with nothing tying a question's version to its tips', and
has no recovery of deleted objects in its admin.

What is recorded: everything saved through admin (change form, actions, deletions),
every pack import (one revision for the whole guide, and one per question the pack
removes, before removal), and restores. A save outside those
(a shell, a data migration) is not recorded: reversion records only inside a revision.

A revision may hold many objects (a pack import, an admin action on several
questions); comparing or restoring a version here only ever looks at that object and
the rows that travel with it, never the rest of its revision.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from django.db import models
from reversion.models import Version
from reversion.revisions import _get_options

# Never shown as a change: bumped on every save.
IGNORED_FIELDS = {"updated_at"}


@dataclass
class FieldChange:
    label: str
    before: str
    after: str
    lines: list[tuple[str, str]] = field(default_factory=list)  # (marker, text), marker in {"+", "-", " "}

    @property
    def changed(self) -> bool:
        return self.before != self.after


def travelling_relations(model: type[models.Model]) -> list[tuple[str, type[models.Model], str]]:
    """(accessor, related model, foreign key attname) for each relation registered to follow."""
    relations = []
    for name in _get_options(model).follow:
        relation = model._meta.get_field(name)
        relations.append((name, relation.related_model, relation.field.attname))
    return relations


def related_versions(version: Version) -> dict[str, list[Version]]:
    """Versions in the same revision of the rows that travel with ``version``'s object."""
    model = version._model
    found: dict[str, list[Version]] = {}
    for name, related_model, fk_attname in travelling_relations(model):
        others = version.revision.version_set.get_for_model(related_model)
        found[name] = [other for other in others if str(other.field_dict.get(fk_attname)) == str(version.object_id)]
    return found


def _line(version: Version) -> str:
    obj = version._object_version.object
    return obj.history_line() if hasattr(obj, "history_line") else str(obj)


def _as_text(model_field: models.Field, value) -> str:
    if value is None:
        return ""
    if model_field.many_to_many:
        objects = {obj.pk: str(obj) for obj in model_field.related_model.objects.filter(pk__in=value)}
        return ", ".join(sorted(objects.get(pk, f"#{pk} (deleted)") for pk in value))
    if model_field.is_relation:
        obj = model_field.related_model.objects.filter(pk=value).first()
        return str(obj) if obj else f"#{value} (deleted)"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return str(value).replace("\r\n", "\n")


def _changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    lines = []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("? "):
            continue
        lines.append((line[0], line[2:]))
    return lines


def compare_versions(older: Version, newer: Version) -> list[FieldChange]:
    """Every field of two versions of one object, with line diffs for what changed."""
    model = older._model
    changes = []
    for name in _get_options(model).fields:
        model_field = model._meta.get_field(name)
        if name in IGNORED_FIELDS or model_field.primary_key:
            continue
        before = _as_text(model_field, older.field_dict.get(model_field.attname))
        after = _as_text(model_field, newer.field_dict.get(model_field.attname))
        change = FieldChange(str(model_field.verbose_name).capitalize(), before, after)
        if change.changed:
            change.lines = _changed_lines(before, after)
        changes.append(change)
    older_related, newer_related = related_versions(older), related_versions(newer)
    for name, related_model, _fk in travelling_relations(model):
        before = "\n".join(sorted(_line(version) for version in older_related.get(name, [])))
        after = "\n".join(sorted(_line(version) for version in newer_related.get(name, [])))
        change = FieldChange(str(related_model._meta.verbose_name_plural).capitalize(), before, after)
        if change.changed:
            change.lines = _changed_lines(before, after)
        changes.append(change)
    return changes
