"""Fixtures for the accounts tests: two verified candidates."""

import pytest

from accounts.tests.factories import make_user


@pytest.fixture
def alice(db):
    return make_user("alice@example.com")


@pytest.fixture
def bob(db):
    return make_user("bob@example.com")
