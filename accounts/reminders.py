"""Daily review reminder mail: who gets one this hour, the claim that sends it once, unsubscribing.

``manage.py send_review_reminders`` runs ``reminders_send`` every hour (cron or a systemd
timer). A candidate who opted in gets one mail on the local day, in the hour they chose,
if something is due. Each mail is claimed first with a ``ReminderSent`` row, unique per
user and local day, committed before the mail goes out: a second run in the hour, or a
second machine at once, finds the claim and sends nothing. The mail is sent outside any
transaction, so a slow mail server never holds a database lock (on SQLite that would
stall every write on the site); a failed send deletes its claim, so the next run retries.
The unsubscribe link carries a signed token (``django.core.signing``), so it works
without signing in, from any mail client.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts import scheduling
from accounts.models import Practice, Profile, ReminderSent
from accounts.state import user_state_changed

logger = logging.getLogger(__name__)
UNSUBSCRIBE_SALT = "accounts.reminders.unsubscribe"


def unsubscribe_token(user) -> str:
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def user_from_token(token: str):
    """The user the token was made for, or None if it was altered or names nobody."""
    try:
        user_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return get_user_model().objects.filter(pk=user_id).first()


def unsubscribe_url(user) -> str:
    return settings.SITE_URL + reverse("accounts:unsubscribe", args=[unsubscribe_token(user)])


@transaction.atomic
def reminders_unsubscribe(*, user) -> None:
    Profile.objects.filter(user=user).update(reminders_enabled=False)
    user_state_changed(user.pk)


def is_reminder_hour(profile: Profile, now: datetime) -> bool:
    return now.astimezone(profile.zone).hour == profile.reminder_hour


def reminder_send(*, profile: Profile, now: datetime) -> bool:
    """Send today's reminder to one candidate unless nothing is due or it was already claimed."""
    zone = profile.zone
    day = scheduling.local_day(now, zone)
    end_of_day = scheduling.start_of_day(day + timedelta(days=1), zone)
    due_count = Practice.objects.filter(user=profile.user).due_by(end_of_day - timedelta(microseconds=1)).count()
    address = EmailAddress.objects.filter(user=profile.user, primary=True, verified=True).first()
    if due_count == 0 or address is None:
        return False
    try:
        with transaction.atomic():
            claim = ReminderSent.objects.create(user=profile.user, day=day, due_count=due_count, sent_at=now)
    except IntegrityError:
        return False  # claimed by an earlier run (or another machine right now)
    unsubscribe = unsubscribe_url(profile.user)
    subject = f"You have {due_count} question{'s' if due_count != 1 else ''} to review today"
    body = render_to_string(
        "accounts/email/review_reminder.txt",
        {
            "subject": subject,
            "review_url": settings.SITE_URL + reverse("accounts:review"),
            "profile_url": settings.SITE_URL + reverse("accounts:profile"),
            "unsubscribe_url": unsubscribe,
        },
    )
    message = EmailMessage(
        subject,
        body,
        to=[address.email],
        headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    try:
        message.send(fail_silently=False)
    except Exception:
        claim.delete()  # not sent: the next run may try again
        raise
    return True


@dataclass
class ReminderRun:
    sent: int = 0
    failed: list[int] = field(default_factory=list)  # user ids: addresses stay out of logs


def reminders_send(*, now: datetime | None = None) -> ReminderRun:
    """One hourly run: every opted-in candidate whose chosen hour it is, each on their own."""
    now = now or timezone.now()
    run = ReminderRun()
    profiles = Profile.objects.filter(reminders_enabled=True, user__is_active=True).select_related("user")
    for profile in profiles.order_by("pk").iterator():
        if not is_reminder_hour(profile, now):
            continue
        try:
            run.sent += reminder_send(profile=profile, now=now)
        except Exception:  # noqa: BLE001 - one bad address must not stop the others
            logger.exception("Review reminder to user %s failed", profile.user_id)
            run.failed.append(profile.user_id)
    return run
