"""Quality gates for every content pack that ships with Prepsite.

Every test runs over every pack in ``questions/packs/``, so a new guide is checked the
moment its file lands. A shipped guide's known shortfall against a bar is listed in
``questions/tests/shipped_packs.py`` and runs as a strict xfail for that guide only.
"""

import difflib
import itertools
import re
from collections import Counter

import pytest
import yaml

from prepsite.markdown import render_markdown
from questions.keypoints import key_points_match
from questions.services.packs import pack_validate
from questions.tests.shipped_packs import KNOWN_GAPS, PACKS, packs_for

CATEGORIES = {"technical", "behavioral", "situational", "role-specific", "culture-fit"}
DIFFICULTIES = {"easy", "medium", "hard"}
MIN_QUESTIONS, MIN_PER_CATEGORY, MIN_PER_DIFFICULTY = 30, 4, 6
ANSWER_WORDS = {"easy": (150, 400), "medium": (150, 400), "hard": (300, 500)}
FOLLOW_UPS = "**Likely follow-ups**"
#: The least each guide section holds (the guide anatomy in the design notes).
SECTION_MINIMUMS = {
    "prep_tips": 5,
    "experiences": 3,
    "red_flags": 5,
    "checklist": 8,
    "ask_the_interviewer": 5,
    "insights": 4,
    "faqs": 5,
    "resources": 6,
}
COMPOSITE_MARK = re.compile(r"composite example written by this guide's authors", re.I)


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


def test_every_pack_is_named_after_its_guide():
    assert PACKS
    for path in PACKS:
        assert load(path)["role"]["slug"] == path.stem


def test_known_gaps_name_shipped_packs():
    assert {pack for pack, _check in KNOWN_GAPS} <= {path.stem for path in PACKS}


@pytest.mark.django_db
@pytest.mark.parametrize("path", PACKS, ids=lambda path: path.stem)
def test_pack_is_valid(path):
    pack_validate(load(path))


@pytest.mark.parametrize("path", PACKS, ids=lambda path: path.stem)
def test_every_question_has_all_its_parts(path):
    for question in published_questions(path):
        slug = question["slug"]
        low, high = ANSWER_WORDS[question["difficulty"]]
        words = len(question["sample_answer_md"].split())
        assert low <= words <= high, (slug, question["difficulty"], words)
        assert len(question["why_asked_md"].split()) >= 30, slug
        assert 2 <= len(question["tips"]) <= 4, slug
        assert 2 <= len(question["mistakes"]) <= 3, slug
        assert question["skills"], slug
        assert len(question["text"].split()) >= 6, slug


@pytest.mark.parametrize("path", packs_for("counts"))
def test_guide_is_a_bank_worth_practising(path):
    questions = published_questions(path)
    categories = Counter(question["category"] for question in questions)
    difficulties = Counter(question["difficulty"] for question in questions)
    assert len(questions) >= MIN_QUESTIONS, len(questions)
    assert set(categories) == CATEGORIES and min(categories.values()) >= MIN_PER_CATEGORY, categories
    assert set(difficulties) == DIFFICULTIES and min(difficulties.values()) >= MIN_PER_DIFFICULTY, difficulties


@pytest.mark.parametrize("path", PACKS, ids=lambda path: path.stem)
def test_every_skill_the_guide_names_is_exercised_by_a_question(path):
    data = load(path)
    declared = {skill["slug"] for skill in data["skills"]}
    used = {skill for question in published_questions(path) for skill in question["skills"]}
    assert used == declared


@pytest.mark.parametrize("path", packs_for("sections"))
def test_guide_has_every_section(path):
    data = load(path)
    assert data["role"]["lead"].strip() and len(data["role"]["intro_md"].split()) >= 100
    assert data["skills"]
    short = {key: len(data.get(key) or []) for key, least in SECTION_MINIMUMS.items()}
    assert all(short[key] >= least for key, least in SECTION_MINIMUMS.items()), short
    for tip in data["prep_tips"]:
        assert 0 <= tip["days_before_min"] <= tip["days_before_max"], tip["title"]
    for flag in data["red_flags"]:
        assert flag["why_md"].strip() and flag["what_to_do_md"].strip(), flag["signal"]
    for ask in data["ask_the_interviewer"]:
        assert ask["why"].strip() and ask["good_sign"].strip(), ask["text"]


