"""Sign-in hardening: login limits behind a proxy, reauthentication, passwords, other sessions."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.urls import reverse

from accounts.tests.factories import PASSWORD, client_for, client_signed_in_with_password, make_user

pytestmark = pytest.mark.django_db
User = get_user_model()
REFUSED = "Too many failed login attempts"
AUTHENTICATION_RECORDS = "account_authentication_methods"  # where allauth notes each sign-in in the session


def log_in(client: Client, email: str, password: str, *, forwarded_for: str = ""):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return client.post(reverse("account_login"), {"login": email, "password": password}, headers=headers)


# --- Login limits behind a load balancer -------------------------------------------------


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_one_clients_failures_do_not_lock_out_another_user():
    make_user("victim@example.com")
    attacker = Client()
    for number in range(12):  # past the 10 failures a minute allowed per address
        log_in(attacker, f"guess{number}@example.com", "wrong", forwarded_for="203.0.113.7")
    assert REFUSED in log_in(attacker, "guess99@example.com", "wrong", forwarded_for="203.0.113.7").content.decode()
    response = log_in(Client(), "victim@example.com", PASSWORD, forwarded_for="198.51.100.20")
    assert response.status_code == 302


def test_without_a_declared_proxy_x_forwarded_for_is_ignored():
    """The same clients reaching gunicorn directly share one address; a header cannot split them."""
    make_user("victim@example.com")
    attacker = Client()
    for number in range(12):
        log_in(attacker, f"guess{number}@example.com", "wrong", forwarded_for="203.0.113.7")
    response = log_in(Client(), "victim@example.com", PASSWORD, forwarded_for="198.51.100.20")
    assert response.status_code == 200
    assert REFUSED in response.content.decode()


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_a_spoofed_x_forwarded_for_cannot_reset_the_login_limit():
    """The proxy appends the real address; whatever the client wrote in front is not believed."""
    make_user("target@example.com")
    attacker = Client()
    for number in range(12):
        spoofed = f"10.0.{number}.1, 192.0.2.{number}, 203.0.113.7"  # fake hops, then what the proxy saw
        log_in(attacker, f"guess{number}@example.com", "wrong", forwarded_for=spoofed)
    response = log_in(attacker, "target@example.com", PASSWORD, forwarded_for="10.9.9.9, 203.0.113.7")
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert Client().get(reverse("accounts:dashboard")).status_code == 302


# --- Reauthentication --------------------------------------------------------------------


def five_minutes_later(client: Client) -> None:
    """Move every sign-in this session remembers 301 seconds into the past."""
    session = client.session
    session[AUTHENTICATION_RECORDS] = [
        {**record, "at": record["at"] - 301} for record in session[AUTHENTICATION_RECORDS]
    ]
    session.save()


def add_address(client: Client, email: str):
    return client.post(reverse("account_email"), {"action_add": "", "email": email})


def test_right_after_signing_in_export_and_adding_an_address_work(alice, mailoutbox):
    client = client_signed_in_with_password(alice)
    assert client.get(reverse("accounts:export")).status_code == 200
    assert add_address(client, "alice.new@example.com")["Location"] == reverse("account_email")
    assert EmailAddress.objects.filter(user=alice, email="alice.new@example.com", verified=False).exists()


def test_five_minutes_after_signing_in_export_asks_for_the_password_again(alice):
    client = client_signed_in_with_password(alice)
    five_minutes_later(client)
    response = client.get(reverse("accounts:export"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert client.get(response["Location"]).status_code == 200  # the password page renders
    again = client.post(response["Location"], {"password": PASSWORD})
    assert again["Location"] == reverse("accounts:export")
    assert client.get(reverse("accounts:export")).status_code == 200


def test_five_minutes_after_signing_in_adding_an_address_asks_for_the_password_again(alice, mailoutbox):
    client = client_signed_in_with_password(alice)
    five_minutes_later(client)
    response = add_address(client, "attacker@example.com")
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not EmailAddress.objects.filter(email="attacker@example.com").exists()
    assert mailoutbox == []


def test_a_session_that_never_typed_the_password_cannot_export(alice):
    """A session signed in some other way (here a forced login) has no recent password."""
    response = client_for(alice).get(reverse("accounts:export"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_deletion_long_after_signing_in_works_with_the_password_on_its_form(alice):
    client = client_signed_in_with_password(alice)
    five_minutes_later(client)
    response = client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response["Location"] == reverse("questions:home")
    assert not User.objects.filter(pk=alice.pk).exists()


# --- Passwords ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "accepted"),
    [("plum-kettle", False), ("plum-kettle9", True), ("a" * 11 + "-" + "b" * 70, True)],
    ids=["11 characters", "12 characters", "82 characters"],
)
def test_passwords_need_twelve_characters_and_may_be_long(password, accepted):
    response = Client().post(
        reverse("account_signup"), {"email": "new@example.com", "password1": password, "password2": password}
    )
    assert User.objects.filter(email="new@example.com").exists() is accepted
    if not accepted:
        assert "at least 12 characters" in response.content.decode()


# --- Other sessions on deletion ----------------------------------------------------------


def sessions_of(user) -> list[Session]:
    return [session for session in Session.objects.all() if session.get_decoded().get("_auth_user_id") == str(user.pk)]


def test_deleting_the_account_deletes_its_sessions_on_other_devices(alice, bob):
    phone, laptop, bobs = client_for(alice), client_for(alice), client_for(bob)
    assert len(sessions_of(alice)) == 2
    laptop.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert sessions_of(alice) == []
    assert phone.get(reverse("accounts:dashboard")).status_code == 302
    assert len(sessions_of(bob)) == 1  # nobody else is signed out
    assert bobs.get(reverse("accounts:dashboard")).status_code == 200
