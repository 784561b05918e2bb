"""Candidates' interview reports: submit, moderate, redact, withdraw, forget the author.

A report is the author's text. Curators decide whether it is shown (``experience_moderate``)
and may hide a span of it (``experience_redact``), but nothing here rewrites what the
author wrote; the admin shows a contribution's text read-only for the same reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from reversion.models import Version

from prepsite.markdown import normalise_markdown
from questions.models import (
    REDACTION_MARK,
    Category,
    Company,
    Difficulty,
    InterviewExperience,
    InterviewRound,
    Question,
    Role,
    interviewed_error,
)

Status = InterviewExperience.Status
MAX_ROUNDS = 8
MAX_NEW_QUESTIONS = 10
MAX_LINKED_QUESTIONS = 10
SUGGESTED_WHY_ASKED = "Reported by a candidate in an interview experience; a curator writes why it is asked.\n"
SUGGESTED_ANSWER = "A curator writes the sample answer before this question is published.\n"


@dataclass(frozen=True)
class RoundInput:
    kind: str
    description_md: str


def _suggested_question(*, role: Role, company: Company, text: str, number: int) -> Question:
    """A draft question for curators, made from a question an author typed in: never published here."""
    base = slugify(text)[:40].strip("-") or "reported-question"
    slug = base
    suffix = 2
    while Question.objects.filter(slug=slug).exists():
        slug = f"{base}-{suffix}"
        suffix += 1
    question = Question.objects.create(
        role=role,
        number=number,
        slug=slug,
        text=text,
        category=Category.TECHNICAL,
        difficulty=Difficulty.MEDIUM,
        why_asked_md=SUGGESTED_WHY_ASKED,
        sample_answer_md=SUGGESTED_ANSWER,
        is_published=False,
    )
    question.companies.set([company])
    return question


@transaction.atomic
def experience_submit(
    *,
    user: User,
    company: Company,
    role: Role,
    month: int,
    year: int,
    difficulty: int,
    outcome: str,
    summary_md: str,
    rounds: list[RoundInput],
    linked_questions: list[Question],
    new_questions: list[str],
    takeaway: str = "",
    tip: str = "",
) -> InterviewExperience:
    """Save a candidate's report as pending, with its rounds, linked questions and, for each
    question typed in as new, a draft question in the guide for curators."""
    error = interviewed_error(month, year)
    if error:
        raise ValidationError({"year": error})
    if not role.is_published:
        raise ValidationError({"role": "Choose one of the published guides."})
    if not 1 <= difficulty <= 5:
        raise ValidationError({"difficulty": "Rate the difficulty from 1 to 5."})
    if not rounds or len(rounds) > MAX_ROUNDS:
        raise ValidationError({"rounds": f"Describe from 1 to {MAX_ROUNDS} rounds."})
    if len(new_questions) > MAX_NEW_QUESTIONS or len(linked_questions) > MAX_LINKED_QUESTIONS:
        raise ValidationError({"questions": f"List at most {MAX_NEW_QUESTIONS} new and {MAX_LINKED_QUESTIONS} linked."})
    published = set(
        Question.objects.published().filter(pk__in=[q.pk for q in linked_questions]).values_list("pk", flat=True)
    )
    if any(question.pk not in published for question in linked_questions):
        raise ValidationError({"linked_questions": "Link only questions published on the site."})
    experience = InterviewExperience.objects.create(
        company=company,
        role=role,
        month=month,
        year=year,
        difficulty=difficulty,
        outcome=outcome,
        summary_md=normalise_markdown(summary_md),
        questions_asked="\n".join(new_questions),
        takeaway=normalise_markdown(takeaway),
        tip=normalise_markdown(tip),
        submitted_by=user,
        is_contribution=True,
        status=Status.PENDING,
    )
    InterviewRound.objects.bulk_create(
        InterviewRound(
            experience=experience, order=order, kind=item.kind, description_md=normalise_markdown(item.description_md)
        )
        for order, item in enumerate(rounds, start=1)
    )
    experience.linked_questions.set(linked_questions)
    if new_questions:
        # Lock the guide so two reports never take the same question number.
        Role.objects.select_for_update().filter(pk=role.pk).first()
        number = (Question.objects.filter(role=role).aggregate(top=Max("number"))["top"] or 0) + 1
        suggested = [
            _suggested_question(role=role, company=company, text=text, number=number + offset)
            for offset, text in enumerate(new_questions)
        ]
        experience.suggested_questions.set(suggested)
    return experience


@transaction.atomic
def experience_moderate(
    *, experience: InterviewExperience, actor: User, approve: bool, reason: str = "", note: str = ""
) -> InterviewExperience:
    """Approve a pending report, or reject it with one of the listed reasons (and a note).

    Only a pending report is moderated; approving a withdrawn one would publish what its
    author took back. The row is locked, so two curators deciding at once cannot both win.
    """
    locked = InterviewExperience.objects.select_for_update().get(pk=experience.pk)
    if locked.status != Status.PENDING:
        raise ValidationError(f"This report is {locked.get_status_display().lower()}, no longer pending.")
    if not approve:
        if reason not in InterviewExperience.RejectReason.values:
            raise ValidationError({"reject_reason": "Choose why the report is rejected."})
        if reason == InterviewExperience.RejectReason.OTHER and not note.strip():
            raise ValidationError({"moderation_note": "Say in the note why it is rejected."})
    locked.status = Status.APPROVED if approve else Status.REJECTED
    locked.reject_reason = "" if approve else reason
    locked.moderation_note = note.strip()
    locked.moderated_at = timezone.now()
    locked.moderated_by = actor
    locked.save(update_fields=["status", "reject_reason", "moderation_note", "moderated_at", "moderated_by"])
    return locked


@transaction.atomic
def experiences_approve(*, experiences, actor: User) -> int:
    """Approve the pending reports among ``experiences`` (the admin's bulk action); return how many."""
    pending = list(experiences.filter(status=Status.PENDING))
    for experience in pending:
        experience_moderate(experience=experience, actor=actor, approve=True)
    return len(pending)


@transaction.atomic
def experience_redact(*, experience: InterviewExperience, field: str, span: str) -> InterviewExperience:
    """Replace every occurrence of ``span`` in one of the author's texts with the redaction mark.

    ``field`` is one of ``AUTHOR_TEXT_FIELDS`` or ``round-<pk>`` for a round's text. The
    span must occur exactly as typed, so a redaction never changes more than was meant.
    """
    span = span.strip()
    if not span:
        raise ValidationError({"redact_span": "Paste the exact words to redact."})
    locked = InterviewExperience.objects.select_for_update().get(pk=experience.pk)
    round_id = field.removeprefix("round-")
    target, attribute = None, "description_md"
    if field.startswith("round-") and round_id.isdigit():
        target = locked.rounds.filter(pk=int(round_id)).first()
    elif field in InterviewExperience.AUTHOR_TEXT_FIELDS:
        target, attribute = locked, field
    if target is None:
        raise ValidationError({"redact_field": "Choose a text of this report."})
    text = getattr(target, attribute)
    if span not in text:
        raise ValidationError({"redact_span": "Those exact words are not in that text."})
    setattr(target, attribute, text.replace(span, REDACTION_MARK))
    target.save(update_fields=[attribute])
    locked.redacted_at = timezone.now()
    locked.save(update_fields=["redacted_at"])
    return locked


@transaction.atomic
def experience_withdraw(*, experience: InterviewExperience) -> str:
    """The author takes a report back: an approved one leaves the public pages (and stays
    as withdrawn, with its moderation record, until the author deletes it too); any
    other is deleted. Returns what happened: "withdrawn" or "deleted"."""
    locked = InterviewExperience.objects.select_for_update().get(pk=experience.pk)
    if locked.status == Status.APPROVED:
        locked.status = Status.WITHDRAWN
        locked.save(update_fields=["status"])
        return "withdrawn"
    _delete_with_history(InterviewExperience.objects.filter(pk=locked.pk))
    return "deleted"


@transaction.atomic
def experiences_forget_author(*, user: User) -> None:
    """Before an account is deleted: its reports that are not public go with it; approved
    ones stay public without an author (``submitted_by`` is set null by the deletion)."""
    _delete_with_history(InterviewExperience.objects.filter(submitted_by=user).exclude(status=Status.APPROVED))


def _delete_with_history(experiences) -> None:
    """Delete reports and every version admin history kept of them and their rounds: what an
    author takes back must not stay recoverable under "Recover deleted"."""
    experience_ids = [str(pk) for pk in experiences.values_list("pk", flat=True)]
    round_ids = [
        str(pk) for pk in InterviewRound.objects.filter(experience__in=experience_ids).values_list("pk", flat=True)
    ]
    for model, ids in ((InterviewExperience, experience_ids), (InterviewRound, round_ids)):
        if ids:
            Version.objects.get_for_model(model).filter(object_id__in=ids).delete()
    InterviewExperience.objects.filter(pk__in=experience_ids).delete()
