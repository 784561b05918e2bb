"""Key points edited in admin by curators, with history, and listed on the public question page."""

import pytest
from django.urls import reverse
from reversion.models import Version

from questions.models import KeyPoint
from questions.tests.factories import admin_edit_question as edit
from questions.tests.factories import make_question, question_form

pytestmark = pytest.mark.django_db
POINTS = [("Estimates load first", ["requests per second", "back of the envelope"]), ("Names fan-out", ["fan-out"])]


def new_point(index: int, question, text: str, phrases: str) -> dict:
    prefix = f"key_points-{index}-"
    return {prefix + "question": question.pk, prefix + "text": text, prefix + "phrases": phrases, prefix + "order": 3}


def test_curator_adds_a_key_point_in_the_question_admin(curator_client):
    question = make_question(key_points=POINTS)
    edit(
        curator_client,
        question,
        **{"key_points-TOTAL_FORMS": "3", **new_point(2, question, "Caches timelines", "cache\n\nredis \n")},
    )
    point = question.key_points.get(text="Caches timelines")
    assert point.phrase_list == ["cache", "redis"]
    assert question.key_points.count() == 3


def test_a_key_point_without_phrases_is_a_form_error_and_nothing_is_saved(curator_client):
    question = make_question(key_points=POINTS)
    data = question_form(question, **{"key_points-0-phrases": "!!!", "key_points-1-phrases": "x" * 61})
    response = curator_client.post(reverse("admin:questions_question_change", args=[question.pk]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "&#x27;!!!&#x27; has no words to match" in html and "61 characters, at most 60" in html
    assert question.key_points.get(order=1).phrase_list == ["requests per second", "back of the envelope"]


def test_the_admin_allows_at_most_six_key_points(curator_client):
    question = make_question(key_points=[(f"Point {n}", ["x"]) for n in range(6)])
    data = question_form(
        question, **{"key_points-TOTAL_FORMS": "7", **new_point(6, question, "Seventh point", "seventh")}
    )
    response = curator_client.post(reverse("admin:questions_question_change", args=[question.pk]), data)
    assert response.status_code == 200
    assert "Please submit at most 6 forms." in response.content.decode()
    assert question.key_points.count() == 6


def test_history_records_key_points_with_the_question_and_restores_them(curator_client):
    question = make_question(key_points=POINTS)
    edit(curator_client, question)
    good = Version.objects.get_for_object(question).first()
    assert {v.field_dict["text"] for v in good.revision.version_set.get_for_model(KeyPoint)} == {
        "Estimates load first",
        "Names fan-out",
    }
    edit(curator_client, question, **{"key_points-1-DELETE": "on", "key_points-0-phrases": "load"})
    assert list(question.key_points.values_list("phrases", flat=True)) == ["load"]

    newest = Version.objects.get_for_object(question).first()
    compare = curator_client.get(
        reverse("admin:questions_question_compare", args=[question.pk]), {"older": good.pk, "newer": newest.pk}
    ).content.decode()
    assert "Key points" in compare and "Key point 2: Names fan-out [fan-out]" in compare

    response = curator_client.post(reverse("admin:questions_question_restore", args=[question.pk, good.pk]))
    assert response.status_code == 302
    assert sorted((p.text, p.phrases) for p in question.key_points.all()) == [
        ("Estimates load first", "requests per second\nback of the envelope"),
        ("Names fan-out", "fan-out"),
    ]


def test_question_page_lists_what_a_strong_answer_covers_after_the_sample_answer(client):
    question = make_question(sample_answer_md="The sample.", key_points=POINTS)
    html = client.get(question.get_absolute_url()).content.decode()
    assert "What a strong answer covers" in html
    assert html.index("The sample.") < html.index("What a strong answer covers") < html.index("Names fan-out")
    assert "back of the envelope" not in html  # match phrases are for matching, not for show


def test_question_page_without_key_points_has_no_empty_section(client):
    html = client.get(make_question().get_absolute_url()).content.decode()
    assert "What a strong answer covers" not in html
