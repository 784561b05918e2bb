"""Mock interviews: the state machine, double submits, validation, other users' mocks, the
transcript, ratings into the schedule, the export and the query counts."""

import json
import random
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.mocks import services as mock_services
from accounts.mocks.models import GRACE_SECONDS, Mock, MockQuestion
from accounts.mocks.selectors import preset_mix
from accounts.models import Practice, ReviewLog
from accounts.tests.factories import client_for, client_signed_in_with_password, make_story
from questions.tests.factories import make_question, make_role

pytestmark = pytest.mark.django_db


def guide(size: int = 4, *, categories=("technical", "behavioral")):
    """A published guide with ``size`` questions of each category, each with two key points."""
    role = make_role(title="Backend")
    for category in categories:
        for index in range(size):
            make_question(
                role=role,
                category=category,
                text=f"{category} question {index}?",
                sample_answer_md=f"Sample answer for {category} {index}.",
                key_points=[("Names the cache", ["cache", "caching layer"]), ("Measures first", ["measure"])],
            )
    return role


def start(user, role, *, count=3, minutes=2, now=None, **options):
    options.setdefault("categories", ["technical", "behavioral"])
    return mock_services.mock_start(
        user=user, role=role, count=count, minutes_per_question=minutes, now=now, rng=random.Random(1), **options
    )


def items(mock) -> list[MockQuestion]:
    return list(mock.items.order_by("position"))


# --- The state machine --------------------------------------------------------------------


def test_start_draws_the_questions_and_starts_the_first_clock(alice):
    role = guide()
    now = timezone.now()
    mock = start(alice, role, count=5, now=now)
    rows = items(mock)
    assert [row.position for row in rows] == [0, 1, 2, 3, 4]
    assert len({row.question_id for row in rows}) == 5
    assert all(row.question.role_id == role.pk for row in rows)
    assert rows[0].started_at == now and all(row.started_at is None for row in rows[1:])
    assert (mock.position, mock.finished_at, mock.hide_difficulty, mock.shuffled) == (0, None, True, True)


def test_unshuffled_mock_asks_in_guide_order(alice):
    mock = start(alice, guide(), count=6, shuffle=False)
    numbers = [row.question.number for row in items(mock)]
    assert numbers == sorted(numbers)


def test_answer_records_time_and_moves_on_then_finishes(alice):
    now = timezone.now()
    mock = start(alice, guide(), now=now)
    mock = mock_services.mock_answer(mock=mock, position=0, answer="Add a cache.", now=now + timedelta(seconds=70))
    first, second, third = items(mock)
    assert (first.answer_md, first.seconds_taken, first.over_time) == ("Add a cache.", 70, False)
    assert (mock.position, second.started_at) == (1, now + timedelta(seconds=70))
    mock = mock_services.mock_answer(mock=mock, position=1, answer="b", now=now + timedelta(seconds=100))
    assert mock.finished_at is None
    mock = mock_services.mock_answer(mock=mock, position=2, answer="c", now=now + timedelta(seconds=130))
    assert mock.finished_at == now + timedelta(seconds=130)
    assert [row.seconds_taken for row in items(mock)] == [70, 30, 30]


def test_answer_after_the_deadline_is_kept_and_marked_over_time(alice):
    now = timezone.now()
    mock = start(alice, guide(), minutes=1, now=now)
    on_time = now + timedelta(seconds=60 + GRACE_SECONDS)  # the auto-submit at zero, a little late
    mock = mock_services.mock_answer(mock=mock, position=0, answer="just in time", now=on_time)
    late = on_time + timedelta(seconds=60 + GRACE_SECONDS + 1)
    mock = mock_services.mock_answer(mock=mock, position=1, answer="too late", now=late)
    first, second, _ = items(mock)
    assert (first.over_time, second.over_time, second.answer_md) == (False, True, "too late")
    assert mock.position == 2


