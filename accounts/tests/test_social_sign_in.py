"""Sign in with GitHub or Google (allauth.socialaccount), with the providers' answers mocked.

No test calls a provider: the OAuth callback is driven as the provider would (its code
and state), and the provider's token and profile endpoints answer from ``provider_answers``
through a patched ``requests.Session``, the one allauth makes its HTTP calls with.
"""

import json
import os
import re
import subprocess
import sys
import time
from contextlib import contextmanager
from unittest.mock import patch
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import PASSWORD, client_signed_in_with_password
from questions.tests.factories import make_curator

pytestmark = pytest.mark.django_db

PROVIDERS = {
    "github": {"APP": {"client_id": "github-id", "secret": "github-secret"}, "SCOPE": ["user:email"]},
    "google": {"APP": {"client_id": "google-id", "secret": "google-secret"}, "SCOPE": ["openid", "profile", "email"]},
}


@pytest.fixture
def providers(settings):
    settings.SOCIALACCOUNT_PROVIDERS = PROVIDERS


def json_response(body, status: int = 200) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response._content = json.dumps(body).encode()
    response.headers["Content-Type"] = "application/json"
    return response


@contextmanager
def provider_answers(answers: dict[str, object]):
    """Answer allauth's HTTP calls to these URLs (without the query) with these JSON bodies."""
    called = []

    def request(session, method, url, *args, **kwargs):
        called.append(url)
        return json_response(answers[url.split("?")[0]])

    with patch.object(requests.Session, "request", request):
        yield called


def github_answers(*, uid: int, email: str, verified: bool = True) -> dict:
    return {
        "https://github.com/login/oauth/access_token": {"access_token": "gho_test", "token_type": "bearer"},
        "https://api.github.com/user": {"id": uid, "login": f"user{uid}", "name": "Octo Cat", "email": email},
        "https://api.github.com/user/emails": [{"email": email, "verified": verified, "primary": True}],
    }


def google_answers(*, sub: str, email: str, verified: bool = True) -> dict:
    now = int(time.time())
    claims = {
        "iss": "https://accounts.google.com", "aud": "google-id", "sub": sub, "email": email,
        "email_verified": verified, "iat": now, "exp": now + 300, "name": "Gee User",
    }  # fmt: skip
    # allauth skips the signature check for a token it fetched from Google itself.
    id_token = jwt.encode(claims, "not-checked-" * 4, algorithm="HS256")
    return {
        "https://oauth2.googleapis.com/token": {
            "access_token": "ya29.test", "token_type": "Bearer", "expires_in": 3600, "id_token": id_token,
        },
    }  # fmt: skip


def sign_in_with(client: Client, provider: str, answers: dict, *, process: str = "login"):
    """Press the provider's button, come back from the provider with a code; the callback's response."""
    start = client.post(reverse(f"{provider}_login"), {"process": process})
    assert start.status_code == 302, start
    authorize = urlsplit(start["Location"])
    assert authorize.netloc in {"github.com", "accounts.google.com"}
    state = parse_qs(authorize.query)["state"][0]
    with provider_answers(answers):
        return client.get(reverse(f"{provider}_callback"), {"code": "the-code", "state": state})


def signed_in_user(client: Client):
    user_id = client.session.get("_auth_user_id")
    return get_user_model().objects.get(pk=user_id) if user_id else None


# --- Switched on per provider ----------------------------------------------------------


def test_without_configuration_no_button_shows_and_the_login_url_is_404(client):
    for name in ("account_login", "account_signup"):
        html = client.get(reverse(name)).content.decode()
        assert "/accounts/github/login/" not in html and "/accounts/google/login/" not in html
    assert client.get(reverse("github_login")).status_code == 404
    assert client.post(reverse("google_login")).status_code == 404


def test_configured_providers_show_their_buttons(client, providers):
    for name in ("account_login", "account_signup"):
        html = client.get(reverse(name)).content.decode()
        assert 'href="/accounts/github/login/' in html and 'href="/accounts/google/login/' in html
    # The button leads to a page whose form posts; a bare GET never leaves for the provider.
    page = client.get(reverse("github_login"))
    assert page.status_code == 200 and 'method="post"' in page.content.decode()


