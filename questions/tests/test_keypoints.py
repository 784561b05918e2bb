"""The key-point phrase match: pure functions, no database."""

from dataclasses import dataclass

import pytest

from questions.keypoints import key_points_match, normalise, phrase_problems, stem


@dataclass
class Point:
    text: str
    phrase_list: list[str]


def hits(text: str, *phrases: str) -> list[bool]:
    return [match.hit for match in key_points_match(text, [Point(phrase, [phrase]) for phrase in phrases])]


def test_a_phrase_in_the_answer_is_a_hit_and_says_which_phrase():
    point = Point("Estimates load first", ["back of the envelope", "requests per second"])
    [match] = key_points_match("I'd start with some requests per second.", [point])
    assert match.hit and match.matched_phrase == "requests per second" and match.key_point is point


def test_a_phrase_missing_from_the_answer_is_a_miss():
    [match] = key_points_match("I would add a cache.", [Point("Shards", ["shard key", "partition"])])
    assert not match.hit and match.matched_phrase == ""


def test_results_keep_the_order_of_the_key_points():
    assert hits("use a queue and a cache", "cache", "index", "queue") == [True, False, True]


@pytest.mark.parametrize("form", ["cache", "caches", "caching", "cached", "Cache", "CACHING"])
def test_plural_ing_and_ed_forms_match_the_base_word(form):
    assert hits(f"We {form} hot keys.", "cache") == [True]
    assert hits("We cache hot keys.", form) == [True]


@pytest.mark.parametrize(
    ("text", "phrase"),
    [("two retries", "retry"), ("it was retried", "retrying"), ("queries", "query"), ("stopped", "stop")],
)
def test_ies_ied_and_doubled_consonants_stem_together(text, phrase):
    assert hits(text, phrase) == [True]


@pytest.mark.parametrize(
    ("text", "phrase"),
    [("concatenate the strings", "cat"), ("a category page", "cat"), ("reindexing", "index"), ("sharded", "hard")],
)
def test_a_word_inside_another_word_is_never_a_hit(text, phrase):
    assert hits(text, phrase) == [False]


def test_a_multi_word_phrase_needs_its_words_next_to_each_other_in_order():
    assert hits("Put a read replica behind it.", "read replica") == [True]
    assert hits("Read from the replica.", "read replica") == [False]
    assert hits("a replica read", "read replica") == [False]


def test_punctuation_and_markdown_are_ignored():
    assert hits("**Fan-out** on write; then `read-your-writes`!", "fan out on write", "read your writes") == [
        True,
        True,
    ]
    assert hits("the client's key", "clients key") == [True]  # apostrophes are dropped, not split on


def test_empty_or_missing_text_hits_nothing():
    points = [Point("a", ["cache"]), Point("b", ["queue"])]
    assert [match.hit for match in key_points_match("", points)] == [False, False]
    assert [match.hit for match in key_points_match(None, points)] == [False, False]
    assert key_points_match("anything", []) == []


def test_normalise_and_stem_on_their_own():
    assert normalise("Sharding, SHARDED & shards!") == ["shard", "shard", "shard"]
    assert normalise("Café caching") == ["caf", "cach"]  # accents folded like any other letter
    assert stem("status") == "status" and stem("class") == "class"  # not plurals
    assert stem("p99") == "p99" and stem("2025") == "2025"


def test_phrase_problems_say_what_is_wrong():
    assert phrase_problems([]) == ["at least one phrase"]
    assert phrase_problems(["cache", "read replica"]) == []
    assert phrase_problems(["!!!"]) == ["'!!!' has no words to match"]
    assert "at most 60" in phrase_problems(["x" * 61])[0]
    assert phrase_problems([f"p{n}" for n in range(9)]) == ["9 phrases, at most 8"]
