"""What is cached from a candidate's own data is drawn again whenever that data, the content or the day changes."""

from datetime import date, timedelta

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from accounts import services, state
from accounts.models import Practice
from accounts.stories import services as story_services
from accounts.tests.factories import client_for, make_story, make_user
from questions.models import Question
from questions.public_cache import content_changed
from questions.tests.factories import make_question, make_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidate():
    user = make_user()
    role = make_role(title="Queueing Guide")
    questions = [make_question(role=role, text=f"Question number {n}?") for n in range(3)]
    behavioral = make_question(role=role, category="behavioral", text="Tell me about a hard week?")
    services.practice_record(user=user, question=questions[0], rating="good", seconds_spent=1)
    return user, role, questions, behavioral


def dashboard(client) -> str:
    """The page's main part (the frame around it holds a CSRF token masked afresh each time)."""
    response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def rate(user, role, questions, behavioral):
    services.practice_record(user=user, question=questions[1], rating="good", seconds_spent=1)
    return 'id="figure-practised">2 of 4<'


def bookmark(user, role, questions, behavioral):
    services.bookmark_set(user=user, question=questions[2], bookmarked=True)
    return '?set=bookmarks">Practise</a>'


def set_target_guide(user, role, questions, behavioral):
    services.profile_update(user=user, target_role=role, interview_date=None, experience_level="", time_zone="UTC")
    return "practised in the Queueing Guide guide"


def set_interview_date(user, role, questions, behavioral):
    when = timezone.localdate() + timedelta(days=9)
    services.profile_update(user=user, target_role=None, interview_date=when, experience_level="", time_zone="UTC")
    return "in 9 days"


def clear_one(user, role, questions, behavioral):
    services.practice_clear(practice=Practice.objects.get(user=user, question=questions[0]))
    return 'id="figure-practised">0 of 4<'


def reset_progress(user, role, questions, behavioral):
    services.progress_reset(user=user, keep_notes=True)
    return 'id="figure-practised">0 of 4<'


def link_a_story(user, role, questions, behavioral):
    make_story(user, link_to=behavioral)
    return "has a story linked"


def curator_deletes_the_row(user, role, questions, behavioral):
    row = Practice.objects.get(user=user, question=questions[0])
    admin.site._registry[Practice].delete_model(None, row)
    return 'id="figure-practised">0 of 4<'


def content_changes(user, role, questions, behavioral):
    Question.objects.filter(pk=questions[2].pk).update(is_published=False)
    content_changed()
    return 'id="figure-practised">1 of 3<'


@pytest.mark.parametrize(
    "change",
    [
        rate,
        bookmark,
        set_target_guide,
        set_interview_date,
        clear_one,
        reset_progress,
        link_a_story,
        curator_deletes_the_row,
        content_changes,
    ],
)
def test_the_dashboard_is_drawn_again_after_each_change(candidate, change, django_assert_max_num_queries):
    user, *rest = candidate
    client = client_for(user)
    before = dashboard(client)
    with django_assert_max_num_queries(2):  # kept: the body is not drawn again
        assert dashboard(client) == before
    expected = change(user, *rest)
    assert expected not in before
    assert expected in dashboard(client)


def test_the_dashboard_is_drawn_again_on_a_new_day_in_the_users_zone(candidate, monkeypatch):
    user, *_rest = candidate
    client = client_for(user)
    assert 'Current streak</dt><dd id="figure-streak">1 day' in dashboard(client)
    later = timezone.now() + timedelta(days=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert 'Current streak</dt><dd id="figure-streak">0 days' in dashboard(client)


def test_one_users_dashboard_is_never_anothers(candidate):
    user, _role, questions, _behavioral = candidate
    other = make_user()
    dashboard(client_for(user))
    assert 'id="figure-practised">0 of 4<' in dashboard(client_for(other))
    assert 'id="figure-practised">1 of 4<' in dashboard(client_for(user))


def test_a_dropped_version_never_revives_an_old_entry(candidate):
    user, role, questions, behavioral = candidate
    client = client_for(user)
    assert 'id="figure-practised">1 of 4<' in dashboard(client)
    cache.delete(f"prepsite:user-state:{user.pk}")  # evicted, say
    services.practice_record(user=user, question=questions[1], rating="good", seconds_spent=1)
    assert 'id="figure-practised">2 of 4<' in dashboard(client)


def test_the_header_count_grows_when_a_question_falls_due_without_any_write(candidate, monkeypatch):
    user, _role, questions, _behavioral = candidate
    due = Practice.objects.get(user=user, question=questions[0]).due
    assert due > timezone.now()
    assert state.due_count(user) == 0
    after = due + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: after)
    assert state.due_count(user) == 1


def test_story_edits_change_the_version(candidate):
    user, _role, _questions, behavioral = candidate
    key = f"prepsite:user-state:{user.pk}"
    story = make_story(user)
    seen = {cache.get(key)}
    story_services.story_link_set(story=story, question=behavioral, linked=True)
    seen.add(cache.get(key))
    story_services.story_link_set(story=story, question=behavioral, linked=False)
    seen.add(cache.get(key))
    story_services.story_delete(story=story)
    seen.add(cache.get(key))
    assert len(seen) == 4


def test_interview_date_is_counted_from_the_users_today():
    user = make_user()
    services.profile_update(
        user=user, target_role=None, interview_date=date(2000, 1, 1), experience_level="", time_zone="UTC"
    )
    assert "(passed)" in dashboard(client_for(user))


def test_a_new_account_with_an_old_accounts_id_never_sees_what_was_kept_for_it(candidate):
    user, *_rest = candidate
    old_id = user.pk
    assert 'id="figure-practised">1 of 4<' in dashboard(client_for(user))
    user.delete()
    # As after a restore, or a rolled-back transaction on SQLite: the old id is given out again.
    newcomer = get_user_model().objects.create_user(username="newcomer", email="new@example.com", id=old_id)
    assert 'id="figure-practised">0 of 4<' in dashboard(client_for(newcomer))


def test_creating_an_account_moves_its_data_version():
    key_of = "prepsite:user-state:{}".format
    user = make_user()
    first = cache.get(key_of(user.pk))
    assert first is not None  # post_save on creation set one
    services.profile_update(user=user, target_role=None, interview_date=None, experience_level="", time_zone="UTC")
    assert cache.get(key_of(user.pk)) != first
