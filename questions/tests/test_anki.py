"""A guide as an Anki deck: one note per question, stable GUIDs, the answer on the back, tags."""

import io
import json
import sqlite3
import tempfile
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse

from questions.anki import NOTE_TYPE_ID, note_guid
from questions.models import Skill
from questions.tests.factories import make_question, make_role

pytestmark = pytest.mark.django_db


def read_deck(content: bytes) -> dict:
    """The notes and note types of an .apkg: a zip holding a SQLite collection."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert "collection.anki2" in archive.namelist()
        collection = archive.read("collection.anki2")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "collection.anki2"
        path.write_bytes(collection)
        connection = sqlite3.connect(path)
        try:
            notes = connection.execute("SELECT guid, mid, flds, tags FROM notes ORDER BY sfld").fetchall()
            (models_json, decks_json) = connection.execute("SELECT models, decks FROM col").fetchone()
        finally:
            connection.close()
    models = json.loads(models_json)
    return {
        "notes": [
            {"guid": guid, "note_type": mid, "fields": fields.split("\x1f"), "tags": tags.split()}
            for guid, mid, fields, tags in notes
        ],
        "field_names": {int(key): [field["name"] for field in model["flds"]] for key, model in models.items()},
        "deck_names": sorted(deck["name"] for deck in json.loads(decks_json).values()),
    }


@pytest.fixture
def guide():
    role = make_role(slug="backend-developer", title="Backend Developer")
    caching = Skill.objects.create(slug="caching", name="Caching")
    first = make_question(
        role=role,
        number=1,
        slug="cache-invalidation",
        text="How do you invalidate a cache?",
        difficulty="hard",
        sample_answer_md="Version the keys.\n\n```\nkey = f'v{n}:{id}'\n```",
        key_points=[("names a versioned key", ["versioned key"]), ("mentions TTLs", ["ttl"])],
        skills=[caching],
    )
    second = make_question(role=role, number=2, slug="tell-me-about-a-conflict", category="behavioral")
    make_question(role=role, number=3, slug="a-draft", is_published=False)
    return role, first, second


def test_the_guide_deck_holds_one_note_per_published_question_with_answer_tips_and_tags(client, guide):
    role, first, second = guide
    response = client.get(reverse("questions:deck", args=[role.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/apkg"
    assert 'filename="prepsite-backend-developer-interview-questions.apkg"' in response["Content-Disposition"]
    deck = read_deck(response.content)
    assert deck["deck_names"] == ["Default", "Prepsite · Backend Developer Interview Questions"]
    assert [note["guid"] for note in deck["notes"]] == [note_guid(first), note_guid(second)]  # no draft
    assert deck["field_names"][NOTE_TYPE_ID] == [
        "Question",
        "Category",
        "Difficulty",
        "Answer",
        "KeyPoints",
        "Tips",
        "Mistakes",
        "Link",
    ]
    note = deck["notes"][0]
    assert note["note_type"] == NOTE_TYPE_ID
    question, category, difficulty, answer, key_points, tips, mistakes, link = note["fields"]
    assert (question, category, difficulty) == ("How do you invalidate a cache?", "Technical", "Hard")
    assert "<p>Version the keys.</p>" in answer and "<pre" in answer
    assert key_points == "<ul><li>names a versioned key</li><li>mentions TTLs</li></ul>"
    assert tips == "<ul><li>Say the trade-off out loud.</li></ul>"
    assert mistakes == "<ul><li>Jumping to a solution.</li></ul>"
    assert 'href="http://testserver/questions/cache-invalidation/"' in link
    assert sorted(note["tags"]) == [
        "prepsite::category::technical",
        "prepsite::difficulty::hard",
        "prepsite::role::backend-developer",
        "prepsite::skill::caching",
    ]
    assert "prepsite::category::behavioral" in deck["notes"][1]["tags"]


def test_an_updated_guide_gives_the_same_note_guids_so_anki_updates_instead_of_duplicating(client, guide):
    role, first, _ = guide
    before = read_deck(client.get(reverse("questions:deck", args=[role.slug])).content)
    first.sample_answer_md = "A better answer."
    first.save()
    from questions.public_cache import content_changed

    content_changed()
    after = read_deck(client.get(reverse("questions:deck", args=[role.slug])).content)
    assert [n["guid"] for n in after["notes"]] == [n["guid"] for n in before["notes"]]
    assert after["notes"][0]["fields"][3] == "<p>A better answer.</p>\n"


def test_answer_html_in_the_deck_is_sanitised(client):
    role = make_role()
    make_question(role=role, sample_answer_md="<script>alert(1)</script> **bold**")
    deck = read_deck(client.get(reverse("questions:deck", args=[role.slug])).content)
    answer = deck["notes"][0]["fields"][3]
    assert "<script" not in answer and "<strong>bold</strong>" in answer


def test_question_text_is_escaped_in_the_deck(client):
    role = make_role()
    make_question(role=role, text="What does <b> do & why?")
    deck = read_deck(client.get(reverse("questions:deck", args=[role.slug])).content)
    assert deck["notes"][0]["fields"][0] == "What does &lt;b&gt; do &amp; why?"


def test_a_draft_guide_has_no_deck(client):
    role = make_role(is_published=False)
    make_question(role=role)
    assert client.get(reverse("questions:deck", args=[role.slug])).status_code == 404


@pytest.mark.parametrize("size", [2, 12])
def test_the_deck_costs_the_same_queries_for_any_number_of_questions(client, django_assert_num_queries, size):
    role = make_role()
    for _ in range(size):
        make_question(role=role, key_points=[("a point", ["point"])])
    client.get("/")  # the content version and header guides, cached once
    with django_assert_num_queries(5):  # role, questions, skills, tips, key points
        response = client.get(reverse("questions:deck", args=[role.slug]))
    assert len(read_deck(response.content)["notes"]) == size


def test_the_guide_page_links_to_its_deck(client, guide):
    role, _, _ = guide
    page = client.get(role.get_absolute_url()).content.decode()
    assert f'href="{reverse("questions:deck", args=[role.slug])}"' in page
