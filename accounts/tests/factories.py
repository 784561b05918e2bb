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


def story_fields(**overrides) -> dict:
    """What a candidate types into the story form, as a service takes it."""
    from django.utils import timezone

    fields = {
        "title": "The migration that slipped",
        "situation_md": "Our billing migration was a week late.",
        "task_md": "I owned the cut-over plan.",
        "action_md": "I split it into **three** reversible steps.",
        "result_md": "We shipped two days later with no lost invoices.",
        "happened_month": 3,
        "happened_year": timezone.localdate().year - 1,
    }
    return fields | overrides


def make_story(user, *, skills=(), link_to=None, **overrides):
    """A story written through the real service, linked to ``link_to`` if given."""
    from accounts.stories.services import story_create

    return story_create(user=user, skills=skills, link_to=link_to, **story_fields(**overrides))