@pytest.mark.parametrize("path", packs_for("composites"))
def test_guide_experiences_say_they_are_composite_examples(path):
    """The guide's own experiences are written by its authors, never one named person's report."""
    experiences = load(path).get("experiences") or []
    assert experiences
    for experience in experiences:
        assert COMPOSITE_MARK.search(experience["summary_md"]), experience["company"]


@pytest.mark.parametrize("path", packs_for("follow-ups"))
def test_hard_answers_end_with_likely_follow_ups(path):
    """Two to four follow-up questions, each with a one-line answer, after the answer itself."""
    for question in published_questions(path):
        if question["difficulty"] != "hard":
            continue
        answer, found, follow_ups = question["sample_answer_md"].partition(FOLLOW_UPS)
        assert found, question["slug"]
        low, _high = ANSWER_WORDS["hard"]
        assert len(answer.split()) >= low, (question["slug"], "the answer before the follow-ups is short")
        items = [line for line in follow_ups.strip().splitlines() if line.strip()]
        assert 2 <= len(items) <= 4, question["slug"]
        assert all(re.match(r"- \*.+\?\* \S", item) for item in items), question["slug"]


def test_no_mistake_line_is_repeated_word_for_word():
    seen: dict[str, str] = {}
    for path in PACKS:
        for question in published_questions(path):
            for mistake in question["mistakes"]:
                key = " ".join(mistake.lower().split())
                assert key not in seen, (question["slug"], seen.get(key))
                seen[key] = question["slug"]


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


@pytest.mark.parametrize("path", PACKS, ids=lambda path: path.stem)
def test_pay_is_sourced_or_absent_and_said_so(path):
    """Every figure carries its source and year; a guide without sourced figures shows none and says so."""
    data = load(path)
    bands, company_pay = data.get("salary_bands") or [], data.get("company_pay") or []
    if bands or company_pay:
        for row in bands + company_pay:
            assert row["source"].strip() and 2000 < row["year"] <= 2100, row
        assert all(band["range_is_estimate"] for band in bands)
        assert len({band["level"] for band in bands}) == len(bands)
    else:
        assert "no salary figures" in data["role"]["pay_note_md"]
        assert not re.search(r"[$€£]\s?\d", yaml.safe_dump(data, allow_unicode=True))


def test_no_duplicate_slugs_or_near_duplicate_questions_across_packs():
    questions = [question for path in PACKS for question in published_questions(path)]
    slugs = [question["slug"] for question in questions]
    assert len(slugs) == len(set(slugs))
    for first, second in itertools.combinations(questions, 2):
        ratio = difflib.SequenceMatcher(None, first["text"].lower(), second["text"].lower()).ratio()
        assert ratio < 0.75, (first["slug"], second["slug"], ratio)


def test_packs_agree_on_shared_skills_and_companies():
    """Skills and companies are shared rows: two packs naming one slug must describe it alike."""
    for key in ("skills", "companies"):
        seen: dict[str, tuple[dict, str]] = {}
        for path in PACKS:
            for row in load(path)[key]:
                if row["slug"] in seen:
                    assert row == seen[row["slug"]][0], (key, row["slug"], path.stem, seen[row["slug"]][1])
                seen[row["slug"]] = (row, path.stem)


@pytest.mark.parametrize("path", PACKS, ids=lambda path: path.stem)
def test_every_markdown_field_renders(path):
    """No raw HTML outside code: a tag shown as code (`<dialog>`) is fine, one typed as prose is not."""
    for key, text in markdown_fields(load(path)):
        html = render_markdown(text)
        assert html.strip(), key
        prose = re.sub(r"<(pre|code)\b.*?</\1>", "", html, flags=re.S)
        assert not re.search(r"&lt;/?[a-zA-Z]", prose), (key, "raw HTML in Markdown")


@pytest.mark.parametrize("path", PACKS, ids=lambda path: path.stem)
def test_every_resource_link_is_absolute_https(path):
    resources = load(path).get("resources") or []
    assert resources
    for resource in resources:
        assert resource["url"].startswith("https://"), resource["name"]


@pytest.mark.parametrize("path", PACKS, ids=lambda path: path.stem)
def test_company_tags_are_backed_by_a_guide_experience(path):
    data = load(path)
    experienced = {experience["company"] for experience in data.get("experiences") or []}
    for question in data["questions"]:
        assert set(question["companies"]) <= experienced, question["slug"]
