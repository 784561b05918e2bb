"""Every write to salary reports: keyword-only functions, each in one transaction.

A report is validated here (the form checks the same things earlier, for its messages):
the author has a verified address, the amounts are whole, positive where they must be
and inside the currency's plausible band, and the author has not used up their daily
limit. Public figures change only when the set of approved reports changes (approval,
deleting an approved report), and only then is the page cache told.
"""

from __future__ import annotations

from allauth.account.utils import has_verified_email
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from compensation.models import SalaryReport
from compensation.plausible import plausibility_errors
from prepsite.ratelimit import Limit, consume
from questions.public_cache import content_changed

#: Shares and updates per author and day (counted in the shared cache, see prepsite.ratelimit).
SUBMIT_LIMIT = Limit("salary-report", limit=10, period=24 * 60 * 60)

#: What the author types; everything else on a report is the site's.
REPORT_FIELDS = (
    "company", "role", "level", "years_experience", "country", "region",
    "base", "bonus", "equity", "currency", "year",
)  # fmt: skip


class RateLimited(Exception):
    """Too many shares today; ``retry_after`` is the seconds until the window ends."""

    def __init__(self, retry_after: int):
        super().__init__(f"You have shared {SUBMIT_LIMIT.limit} salary reports today, the daily limit.")
        self.retry_after = retry_after


def _validated(report: SalaryReport) -> SalaryReport:
    report.full_clean(exclude=["user"], validate_unique=False, validate_constraints=False)
    errors = plausibility_errors(
        role_title=report.role.title,
        currency=report.currency,
        base=report.base,
        bonus=report.bonus,
        equity=report.equity,
    )
    if errors:
        raise ValidationError(errors)
    return report


def _same_job(*, user, company, year: int):
    return SalaryReport.objects.select_for_update().filter(user=user, company=company, year=year)


def _send_for_review(report: SalaryReport, fields: dict) -> SalaryReport:
    """Write the author's fields, check them and the daily limit, and queue the report for a curator."""
    unknown = set(fields) - set(REPORT_FIELDS)
    if unknown:
        raise TypeError(f"not report fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(report, name, value)
    _validated(report)
    if (retry_after := consume(SUBMIT_LIMIT, f"user:{report.user_id}")) is not None:
        raise RateLimited(retry_after)
    report.status = SalaryReport.Status.PENDING
    report.rejection_reason = ""
    report.rejection_note = ""
    report.reviewed_at = None
    report.reviewed_by = None
    try:
        with transaction.atomic():  # a savepoint: a parallel copy of the same share loses cleanly
            report.save()
    except IntegrityError as error:
        raise ValidationError("You already have a report for that company and year: it is saved once.") from error
    return report


@transaction.atomic
def salary_report_submit(*, user, **fields) -> tuple[SalaryReport, bool]:
    """Share a report, or update the author's report for the same company and year.

    Returns (report, created). An approved report for that company and year is never
    overwritten: public figures have read it, so the author deletes it first. An updated
    report goes back to the moderation queue.
    """
    if not has_verified_email(user):
        raise PermissionDenied("Confirm your email address before you share a salary.")
    existing = _same_job(user=user, company=fields.get("company"), year=fields.get("year")).first()
    if existing is not None and existing.status == SalaryReport.Status.APPROVED:
        raise ValidationError(
            f"Your report for {existing.company_name} in {existing.year} is already approved, so it can no "
            "longer change. Delete it from your contributions first to share a new one."
        )
    return _send_for_review(existing or SalaryReport(user=user), fields), existing is None


@transaction.atomic
def salary_report_update(*, report: SalaryReport, **fields) -> SalaryReport:
    """The author edits a report not yet approved; it goes (back) to the moderation queue.

    Moving it to another company or year that already has a report of theirs is refused.
    """
    report = SalaryReport.objects.select_for_update().get(pk=report.pk)
    if report.status == SalaryReport.Status.APPROVED:
        raise ValidationError("An approved report can no longer change; you may delete it.")
    clash = _same_job(user=report.user, company=fields.get("company"), year=fields.get("year"))
    if clash.exclude(pk=report.pk).exists():
        raise ValidationError("You already have a report for that company and year: edit that one instead.")
    return _send_for_review(report, fields)


@transaction.atomic
def salary_report_delete(*, report: SalaryReport) -> None:
    """The author deletes their report; figures that read it are recomputed without it."""
    was_public = report.status == SalaryReport.Status.APPROVED
    report.delete()
    if was_public:
        transaction.on_commit(content_changed)


def _decide(*, report: SalaryReport, curator, status: str, reason: str = "", note: str = "") -> SalaryReport:
    locked = SalaryReport.objects.select_for_update().get(pk=report.pk)
    if locked.status != SalaryReport.Status.PENDING:
        raise ValidationError(
            f"This report is already {locked.get_status_display().lower()}; only pending ones are decided."
        )
    # Only the decision is written: the amounts the author typed are never touched here.
    SalaryReport.objects.filter(pk=locked.pk).update(
        status=status, rejection_reason=reason, rejection_note=note, reviewed_at=timezone.now(), reviewed_by=curator
    )
    locked.refresh_from_db()
    return locked


@transaction.atomic
def salary_report_approve(*, report: SalaryReport, curator) -> SalaryReport:
    approved = _decide(report=report, curator=curator, status=SalaryReport.Status.APPROVED)
    transaction.on_commit(content_changed)
    return approved


@transaction.atomic
def salary_report_reject(*, report: SalaryReport, curator, reason: str, note: str = "") -> SalaryReport:
    if reason not in SalaryReport.RejectionReason.values:
        raise ValidationError("Choose a reason for rejecting the report.")
    if reason == SalaryReport.RejectionReason.OTHER and not note.strip():
        raise ValidationError("Say in the note why the report is rejected.")
    return _decide(report=report, curator=curator, status=SalaryReport.Status.REJECTED, reason=reason, note=note)


@transaction.atomic
def salary_reports_forget(*, user) -> None:
    """For account deletion: reports not yet public are deleted, approved ones lose their author.

    Approved reports stay in the figures (deleting them would change published figures
    for everyone, and they no longer say who wrote them); see the privacy page.
    """
    SalaryReport.objects.filter(user=user).exclude(status=SalaryReport.Status.APPROVED).delete()
    SalaryReport.objects.filter(user=user).update(user=None)
