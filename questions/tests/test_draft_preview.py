import pytest
from django.contrib.auth.models import User

from questions.tests.factories import make_question, make_role

pytestmark = pytest.mark.django_db


def test_draft_question_is_404_to_visitors_and_not_cached(client, curator):
    question = make_question(is_published=False, sample_answer_md="Secret draft answer.")
    assert client.get(question.get_absolute_url()).status_code == 404
    client.force_login(curator)
    assert client.get(question.get_absolute_url()).status_code == 200
    client.logout()
    response = client.get(question.get_absolute_url())
    assert response.status_code == 404
    assert "Secret draft answer" not in response.content.decode()


def test_curator_sees_the_draft_as_it_will_look_marked_draft(client, curator):
    question = make_question(is_published=False, sample_answer_md="A *draft* answer.")
    client.force_login(curator)
    response = client.get(question.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="draft-banner"' in html and "<strong>Draft</strong>" in html
    assert "A <em>draft</em> answer." in html
    assert '<meta name="robots" content="noindex">' in html
    assert response["Cache-Control"] == "private, no-store"  # a signed-in page: never kept by any cache


def test_published_page_has_no_draft_banner_for_curators(client, curator):
    question = make_question()
    client.force_login(curator)
    assert 'class="draft-banner"' not in client.get(question.get_absolute_url()).content.decode()


def test_question_of_a_draft_guide_is_a_draft_too(client, curator):
    question = make_question(role=make_role(is_published=False))
    assert client.get(question.get_absolute_url()).status_code == 404
    client.force_login(curator)
    assert 'class="draft-banner"' in client.get(question.get_absolute_url()).content.decode()


def test_draft_guide_previews_for_curators_only(client, curator):
    role = make_role(is_published=False, lead="A guide still being written.")
    make_question(role=role)
    assert client.get(role.get_absolute_url()).status_code == 404
    client.force_login(curator)
    response = client.get(role.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "A guide still being written." in html and 'class="draft-banner"' in html


def test_signed_in_candidate_gets_404_for_drafts(client):
    question = make_question(is_published=False)
    client.force_login(User.objects.create_user("cand", password="pw-long-enough-1"))
    assert client.get(question.get_absolute_url()).status_code == 404
    assert client.get(make_role(is_published=False).get_absolute_url()).status_code == 404


def test_staff_without_the_view_permission_gets_404(client):
    question = make_question(is_published=False)
    client.force_login(User.objects.create_user("staff", password="pw-long-enough-1", is_staff=True))
    assert client.get(question.get_absolute_url()).status_code == 404