def test_double_submit_does_not_advance_twice(alice):
    mock = start(alice, guide())
    mock_services.mock_answer(mock=mock, position=0, answer="first")
    again = mock_services.mock_answer(mock=mock, position=0, answer="the copy")
    assert again.position == 1
    first, second, _ = items(again)
    assert (first.answer_md, second.answer_md, second.answered_at) == ("first", "", None)


def test_finish_early_leaves_the_rest_unanswered_and_answers_after_it_change_nothing(alice):
    mock = start(alice, guide())
    mock = mock_services.mock_finish(mock=mock)
    finished_at = mock.finished_at
    assert mock_services.mock_finish(mock=mock).finished_at == finished_at
    mock_services.mock_answer(mock=mock, position=0, answer="after the end")
    assert items(mock)[0].answer_md == "" and not mock_services.mock_draft_save(mock=mock, position=0, text="x")


def test_resume_after_a_reload_shows_the_time_left_and_the_saved_draft(alice):
    mock = start(alice, guide(), minutes=3)
    MockQuestion.objects.filter(mock=mock, position=0).update(started_at=timezone.now() - timedelta(seconds=100))
    client = client_for(alice)
    assert (
        client.post(reverse("accounts:mock_draft", args=[mock.pk]), {"position": 0, "answer_md": "half"}).status_code
        == 200
    )
    response = client.get(reverse("accounts:mock_run", args=[mock.pk]))  # a reload, or a new tab
    seconds_left = response.context["seconds_left"]
    assert 75 <= seconds_left <= 80  # 180 - 100, minus the few seconds this test takes
    assert f'data-seconds-left="{seconds_left}"' in response.content.decode()
    assert ">half</textarea>" in response.content.decode()
    assert response.context["item"].position == 0


def test_time_left_never_goes_below_zero(alice):
    mock = start(alice, guide(), minutes=1)
    MockQuestion.objects.filter(mock=mock, position=0).update(started_at=timezone.now() - timedelta(hours=1))
    response = client_for(alice).get(reverse("accounts:mock_run", args=[mock.pk]))
    assert response.context["seconds_left"] == 0
    assert "time is up" in response.content.decode().lower()


