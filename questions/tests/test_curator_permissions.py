from io import StringIO
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission, User
from django.core.management import CommandError, call_command
from django.urls import reverse

from questions.admin import pack_import_permissions
from questions.services.curators import curator_models, curators_group
from questions.tests.factories import CURATOR_PASSWORD, make_curator, make_question

pytestmark = pytest.mark.django_db


def test_curators_group_holds_content_permissions_and_nothing_about_accounts():
    codenames = set(Group.objects.get(name="Curators").permissions.values_list("content_type__app_label", "codename"))
    assert ("questions", "change_question") in codenames
    assert ("questions", "delete_questiontip") in codenames
    assert ("questions", "change_interviewexperience") in codenames
    assert ("compensation", "change_salaryband") in codenames
    assert ("compensation", "add_companypay") in codenames
    assert not {label for label, _ in codenames} - {"questions", "compensation"}
    assert not Permission.objects.filter(group__name="Curators", content_type__app_label__in=["auth", "admin"]).exists()


def test_curators_group_holds_exactly_the_curator_models_permissions():
    """The migrations' frozen grant, the live remake and the one list all agree."""
    expected = {
        (model._meta.app_label, f"{action}_{model._meta.model_name}")
        for model in curator_models()
        for action in ("view", "add", "change", "delete")
    }
    assert len(expected) == 4 * 17  # 14 catalogue models, 2 pay models and salary reports
    migrated = Group.objects.get(name="Curators")
    assert set(migrated.permissions.values_list("content_type__app_label", "codename")) == expected
    migrated.permissions.clear()
    assert set(curators_group().permissions.values_list("content_type__app_label", "codename")) == expected


def test_pack_upload_needs_only_what_curators_hold():
    curator = make_curator()
    assert curator.has_perms(pack_import_permissions())


def test_make_curator_creates_staff_user_without_password_and_says_how_to_set_one():
    out = StringIO()
    call_command("make_curator", "New.Curator@Example.com", stdout=out)
    user = User.objects.get(email__iexact="new.curator@example.com")
    assert user.is_staff and not user.is_superuser
    assert not user.has_usable_password()
    assert list(user.groups.values_list("name", flat=True)) == ["Curators"]
    assert f"changepassword {user.username}" in out.getvalue()
    address = EmailAddress.objects.get(user=user)
    assert address.verified and address.primary  # allauth lets them sign in once they set a password


def test_make_curator_promotes_an_existing_user_once():
    existing = User.objects.create_user("sam", email="sam@example.com", password="whatever-secret-99")
    call_command("make_curator", "sam@example.com", stdout=StringIO())
    call_command("make_curator", "SAM@example.com", stdout=StringIO())
    existing.refresh_from_db()
    assert existing.is_staff and not existing.is_superuser
    assert existing.check_password("whatever-secret-99")
    assert User.objects.count() == 1
    assert existing.groups.filter(name="Curators").count() == 1


def test_make_curator_password_is_prompted_and_validated():
    with mock.patch("getpass.getpass", side_effect=["a-long-curator-passphrase"] * 2):
        call_command("make_curator", "pw@example.com", "--password", stdout=StringIO())
    assert User.objects.get(email="pw@example.com").check_password("a-long-curator-passphrase")
    with mock.patch("getpass.getpass", side_effect=["short", "short"]), pytest.raises(CommandError, match="too short"):
        call_command("make_curator", "weak@example.com", "--password", stdout=StringIO())
    assert not User.objects.filter(email="weak@example.com").exists()


def test_make_curator_rejects_an_address_that_is_not_one():
    with pytest.raises(CommandError, match="valid email"):
        call_command("make_curator", "not-an-address", stdout=StringIO())
    assert not User.objects.exists()


def test_curator_can_open_and_edit_questions(curator_client):
    question = make_question()
    assert curator_client.get(reverse("admin:index")).status_code == 200
    assert curator_client.get(reverse("admin:questions_question_change", args=[question.pk])).status_code == 200
    assert curator_client.get(reverse("admin:compensation_salaryband_changelist")).status_code == 200


@pytest.mark.parametrize("name", ["admin:auth_user_changelist", "admin:auth_group_changelist", "admin:auth_user_add"])
def test_curator_cannot_reach_users_or_groups(curator_client, name):
    assert curator_client.get(reverse(name)).status_code == 403


def test_curator_cannot_edit_a_user_or_their_own_account(curator_client, curator):
    response = curator_client.post(reverse("admin:auth_user_change", args=[curator.pk]), {"is_superuser": "on"})
    assert response.status_code == 403
    curator.refresh_from_db()
    assert not curator.is_superuser


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_signed_in_candidate_is_refused_admin(client):
    candidate = User.objects.create_user("cand", email="cand@example.com", password="x-long-enough-1")
    client.force_login(candidate)
    index = client.get(reverse("admin:index"))
    assert index.status_code == 302 and reverse("admin:login") in index["Location"]
    change = client.get(reverse("admin:questions_question_changelist"))
    assert change.status_code == 302 and reverse("admin:login") in change["Location"]


def test_curator_signs_in_to_admin_through_allauth_with_a_code(client):
    from questions.tests.factories import make_curator, totp_code

    curator = make_curator(email="signin@example.com")
    response = client.post(
        reverse("account_login") + "?next=/admin/", {"login": curator.email, "password": CURATOR_PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("admin:index")).status_code == 302  # the password alone opens nothing
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(curator.totp_secret)})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get(reverse("admin:index")).status_code == 200


def test_make_curator_remakes_a_deleted_group_with_the_same_permissions():
    expected = set(Group.objects.get(name="Curators").permissions.values_list("pk", flat=True))
    Group.objects.filter(name="Curators").delete()
    call_command("make_curator", "again@example.com", stdout=StringIO())
    assert set(Group.objects.get(name="Curators").permissions.values_list("pk", flat=True)) == expected
