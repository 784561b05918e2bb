"""Sign-up with verification, the profile, the account page: export, reset and deletion."""

import json
import re
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.models import Practice, Profile, ReviewLog
from accounts.tests.factories import PASSWORD, client_for, client_signed_in_with_password, make_user
from questions.models import Company, InterviewExperience
from questions.tests.factories import make_question, make_role

pytestmark = pytest.mark.django_db
User = get_user_model()


def sign_up(client: Client, email: str):
    return client.post(reverse("account_signup"), {"email": email, "password1": PASSWORD, "password2": PASSWORD})


def test_sign_up_needs_the_emailed_link_then_asks_for_the_profile(mailoutbox):
    client = Client()
    response = sign_up(client, "new@example.com")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert client.get(reverse("accounts:dashboard")).status_code == 302  # not signed in before confirming
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[0].body).group(0)
    path = link.split("testserver", 1)[1]
    assert client.get(path).status_code == 200  # a page with a button: GET alone confirms nothing
    confirmed = client.post(path)
    assert confirmed["Location"] == reverse("accounts:profile") + "?welcome=1"
    assert "Welcome!" in client.get(confirmed["Location"]).content.decode()


def test_sign_up_with_a_taken_email_looks_the_same_as_a_new_one(mailoutbox):
    make_user("taken@example.com")
    taken = sign_up(Client(), "taken@example.com")
    fresh = sign_up(Client(), "fresh@example.com")
    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"]
    assert User.objects.filter(email="taken@example.com").count() == 1


def test_password_reset_does_not_reveal_whether_an_address_is_registered(mailoutbox):
    make_user("known@example.com")
    known = Client().post(reverse("account_reset_password"), {"email": "known@example.com"})
    unknown = Client().post(reverse("account_reset_password"), {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_failed_logins_are_rate_limited_even_for_the_right_password_afterwards(db):
    make_user("target@example.com")
    client = Client()
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "target@example.com", "password": "wrong"})
    response = client.post(reverse("account_login"), {"login": "target@example.com", "password": PASSWORD})
    assert response.status_code == 200  # the form again, not a redirect into the site
    assert "Too many failed login attempts" in response.content.decode()
    assert client.get(reverse("accounts:dashboard")).status_code == 302


def test_admin_login_goes_through_allauth(db):
    response = Client().get("/admin/")
    assert response.status_code == 302
    login = Client().get(response["Location"], follow=True)
    assert login.redirect_chain[-1][0].startswith(reverse("account_login"))


def test_admin_refuses_a_signed_in_non_staff_user(alice):
    assert client_for(alice).get("/admin/login/").status_code == 403


def test_profile_saves_and_is_editable(alice):
    role = make_role(title="Backend Developer")
    client = client_for(alice)
    response = client.post(
        reverse("accounts:profile"),
        {
            "target_role": role.pk,
            "interview_date": "2026-12-01",
            "experience_level": "mid",
            "time_zone": "Europe/Paris",
        },
    )
    assert response["Location"] == reverse("accounts:dashboard")
    profile = Profile.objects.get(user=alice)
    assert (profile.target_role, profile.interview_date, profile.time_zone) == (role, date(2026, 12, 1), "Europe/Paris")
    page = client.get(reverse("accounts:profile")).content.decode()
    assert 'value="Europe/Paris" selected' in page


def test_profile_levels_are_the_salary_levels(alice):
    """A candidate's level is one the salary tables know, under the same name."""
    from compensation.models import SalaryBand

    level = Profile._meta.get_field("experience_level")
    assert level.choices == SalaryBand._meta.get_field("level").choices
    page = client_for(alice).get(reverse("accounts:profile")).content.decode()
    assert '<option value="staff">Staff/Principal</option>' in page


@pytest.mark.parametrize(
    ("field", "value"),
    [("time_zone", "Mars/Olympus"), ("interview_date", "next tuesday"), ("experience_level", "wizard")],
)
def test_bad_profile_input_is_a_form_error(alice, field, value):
    data = {"interview_date": "", "experience_level": "", "time_zone": "UTC", field: value}
    response = client_for(alice).post(reverse("accounts:profile"), data)
    assert response.status_code == 422
    assert 'class="field-errors"' in response.content.decode()
    assert not Profile.objects.filter(user=alice).exists()


def test_export_is_one_json_file_with_everything_the_user_owns(alice):
    question = make_question()
    services.profile_update(user=alice, target_role=None, interview_date=None, experience_level="", time_zone="UTC")
    services.practice_text_save(user=alice, question=question, field="notes_md", text="my note")
    services.practice_text_save(user=alice, question=question, field="draft_md", text="my draft")
    services.practice_record(user=alice, question=question, rating="hard", seconds_spent=12)
    response = client_signed_in_with_password(alice).get(reverse("accounts:export"))
    assert response["Content-Disposition"] == 'attachment; filename="prepsite-my-data.json"'
    data = json.loads(response.content)
    assert data["account"]["email_addresses"] == [{"email": "alice@example.com", "verified": True, "primary": True}]
    assert data["profile"]["time_zone"] == "UTC"
    [practice] = data["practice"]
    assert (practice["question"], practice["notes_md"], practice["draft_md"]) == (question.slug, "my note", "my draft")
    assert practice["schedule"]["state"] == "Learning" and practice["schedule"]["due"]
    assert data["profile"]["desired_retention"] == 0.9
    assert data["review_reminders_sent"] == []
    assert [(review["rating"], review["seconds_spent"]) for review in data["reviews"]] == [("hard", 12)]
    assert data["interview_experiences"] == []


def test_export_includes_the_users_submitted_interview_experiences(alice, bob):
    company = Company.objects.create(slug="acme", name="Acme")
    role = make_role()
    for author, summary in ((alice, "Alice's loop"), (bob, "Bob's loop")):
        InterviewExperience.objects.create(
            company=company, role=role, summary_md=summary, outcome="offer", submitted_by=author
        )
    data = json.loads(client_signed_in_with_password(alice).get(reverse("accounts:export")).content)
    assert [(item["company"], item["summary_md"]) for item in data["interview_experiences"]] == [
        ("Acme", "Alice's loop")
    ]


def test_reset_needs_the_confirmation_box(alice):
    question = make_question()
    services.practice_record(user=alice, question=question, rating="good", seconds_spent=1)
    client = client_for(alice)
    refused = client.post(reverse("accounts:reset"), {"keep_notes": "on"})
    assert refused.status_code == 422
    assert ReviewLog.objects.filter(user=alice).count() == 1
    done = client.post(reverse("accounts:reset"), {"confirm": "on"})
    assert done.status_code == 302
    assert not ReviewLog.objects.filter(user=alice).exists()
    assert not Practice.objects.filter(user=alice).exists()


def test_delete_with_a_wrong_password_deletes_nothing(alice):
    response = client_for(alice).post(reverse("accounts:delete"), {"password": "not it"})
    assert response.status_code == 422
    assert "That is not your password" in response.content.decode()
    assert "Your account was not deleted" in response.content.decode()  # said at the top as well
    assert User.objects.filter(pk=alice.pk).exists()


def test_delete_removes_the_user_their_data_and_every_session(alice):
    question = make_question()
    services.practice_record(user=alice, question=question, rating="good", seconds_spent=1)
    here, elsewhere = client_for(alice), client_for(alice)
    response = here.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response["Location"] == reverse("questions:home")
    assert not User.objects.filter(pk=alice.pk).exists()
    assert not ReviewLog.objects.filter(user_id=alice.pk).exists()
    for client in (here, elsewhere):
        assert client.get(reverse("accounts:dashboard")).status_code == 302