# --- Validation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "minutes", "message"),
    [
        (2, 5, "from 3 to 10 questions"),
        (11, 5, "from 3 to 10 questions"),
        (3, 0, "1 to 15 minutes"),
        (3, 16, "1 to 15 minutes"),
    ],
)
def test_limits_are_form_errors(alice, count, minutes, message):
    role = guide(6)
    data = {"role": role.pk, "categories": ["technical"], "count": count, "minutes": minutes}
    response = client_for(alice).post(reverse("accounts:mock_new"), data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Mock.objects.exists()


def test_not_enough_questions_says_how_many_there_are(alice):
    role = guide(4)
    data = {"role": role.pk, "categories": ["technical"], "count": 5, "minutes": 5}
    response = client_for(alice).post(reverse("accounts:mock_new"), data)
    assert response.status_code == 422
    assert "has only 4 published questions in technical" in response.content.decode()
    assert not Mock.objects.exists()


def test_service_refuses_unpublished_guides_and_bad_limits(alice):
    role = guide()
    with pytest.raises(ValidationError, match="from 3 to 10"):
        start(alice, role, count=11)
    role.is_published = False
    role.save()
    with pytest.raises(ValidationError, match="published guide"):
        start(alice, role)
    assert not Mock.objects.exists()


def test_preset_mix_follows_the_guide_and_a_preset_button_starts_it(alice):
    assert preset_mix({"technical": 24, "role-specific": 8, "behavioral": 5, "situational": 6}, size=6) == {
        "technical": 3,
        "behavioral": 1,
        "situational": 1,
        "role-specific": 1,
    }
    assert preset_mix({"technical": 2}, size=3) == {}
    role = guide(5)
    client = client_for(alice)
    page = client.get(reverse("accounts:mock_new")).content.decode()
    assert f'value="{role.slug}:round"' in page
    response = client.post(reverse("accounts:mock_new"), {"preset": f"{role.slug}:round", "hide_difficulty": "on"})
    mock = Mock.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("accounts:mock_run", args=[mock.pk])
    categories = sorted(row.question.category for row in items(mock))
    assert categories == ["behavioral"] * 3 + ["technical"] * 3
    assert (mock.preset, mock.minutes_per_question, mock.hide_difficulty, mock.shuffled) == (
        "Full round",
        7,
        True,
        False,
    )


# --- Pages --------------------------------------------------------------------------------


def test_form_post_starts_and_the_question_page_hides_the_answer(alice):
    role = guide()
    client = client_for(alice)
    data = {
        "role": role.pk,
        "categories": ["technical", "behavioral"],
        "count": 3,
        "minutes": 4,
        "hide_difficulty": "on",
        "shuffle": "on",
    }
    response = client.post(reverse("accounts:mock_new"), data)
    mock = Mock.objects.get(user=alice)
    assert response["Location"] == reverse("accounts:mock_run", args=[mock.pk])
    page = client.get(response["Location"]).content.decode()
    question = items(mock)[0].question
    assert question.text in page and "Question 1 of 3" in page
    assert question.sample_answer_md not in page
    assert question.get_absolute_url() not in page
    assert reverse("accounts:practice", args=[question.slug]) not in page
    assert "Medium" not in page  # the difficulty is hidden


def test_plain_form_answers_go_through_to_the_transcript(alice):
    mock = start(alice, guide())
    client = client_for(alice)
    for position in range(3):
        response = client.post(
            reverse("accounts:mock_answer", args=[mock.pk]), {"position": position, "answer_md": f"answer {position}"}
        )
    assert response["Location"] == reverse("accounts:mock", args=[mock.pk])
    assert client.get(reverse("accounts:mock_run", args=[mock.pk]))["Location"] == reverse(
        "accounts:mock", args=[mock.pk]
    )


def test_transcript_shows_answer_sample_key_points_tips_and_time(alice):
    now = timezone.now()
    mock = start(alice, guide(), now=now)
    mock_services.mock_answer(
        mock=mock, position=0, answer="I would add a caching layer.", now=now + timedelta(seconds=95)
    )
    mock_services.mock_finish(mock=mock)
    question = items(mock)[0].question
    page = client_for(alice).get(reverse("accounts:mock", args=[mock.pk])).content.decode()
    assert "I would add a caching layer." in page
    assert question.sample_answer_md.rstrip(".") in page
    assert "Your answer touched 1 of 2 key points" in page
    assert "Names the cache" in page and "Measures first" in page
    assert "Say the trade-off out loud." in page and "Jumping to a solution." in page
    assert "1 min 35 s" in page
    assert "Not answered" in page  # the two questions never reached


def test_transcript_shows_linked_stories_for_behavioral_questions(alice):
    mock = start(alice, guide(), shuffle=False, categories=["behavioral"])
    mock_services.mock_finish(mock=mock)
    make_story(alice, title="The outage I owned", link_to=items(mock)[0].question)
    page = client_for(alice).get(reverse("accounts:mock", args=[mock.pk])).content.decode()
    assert "The outage I owned" in page


def test_mock_list_shows_only_ones_own_mocks(alice, bob):
    role = guide()
    start(alice, role)
    mock_services.mock_finish(mock=start(alice, role, count=4))
    start(bob, role)
    page = client_for(alice).get(reverse("accounts:mocks")).content.decode()
    assert page.count("In progress") == 1 and page.count("Finished") == 1
    assert "4 questions" in page and "3 questions" in page
    assert page.count('class="mock-row"') == 2


# --- Other users' mocks -------------------------------------------------------------------


def test_other_users_mock_is_404_for_every_url_and_unchanged(alice, bob):
    mock = start(alice, guide())
    client = client_for(bob)
    for name in ("accounts:mock_run", "accounts:mock"):
        assert client.get(reverse(name, args=[mock.pk])).status_code == 404
    posts = {
        "accounts:mock_answer": {"position": 0, "answer_md": "bob's"},
        "accounts:mock_draft": {"position": 0, "answer_md": "bob's"},
        "accounts:mock_rate": {"position": 0, "rating": "good"},
        "accounts:mock_finish": {},
    }
    for name, data in posts.items():
        assert client.post(reverse(name, args=[mock.pk]), data).status_code == 404
    mock.refresh_from_db()
    assert (mock.position, mock.finished_at) == (0, None)
    assert items(mock)[0].answer_md == "" and not ReviewLog.objects.exists()


# --- Ratings ------------------------------------------------------------------------------


def test_rating_feeds_the_schedule_exactly_once(alice):
    mock = start(alice, guide())
    mock_services.mock_answer(mock=mock, position=0, answer="a")
    mock_services.mock_finish(mock=mock)
    client = client_for(alice)
    url = reverse("accounts:mock_rate", args=[mock.pk])
    for rating in ("good", "good", "easy"):  # a double click, then a second thought
        assert client.post(url, {"position": 0, "rating": rating}).status_code == 302
    question = items(mock)[0].question
    assert list(ReviewLog.objects.filter(user=alice).values_list("question_id", "rating")) == [(question.pk, "good")]
    practice = Practice.objects.get(user=alice, question=question)
    assert (practice.times_practised, practice.last_rating, practice.due is not None) == (1, "good", True)
    assert items(mock)[0].rating == "good"
    assert "You rated it Good" in client.get(reverse("accounts:mock", args=[mock.pk])).content.decode()


def test_an_unfinished_mock_cannot_be_rated(alice):
    mock = start(alice, guide())
    with pytest.raises(ValidationError, match="Finish the mock"):
        mock_services.mock_rate(mock=mock, position=0, rating="good")
    assert not ReviewLog.objects.exists()


# --- Export, deletion, query counts -------------------------------------------------------


def test_export_has_mocks_with_answers_and_deleting_the_account_deletes_them(alice):
    mock = start(alice, guide())
    mock_services.mock_answer(mock=mock, position=0, answer="My exported answer.")
    data = json.loads(client_signed_in_with_password(alice).get(reverse("accounts:export")).content)
    assert [len(exported["questions"]) for exported in data["mocks"]] == [3]
    assert data["mocks"][0]["questions"][0]["answer_md"] == "My exported answer."
    services.account_delete(user=alice)
    assert not Mock.objects.exists() and not MockQuestion.objects.exists()


# session, user, the mock, the profile (time zone), its questions, their questions with guides, tips,
# key points, the story bank (stories, links); the header's guides and due count
TRANSCRIPT_QUERIES = 12


@pytest.mark.parametrize("size", [3, 10])
def test_transcript_query_count_is_constant(alice, django_assert_num_queries, size):
    mock = start(alice, guide(5), count=size)
    for position in range(size):
        mock_services.mock_answer(mock=mock, position=position, answer="cache")
    client = client_for(alice)
    with django_assert_num_queries(TRANSCRIPT_QUERIES):
        response = client.get(reverse("accounts:mock", args=[mock.pk]))
    assert response.content.decode().count('class="mock-transcript-question"') == size


def test_a_deleted_current_question_leaves_only_ending_the_mock(alice):
    mock = start(alice, guide())
    items(mock)[0].question.delete()
    client = client_for(alice)
    response = client.get(reverse("accounts:mock_run", args=[mock.pk]))
    assert response.status_code == 200 and "has been removed from the guide" in response.content.decode()
    client.post(reverse("accounts:mock_finish", args=[mock.pk]))
    assert client.get(reverse("accounts:mock", args=[mock.pk])).content.decode().count("mock-transcript-question") == 2


def test_end_now_keeps_the_answer_being_typed(alice):
    mock = start(alice, guide())
    response = client_for(alice).post(
        reverse("accounts:mock_answer", args=[mock.pk]), {"position": 0, "answer_md": "typed so far", "finish": "1"}
    )
    assert response["Location"] == reverse("accounts:mock", args=[mock.pk])
    mock.refresh_from_db()
    first, second, _ = items(mock)
    assert mock.is_finished and (first.answer_md, second.answered_at) == ("typed so far", None)