def settings_in_a_fresh_process(**environment) -> dict:
    code = "import json; from django.conf import settings; print(json.dumps(settings.SOCIALACCOUNT_PROVIDERS))"
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("GITHUB_", "GOOGLE_", "DATABASE"))
    } | {"DJANGO_SETTINGS_MODULE": "prepsite.settings"} | environment  # fmt: skip
    run = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        env=env, cwd=django_settings.BASE_DIR, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(run.stdout)


def test_each_provider_needs_both_its_id_and_its_secret_in_the_environment():
    assert settings_in_a_fresh_process() == {}
    only_github = settings_in_a_fresh_process(GITHUB_CLIENT_ID="a", GITHUB_CLIENT_SECRET="b", GOOGLE_CLIENT_ID="c")
    assert list(only_github) == ["github"]
    assert only_github["github"]["APP"] == {"client_id": "a", "secret": "b"}
    both = settings_in_a_fresh_process(
        GITHUB_CLIENT_ID="a", GITHUB_CLIENT_SECRET="b", GOOGLE_CLIENT_ID="c", GOOGLE_CLIENT_SECRET="d"
    )
    assert sorted(both) == ["github", "google"]


# --- New candidates ------------------------------------------------------------------------


def test_a_new_candidate_signs_up_with_github_and_answers_the_profile_questions(client, providers):
    response = sign_in_with(client, "github", github_answers(uid=101, email="octo@example.com"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile") + "?welcome=1"
    user = signed_in_user(client)
    assert user.email == "octo@example.com"
    assert not user.has_usable_password()
    assert EmailAddress.objects.get(user=user).verified
    assert SocialAccount.objects.get(user=user).uid == "101"


def test_a_new_candidate_signs_up_with_google(client, providers):
    response = sign_in_with(client, "google", google_answers(sub="g-7", email="gee@example.com"))
    assert response.status_code == 302
    user = signed_in_user(client)
    assert user.email == "gee@example.com"
    assert SocialAccount.objects.get(user=user, provider="google").uid == "g-7"


def test_an_address_the_provider_has_not_verified_must_be_confirmed_first(client, providers, mailoutbox):
    response = sign_in_with(client, "github", github_answers(uid=102, email="new@example.com", verified=False))
    assert response["Location"] == reverse("account_email_verification_sent")
    assert signed_in_user(client) is None
    assert mailoutbox[-1].to == ["new@example.com"]


# --- No account takeover -------------------------------------------------------------------


def test_a_provider_claiming_an_existing_address_does_not_sign_in_to_that_account(client, providers, alice, mailoutbox):
    response = sign_in_with(client, "github", github_answers(uid=666, email=alice.email))
    assert signed_in_user(client) is None
    assert response["Location"] == reverse("account_email_verification_sent")  # the same answer as for anyone
    assert not SocialAccount.objects.exists()
    assert get_user_model().objects.filter(email__iexact=alice.email).count() == 1
    assert mailoutbox[-1].to == [alice.email]  # the owner hears of it, by mail


def test_the_owner_connects_the_provider_after_signing_in_with_the_password(providers, alice):
    client = client_signed_in_with_password(alice)
    response = sign_in_with(client, "github", github_answers(uid=777, email=alice.email), process="connect")
    assert response["Location"] == reverse("socialaccount_connections")
    assert SocialAccount.objects.get(uid="777").user == alice

    later = Client()
    sign_in_with(later, "github", github_answers(uid=777, email=alice.email))
    assert signed_in_user(later) == alice
    export = json.loads(client_signed_in_with_password(alice).get(reverse("accounts:export")).content)
    [connected] = export["account"]["connected_accounts"]
    assert (connected["provider"], connected["uid"]) == ("github", "777")


# --- Connect and disconnect from the account page ---------------------------------------------


def test_the_account_page_links_the_connections_only_when_a_provider_is_on(alice, settings):
    client = client_signed_in_with_password(alice)
    assert reverse("socialaccount_connections") not in client.get(reverse("accounts:account")).content.decode()
    settings.SOCIALACCOUNT_PROVIDERS = PROVIDERS
    assert reverse("socialaccount_connections") in client.get(reverse("accounts:account")).content.decode()
    page = client.get(reverse("socialaccount_connections"))
    assert page.status_code == 200 and 'class="site-header"' in page.content.decode()


def test_a_candidate_with_a_password_can_disconnect_their_provider(providers, alice):
    client = client_signed_in_with_password(alice)
    sign_in_with(client, "github", github_answers(uid=778, email=alice.email), process="connect")
    account = SocialAccount.objects.get(user=alice)
    response = client.post(reverse("socialaccount_connections"), {"account": account.pk})
    assert response.status_code == 302
    assert not SocialAccount.objects.filter(user=alice).exists()


def test_the_last_way_to_sign_in_cannot_be_removed(client, providers):
    sign_in_with(client, "github", github_answers(uid=103, email="only-github@example.com"))
    user = signed_in_user(client)
    account = SocialAccount.objects.get(user=user)
    response = client.post(reverse("socialaccount_connections"), {"account": account.pk})
    assert response.status_code == 200
    assert "Your account has no password set up." in response.content.decode()
    assert SocialAccount.objects.filter(pk=account.pk).exists()


def test_with_two_providers_one_can_go_even_without_a_password(client, providers, mailoutbox):
    sign_in_with(client, "github", github_answers(uid=104, email="two@example.com"))
    user = signed_in_user(client)
    # Connecting asks who it is first; without a password, by a code sent to the address.
    response = sign_in_with(client, "google", google_answers(sub="g-104", email="two@example.com"), process="connect")
    assert response["Location"] == reverse("account_request_reauthentication_code")
    client.post(reverse("account_request_reauthentication_code"), {"recipient": "two@example.com"})
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mailoutbox[-1].body, re.M).group(1)
    client.post(reverse("account_confirm_reauthentication_code"), {"code": code})
    sign_in_with(client, "google", google_answers(sub="g-104", email="two@example.com"), process="connect")
    assert SocialAccount.objects.filter(user=user).count() == 2
    github = SocialAccount.objects.get(user=user, provider="github")
    response = client.post(reverse("socialaccount_connections"), {"account": github.pk})
    assert response.status_code == 302
    assert list(SocialAccount.objects.filter(user=user).values_list("provider", flat=True)) == ["google"]


# --- Curators still need their second factor ----------------------------------------------------


def test_a_curator_signing_in_with_github_is_still_asked_for_the_authenticator_code(providers):
    curator = make_curator()
    SocialAccount.objects.create(user=curator, provider="github", uid="900")
    client = Client()
    response = sign_in_with(client, "github", github_answers(uid=900, email=curator.email))
    assert response["Location"] == reverse("mfa_authenticate")
    assert signed_in_user(client) is None
    assert client.get("/admin/").status_code == 302


def test_a_curator_without_an_authenticator_gets_no_admin_through_github(providers):
    curator = make_curator("fresh@example.com", two_factor=False)
    SocialAccount.objects.create(user=curator, provider="github", uid="901")
    client = Client()
    sign_in_with(client, "github", github_answers(uid=901, email=curator.email))
    assert signed_in_user(client) == curator
    assert client.get("/admin/")["Location"] == reverse("mfa_activate_totp")


def test_password_sign_in_still_works_for_a_candidate_with_a_connected_provider(providers, alice):
    SocialAccount.objects.create(user=alice, provider="github", uid="905")
    response = Client().post(reverse("account_login"), {"login": alice.email, "password": PASSWORD})
    assert response.status_code == 302


def test_a_candidate_without_a_password_is_sent_to_set_one_before_deleting(client, providers):
    sign_in_with(client, "github", github_answers(uid=106, email="nopass@example.com"))
    user = signed_in_user(client)
    page = client.get(reverse("accounts:account")).content.decode()
    assert reverse("account_set_password") in page and reverse("accounts:delete") not in page
    response = client.post(reverse("accounts:delete"), {"password": "any guess at all"})
    assert response.status_code == 422
    assert "Set a password first" in response.content.decode()
    assert get_user_model().objects.filter(pk=user.pk).exists()


def test_deleting_the_account_removes_its_connected_providers(providers, alice):
    SocialAccount.objects.create(user=alice, provider="github", uid="907")
    client = client_signed_in_with_password(alice)
    assert client.post(reverse("accounts:delete"), {"password": PASSWORD}).status_code == 302
    assert not SocialAccount.objects.exists()
