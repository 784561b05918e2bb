"""Quality gates for every content pack that ships with Prepsite."""

import difflib
import itertools
import re
from collections import Counter

import pytest
import yaml

from prepsite.markdown import render_markdown
from questions.keypoints import key_points_match
from questions.services.packs import pack_validate
from questions.tests.factories import PACKS_DIR

PACKS = sorted(PACKS_DIR.glob("*.yaml"))
MIN_ANSWER_WORDS, MAX_ANSWER_WORDS = 150, 400
# Hard questions get room for depth, and end with the follow-ups an interviewer would ask.
MIN_HARD_ANSWER_WORDS, MAX_HARD_ANSWER_WORDS = 300, 500
FOLLOW_UPS = "**Likely follow-ups**"


def load(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def published_questions(path):
    return [question for question in load(path)["questions"] if question.get("is_published", True)]


def markdown_fields(data):
    """Every non-empty (key, text) of a field ending in _md, anywhere in a pack (some are optional)."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key.endswith("_md") and isinstance(value, str) and value:
                yield key, value
            else:
                yield from markdown_fields(value)
    elif isinstance(data, list):
        for item in data:
            yield from markdown_fields(item)


def test_the_shipped_guides():
    assert [path.stem for path in PACKS] == ["backend-developer", "data-engineer", "site-reliability-engineer"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PACKS, ids=lambda path: path.stem)
def test_pack_is_valid(path):
    pack_validate(load(path))


@pytest.mark.parametrize("path", PACKS, ids=lambda path: path.stem)
def test_every_question_has_all_its_parts(path):
    for question in published_questions(path):
        answer, _, _ = question["sample_answer_md"].partition(FOLLOW_UPS)
        words = len(answer.split())
        if question["difficulty"] == "hard":
            assert MIN_HARD_ANSWER_WORDS <= words <= MAX_HARD_ANSWER_WORDS, (question["slug"], words)
        else:
            assert MIN_ANSWER_WORDS <= words <= MAX_ANSWER_WORDS, (question["slug"], words)
        assert len(question["why_asked_md"].split()) >= 30, question["slug"]
        assert len(question["tips"]) >= 3, question["slug"]
        assert len(question["mistakes"]) >= 2, question["slug"]
        assert question["skills"], question["slug"]
        assert len(question["text"].split()) >= 6, question["slug"]


@pytest.mark.parametrize("path", PACKS, ids=lambda path: path.stem)
def test_hard_questions_end_with_two_to_four_likely_follow_ups(path):
    for question in published_questions(path):
        answer, heading, follow_ups = question["sample_answer_md"].partition(FOLLOW_UPS)
        if question["difficulty"] != "hard":
            assert not heading, question["slug"]
            continue
        items = [line for line in follow_ups.splitlines() if line.startswith("- ")]
        assert 2 <= len(items) <= 4, (question["slug"], len(items))
        for item in items:  # a question in italics, then its one-line answer
            follow_up, _, reply = item[2:].partition("* ")
            assert follow_up.startswith("*") and follow_up.endswith("?"), (question["slug"], item)
            assert 5 <= len(reply.split()) <= 45, (question["slug"], item)


class PackKeyPoint:
    def __init__(self, item: dict):
        self.text, self.phrase_list = item["text"], item["phrases"]


@pytest.mark.parametrize("path", PACKS, ids=lambda path: path.stem)
def test_every_question_has_three_to_six_key_points_its_own_answer_mostly_hits(path):
    """A sanity check of the phrases: saying what the sample answer says covers most points."""
    for question in load(path)["questions"]:
        points = [PackKeyPoint(item) for item in question.get("key_points") or []]
        assert 3 <= len(points) <= 6, (question["slug"], len(points))
        for point in points:
            assert 2 <= len(point.phrase_list) <= 5, (question["slug"], point.text)
        matches = key_points_match(question["sample_answer_md"], points)
        missed = [match.key_point.text for match in matches if not match.hit]
        assert 2 * len(missed) <= len(points), (question["slug"], missed)


def test_backend_guide_is_a_bank_worth_practising():
    questions = published_questions(PACKS_DIR / "backend-developer.yaml")
    assert len(questions) >= 40
    categories = Counter(question["category"] for question in questions)
    difficulties = Counter(question["difficulty"] for question in questions)
    assert set(categories) == {"technical", "behavioral", "situational", "role-specific", "culture-fit"}
    assert min(categories.values()) >= 5, categories
    assert set(difficulties) == {"easy", "medium", "hard"}
    assert min(difficulties.values()) >= 8, difficulties
    assert {skill for question in questions for skill in question["skills"]} == {
        "system-design",
        "databases",
        "api-development",
        "security",
        "distributed-systems",
    }


def test_second_guide_has_at_least_fifteen_questions_and_no_invented_pay():
    data = load(PACKS_DIR / "site-reliability-engineer.yaml")
    assert len(published_questions(PACKS_DIR / "site-reliability-engineer.yaml")) >= 15
    assert not data.get("salary_bands") and not data.get("company_pay")
    assert "no salary figures" in data["role"]["pay_note_md"]
    assert not re.search(r"\$\s?\d", yaml.safe_dump(data))


def test_no_duplicate_slugs_or_near_duplicate_questions_across_packs():
    questions = [question for path in PACKS for question in published_questions(path)]
    slugs = [question["slug"] for question in questions]
    assert len(slugs) == len(set(slugs))
    for first, second in itertools.combinations(questions, 2):
        ratio = difflib.SequenceMatcher(None, first["text"].lower(), second["text"].lower()).ratio()
        assert ratio < 0.75, (first["slug"], second["slug"], ratio)


@pytest.mark.parametrize("path", PACKS, ids=lambda path: path.stem)
def test_every_markdown_field_renders(path):
    for key, text in markdown_fields(load(path)):
        html = render_markdown(text)
        assert html.strip(), key
        assert not re.search(r"&lt;/?[a-zA-Z]", html), (key, "raw HTML in Markdown")


@pytest.mark.parametrize("path", PACKS, ids=lambda path: path.stem)
def test_every_resource_link_is_absolute_https(path):
    resources = load(path).get("resources") or []
    assert resources
    for resource in resources:
        assert resource["url"].startswith("https://"), resource["name"]


def test_company_tags_are_backed_by_a_guide_experience():
    data = load(PACKS_DIR / "backend-developer.yaml")
    experienced = {experience["company"] for experience in data["experiences"]}
    for question in data["questions"]:
        assert set(question["companies"]) <= experienced, question["slug"]


def test_every_pay_figure_carries_source_and_year():
    data = load(PACKS_DIR / "backend-developer.yaml")
    assert len(data["salary_bands"]) == 4 and len(data["company_pay"]) == 8
    assert sorted(band["level"] for band in data["salary_bands"]) == ["entry", "mid", "senior", "staff"]
    for row in data["salary_bands"] + data["company_pay"]:
        assert row["source"] and 2000 < row["year"] <= 2100
    assert all(band["range_is_estimate"] for band in data["salary_bands"])
