"""``manage.py profile_pages`` measures every page it names, each answering 200, and leaves nothing behind."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from questions.tests.factories import make_question, make_role

pytestmark = pytest.mark.django_db


def test_profile_pages_prints_a_row_per_page_and_rolls_its_candidate_back(capsys):
    role = make_role()
    for _ in range(3):
        make_question(role=role)
    call_command("profile_pages", requests=2)
    rows = [line.split()[0] for line in capsys.readouterr().out.splitlines()[1:]]
    assert rows == [
        "guide",
        "list",
        "question-visitor",
        "question-signed-in",
        "question-after-change",
        "dashboard",
        "dashboard-after-change",
    ]
    assert not get_user_model().objects.filter(username="profile-pages-scratch").exists()
