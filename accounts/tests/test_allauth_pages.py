"""allauth's pages render inside the site's layout (our layouts/ and elements/ overrides)."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name", ["account_login", "account_signup", "account_reset_password", "account_email_verification_sent"]
)
def test_entrance_pages_use_the_site_layout(db, name):
    response = Client().get(reverse(name))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="site-header"' in html
    assert "| Prepsite</title>" in html


@pytest.mark.parametrize("name", ["account_email", "account_change_password", "account_logout"])
def test_account_management_pages_use_the_site_layout(alice, name):
    response = client_for(alice).get(reverse(name))
    assert response.status_code == 200
    assert 'class="site-header"' in response.content.decode()


def test_email_page_lists_the_address_with_its_radio_button(alice):
    html = client_for(alice).get(reverse("account_email")).content.decode()
    assert 'type="radio"' in html
    assert "alice@example.com" in html


def test_signup_errors_show_next_to_their_field(db):
    response = Client().post(reverse("account_signup"), {"email": "not-an-email", "password1": "x", "password2": "y"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="field-errors"' in html
    assert "Enter a valid email address." in html


def test_header_offers_sign_in_to_visitors_and_the_dashboard_to_candidates(alice):
    visitor = Client().get(reverse("questions:home")).content.decode()
    assert f'href="{reverse("account_login")}"' in visitor
    assert f'href="{reverse("account_signup")}"' in visitor
    candidate = client_for(alice).get(reverse("questions:home")).content.decode()
    assert f'href="{reverse("accounts:dashboard")}"' in candidate
    assert f'href="{reverse("accounts:account")}"' in candidate
    assert f'action="{reverse("account_logout")}"' in candidate
