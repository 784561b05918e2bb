"""Daily review reminders: the hour in the candidate's zone, once a day, unsubscribe without sign-in."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core import mail, signing
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.urls import reverse

from accounts import reminders, services
from accounts.models import Profile, ReminderSent
from accounts.tests.factories import make_user
from questions.tests.factories import make_question, make_role

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 25, 7, 5, tzinfo=UTC)  # 08:05 in Paris, 16:05 in Tokyo


def candidate(email: str, *, time_zone="Europe/Paris", hour=8, due=2, enabled=True):
    user = make_user(email)
    services.profile_update(
        user=user,
        target_role=None,
        interview_date=None,
        experience_level="",
        time_zone=time_zone,
        reminders_enabled=enabled,
        reminder_hour=hour,
    )
    role = make_role()
    for _ in range(due):
        services.practice_record(
            user=user,
            question=make_question(role=role),
            rating="again",
            seconds_spent=1,
            reviewed_at=NOW - timedelta(days=3),
        )
    return user


def test_a_reminder_goes_out_in_the_chosen_hour_of_the_candidates_zone():
    candidate("paris@example.com", time_zone="Europe/Paris", hour=8, due=7)
    candidate("tokyo@example.com", time_zone="Asia/Tokyo", hour=8)
    candidate("off@example.com", enabled=False)
    run = reminders.reminders_send(now=NOW)
    assert run.sent == 1
    [message] = mail.outbox
    assert message.to == ["paris@example.com"]
    assert message.subject == "You have 7 questions to review today"
    assert reminders.reminders_send(now=NOW - timedelta(hours=1)).sent == 0  # 07:05 in Paris: not yet


def test_running_twice_in_the_hour_sends_nothing_twice(monkeypatch):
    candidate("paris@example.com")
    monkeypatch.setattr(reminders.timezone, "now", lambda: NOW)
    out = StringIO()
    call_command("send_review_reminders", stdout=out)
    call_command("send_review_reminders", stdout=out)
    assert out.getvalue() == "Sent 1 review reminder.\nSent 0 review reminders.\n"
    assert reminders.reminders_send(now=NOW + timedelta(minutes=50)).sent == 0
    assert len(mail.outbox) == 1
    assert ReminderSent.objects.get().day.isoformat() == "2026-11-25"


def test_nothing_due_means_no_mail():
    candidate("idle@example.com", due=0)
    assert reminders.reminders_send(now=NOW).sent == 0
    assert mail.outbox == [] and not ReminderSent.objects.exists()


class FlakyBackend(EmailBackend):
    """Refuses one address, as an SMTP server rejecting a recipient would."""

    def send_messages(self, messages):
        if any("broken@example.com" in message.to for message in messages):
            raise OSError("550 mailbox unavailable")
        return super().send_messages(messages)


def test_one_failing_address_does_not_stop_the_rest_and_can_be_retried(settings):
    settings.EMAIL_BACKEND = "accounts.tests.test_reminders.FlakyBackend"
    broken = candidate("broken@example.com")
    candidate("fine@example.com")
    run = reminders.reminders_send(now=NOW)
    assert (run.sent, run.failed) == (1, [broken.pk])  # ids, so no address reaches the logs
    assert [message.to for message in mail.outbox] == [["fine@example.com"]]
    assert list(ReminderSent.objects.values_list("user__email", flat=True)) == ["fine@example.com"]  # rolled back


class WatchingBackend(EmailBackend):
    """Notes, as each mail goes out, whether a transaction is open and the claim is committed."""

    seen: list[tuple[bool, bool]] = []

    def send_messages(self, messages):
        from django.db import connection

        committed = ReminderSent.objects.filter(user__email__in=messages[0].to).exists()
        WatchingBackend.seen.append((connection.in_atomic_block, committed))
        return super().send_messages(messages)


@pytest.mark.django_db(transaction=True)
def test_the_mail_goes_out_after_the_claim_is_committed_and_outside_any_transaction(settings):
    # A transaction held open during a slow SMTP exchange would hold SQLite's write lock.
    settings.EMAIL_BACKEND = "accounts.tests.test_reminders.WatchingBackend"
    WatchingBackend.seen = []
    candidate("watched@example.com")
    assert reminders.reminders_send(now=NOW).sent == 1
    assert WatchingBackend.seen == [(False, True)]


def test_the_mail_carries_one_click_unsubscribe_headers_and_link():
    user = candidate("paris@example.com")
    reminders.reminders_send(now=NOW)
    [message] = mail.outbox
    url = reminders.unsubscribe_url(user)
    assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in message.body


def test_following_the_link_asks_first_and_a_post_unsubscribes_without_sign_in(client):
    user = candidate("paris@example.com")
    path = reverse("accounts:unsubscribe", args=[reminders.unsubscribe_token(user)])
    response = client.get(path)
    assert response.status_code == 200 and "Stop the daily review reminders" in response.content.decode()
    assert Profile.objects.get(user=user).reminders_enabled is True  # a GET (a mail scanner) changes nothing
    response = client.post(path)
    assert "gets no more review reminders" in response.content.decode()
    assert Profile.objects.get(user=user).reminders_enabled is False


def test_one_click_post_from_a_mail_client_needs_no_csrf_token():
    from django.test import Client

    user = candidate("paris@example.com")
    path = reverse("accounts:unsubscribe", args=[reminders.unsubscribe_token(user)])
    response = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    assert Profile.objects.get(user=user).reminders_enabled is False


def test_an_altered_token_unsubscribes_nobody(client):
    user = candidate("paris@example.com")
    token = reminders.unsubscribe_token(user)
    response = client.post(reverse("accounts:unsubscribe", args=[token[:-2] + "xx"]))
    assert response.status_code == 404
    assert Profile.objects.get(user=user).reminders_enabled is True
    assert reminders.user_from_token(signing.dumps(user.pk, salt="some other purpose")) is None


def test_the_profile_form_saves_reminder_and_schedule_settings(client):
    from accounts.tests.factories import client_for

    user = make_user()
    data = {"time_zone": "Europe/Paris", "desired_retention": "0.85", "new_per_day": "3", "reminders_enabled": "on"}
    response = client_for(user).post(reverse("accounts:profile"), {**data, "reminder_hour": "19"})
    assert response.status_code == 302
    profile = Profile.objects.get(user=user)
    assert (profile.desired_retention, profile.new_per_day, profile.reminders_enabled, profile.reminder_hour) == (
        0.85,
        3,
        True,
        19,
    )
    response = client_for(user).post(reverse("accounts:profile"), {**data, "desired_retention": "0.99"})
    assert response.status_code == 422
    assert "less than or equal to 0.97" in response.content.decode()
