"""Builders for candidates: verified users and signed-in clients."""

import itertools

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

PASSWORD = "correct horse battery staple"
_numbers = itertools.count(1)


def make_user(email: str | None = None, password: str = PASSWORD):
    """A user who signed up and confirmed their address, as allauth would leave them."""
    email = email or f"candidate{next(_numbers)}@example.com"
    user = get_user_model().objects.create_user(username=email.split("@")[0], email=email, password=password)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def client_for(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def client_signed_in_with_password(user, password: str = PASSWORD, **kwargs) -> Client:
    """A client that signed in through the login form, as a person does.

    Unlike ``client_for`` (a forced login), this sign-in counts as a recent
    authentication, so pages that ask for one (export, adding an address) open.
    """
    client = Client(**kwargs)
    response = client.post(reverse("account_login"), {"login": user.email, "password": password})
    assert response.status_code == 302, "sign-in with the password failed"
    return client
