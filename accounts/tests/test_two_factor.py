"""Two-factor sign-in (allauth.mfa): candidates may turn it on, curators must before the admin opens."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import PASSWORD, client_for
from prepsite.two_factor import SET_UP_MESSAGE
from questions.tests.factories import CURATOR_PASSWORD, make_curator, make_question, totp_activate, totp_code

pytestmark = pytest.mark.django_db


def sign_in(client: Client, email: str, password: str, next_url: str = "") -> str:
    """Post the sign-in form; return where it sends the browser."""
    url = reverse("account_login") + (f"?next={next_url}" if next_url else "")
    response = client.post(url, {"login": email, "password": password})
    assert response.status_code == 302
    return response["Location"]


def activate_through_the_page(client: Client, password: str) -> str:
    """Set up an authenticator app the way a person does: confirm the password, scan, type the code."""
    client.post(reverse("account_reauthenticate"), {"password": password})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200 and 'class="qr-code"' in page.content.decode()
    secret = client.session[SECRET_SESSION_KEY]  # what the QR code holds
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302 and response["Location"] == reverse("mfa_view_recovery_codes")
    return secret


def unused_recovery_codes(user) -> list[str]:
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    return RecoveryCodes(authenticator).get_unused_codes()


# --- Curators ------------------------------------------------------------------------------


@pytest.mark.parametrize("admin_page", ["index", "change"])
def test_staff_without_two_factor_are_sent_to_set_it_up(admin_page):
    curator = make_curator(two_factor=False)
    question = make_question()
    url = (
        reverse("admin:index")
        if admin_page == "index"
        else reverse("admin:questions_question_change", args=[question.pk])
    )
    client = client_for(curator)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    assert [str(message) for message in get_messages(response.wsgi_request)] == [SET_UP_MESSAGE]
    assert client.post(reverse("markdown_preview"), {"text": "x"}).status_code == 302  # admin-only endpoints too


def test_staff_without_two_factor_can_still_sign_out_of_the_admin():
    client = client_for(make_curator(two_factor=False))
    assert client.post(reverse("admin:logout")).status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_new_curator_sets_up_two_factor_then_the_admin_opens_and_asks_for_the_code_next_time(client):
    curator = make_curator(two_factor=False)
    assert sign_in(client, curator.email, CURATOR_PASSWORD, "/admin/") == "/admin/"
    assert client.get("/admin/")["Location"] == reverse("mfa_activate_totp")

    secret = activate_through_the_page(client, CURATOR_PASSWORD)
    assert client.get("/admin/").status_code == 200

    client.post(reverse("account_logout"))
    assert sign_in(client, curator.email, CURATOR_PASSWORD, "/admin/") == reverse("mfa_authenticate")
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000" if totp_code(secret) != "000000" else "111111"})
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_candidates_are_not_asked_to_set_up_two_factor(client, alice):
    assert not sign_in(client, alice.email, PASSWORD).startswith("/accounts/2fa/")
    assert client.get(reverse("accounts:dashboard")).status_code == 200


# --- Candidates ----------------------------------------------------------------------------


def test_the_account_page_links_to_two_factor_settings(alice):
    html = client_for(alice).get(reverse("accounts:account")).content.decode()
    assert f'href="{reverse("mfa_index")}"' in html


@pytest.mark.parametrize("name", ["mfa_index", "mfa_activate_totp", "mfa_view_recovery_codes"])
def test_two_factor_pages_use_the_site_layout(alice, name):
    client = client_for(alice)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    if name == "mfa_view_recovery_codes":
        totp_activate(alice)
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="site-header"' in html and "| Prepsite</title>" in html


def test_a_candidate_turns_on_two_factor_and_sign_in_then_asks_for_the_code(client, alice):
    client.force_login(alice)
    secret = activate_through_the_page(client, PASSWORD)
    codes = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    assert all(code in codes for code in unused_recovery_codes(alice))

    client.post(reverse("account_logout"))
    assert sign_in(client, alice.email, PASSWORD) == reverse("mfa_authenticate")
    assert client.get(reverse("accounts:dashboard")).status_code == 302  # not signed in yet
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert client.get(reverse("accounts:dashboard")).status_code == 200


def test_a_recovery_code_signs_in_once(client, alice):
    totp_activate(alice)
    code = unused_recovery_codes(alice)[0]

    sign_in(client, alice.email, PASSWORD)
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    assert client.get(reverse("accounts:dashboard")).status_code == 200
    assert code not in unused_recovery_codes(alice)

    client.post(reverse("account_logout"))
    sign_in(client, alice.email, PASSWORD)
    again = client.post(reverse("mfa_authenticate"), {"code": code})
    assert again.status_code == 200 and 'class="field-errors"' in again.content.decode()
    assert client.get(reverse("accounts:dashboard")).status_code == 302
