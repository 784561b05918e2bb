"""Writes to content history (django-reversion): record a revision, restore a version.

Comparing versions and finding the rows that travel with an object are reads, in
``questions/history.py``; why reversion and what gets recorded is explained there.
"""

from __future__ import annotations

import reversion
from django.contrib.auth.models import User
from django.db import models, transaction
from django.utils import timezone
from reversion.models import Version

from questions.history import related_versions, travelling_relations


def revision_record(*objects, actor: User | None, comment: str) -> None:
    """One revision holding ``objects`` (and what travels with them, e.g. a question's tips).

    Every write that records history outside an admin form goes through here: pack
    imports, restores and the admin's record of what it is about to delete.
    """
    with reversion.create_revision():
        for obj in objects:
            reversion.add_to_revision(obj)
        reversion.set_user(actor)
        reversion.set_comment(comment)


@transaction.atomic
def version_restore(*, version: Version, actor: User | None) -> models.Model:
    """Bring one object back to how ``version`` recorded it, with the rows that travel
    with it (a question's tips, a role's sections); works for deleted objects too.

    Only this object is touched, even when its revision held others. The restore is
    itself a new revision, so it can be undone the same way. Raises ValidationError
    when the old version no longer fits (say its number is now another question's).
    """
    model = version._model
    deserialized = version._object_version
    # Skills or companies deleted since then cannot be linked again; keep the rest.
    for name, pks in (deserialized.m2m_data or {}).items():
        related = model._meta.get_field(name).related_model
        existing = set(related._default_manager.filter(pk__in=pks).values_list("pk", flat=True))
        deserialized.m2m_data[name] = [pk for pk in pks if pk in existing]
    candidate = deserialized.object
    candidate._state.adding = not model._default_manager.filter(pk=candidate.pk).exists()
    candidate.full_clean()
    version.revert()
    obj = model._default_manager.get(pk=candidate.pk)
    restored = related_versions(version)
    for name, _related_model, _fk in travelling_relations(model):
        keep = {str(row.object_id) for row in restored[name]}
        for row in getattr(obj, name).all():
            if str(row.pk) not in keep:
                row.delete()
        for row in restored[name]:
            row.revert()
    stamp = timezone.localtime(version.revision.date_created).strftime("%Y-%m-%d %H:%M")
    revision_record(obj, actor=actor, comment=f"Restored the version of {stamp}")
    return obj
