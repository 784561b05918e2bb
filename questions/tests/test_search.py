"""Search on ``/questions/?q=``: PostgreSQL's full-text search (ranked, word forms, a GIN
index), SQLite's plain match; drafts never found on either. CI runs this file on both."""

import pytest
from django.db import connection

from questions.models import SEARCH_INDEX_NAME, Question
from questions.tests.factories import make_question, make_role

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL full-text search")
sqlite_only = pytest.mark.skipif("connection.vendor != 'sqlite'", reason="SQLite's plain match")


def found(client, query: str) -> list[str]:
    response = client.get("/questions/", {"q": query})
    assert response.status_code == 200
    return [question.slug for question in response.context["page"].object_list]


@postgres_only
def test_a_better_match_ranks_first_whatever_the_guide_order(client):
    early, late = make_role(order=1), make_role(order=2)
    make_question(role=early, slug="answer-mention", text="How do you size a service?", sample_answer_md="A cache.")
    make_question(
        role=late,
        slug="all-about-caching",
        text="Which cache invalidation strategy would you choose for a cache in front of the database?",
        why_asked_md="Cache invalidation is where caches go wrong.",
    )
    assert found(client, "cache") == ["all-about-caching", "answer-mention"]


@postgres_only
def test_word_forms_match(client):
    make_question(slug="cache-question", text="Where would you put a cache?")
    make_question(slug="unrelated", text="Tell me about a conflict.")
    assert found(client, "caching") == ["cache-question"]
    assert found(client, "caches databases") == []  # every word must match, in some form
    make_question(slug="both", text="Caching in front of a database")
    assert found(client, "caches databases") == ["both"]


@postgres_only
def test_an_edited_or_bulk_created_question_is_found_by_its_new_words(client):
    question = make_question(slug="edited", text="How do you shard a table?")
    question.text = "How do you replicate a table?"
    question.save()
    assert found(client, "replicate") == ["edited"]
    assert found(client, "shard") == []
    Question.objects.filter(pk=question.pk).update(sample_answer_md="Use logical decoding.")
    assert found(client, "decoding") == ["edited"]
    Question.objects.bulk_create([Question(slug="bulk", role=question.role, number=99, text="Bulk loaded raft")])
    Question.objects.filter(slug="bulk").update(is_published=True)
    assert found(client, "raft") == ["bulk"]
    question.delete()
    assert found(client, "replicate") == []


@postgres_only
def test_search_syntax_in_the_query_is_never_an_error(client):
    make_question(slug="plain", text="How do queues help?")
    assert found(client, "queues & | ! (") == ["plain"]
    assert found(client, '"queues help" -kafka') == ["plain"]


@postgres_only
def test_postgres_reads_the_search_through_its_gin_index():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [SEARCH_INDEX_NAME])
        (definition,) = cursor.fetchone()
        assert "USING gin" in definition
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table would be scanned otherwise
        plan = Question.objects.published().search("cache database").explain()
    assert SEARCH_INDEX_NAME in plan


@pytest.mark.parametrize("query", ["secret", "draft secret"])
def test_drafts_never_appear_in_search_results(client, query):
    make_question(slug="published", text="A secret of good design, as a draft would say")
    make_question(slug="draft-question", text="A secret draft", is_published=False)
    make_question(slug="in-draft-guide", text="A secret in a draft guide", role=make_role(is_published=False))
    results = found(client, query)
    assert "draft-question" not in results
    assert "in-draft-guide" not in results
    if query != "draft secret":
        assert results == ["published"]


@sqlite_only
def test_sqlite_keeps_the_plain_match_of_parts_of_words(client):
    make_question(slug="cache-question", text="Where would you put a cache?")
    assert found(client, "cach") == ["cache-question"]  # a substring, as before
    assert found(client, "caching") == []  # no stemming without full-text search


@sqlite_only
def test_sqlite_has_no_full_text_index():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND name = %s", [SEARCH_INDEX_NAME])
        assert cursor.fetchone() is None
