from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command

from questions.models import InterviewExperience, KeyPoint, PrepTip, Question, QuestionTip, Role
from questions.packs import PackError
from questions.services.packs import pack_export, pack_import
from questions.tests.factories import make_role, pack_text
from questions.tests.shipped_packs import PACKS

pytestmark = pytest.mark.django_db


def modified_pack(change) -> str:
    data = yaml.safe_load(pack_text())
    change(data)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def snapshot() -> tuple:
    return (
        list(Question.objects.order_by("slug").values_list("slug", "number", "text", "difficulty")),
        QuestionTip.objects.count(),
        list(KeyPoint.objects.order_by("question__slug", "order").values_list("text", "phrases")),
        PrepTip.objects.count(),
    )


@pytest.mark.parametrize("path", PACKS, ids=lambda path: path.stem)
def test_export_import_export_is_byte_identical(db, path):
    """Each shipped file is what an export writes, so a curator's download diffs cleanly against it."""
    pack_import(source=path.read_bytes())
    role = Role.objects.get(slug=path.stem)
    first = pack_export(role=role)
    assert first == pack_text(path.stem)
    assert first.count("    key_points:\n") == role.questions.count()  # every question carries its key points
    Role.objects.all().delete()
    assert not KeyPoint.objects.filter(question__role__slug=path.stem).exists()
    pack_import(source=first)
    assert pack_export(role=Role.objects.get(slug=path.stem)) == first


def test_import_replaces_a_questions_key_points_and_marks_it_changed(starter_content):
    def change(data):
        data["questions"][0]["key_points"] = [
            {"text": "  Estimates the load first ", "phrases": [" requests per second", "back of the envelope"]},
            {"text": "Names the fan-out trade-off", "phrases": ["fan-out on write"]},
        ]

    plan = pack_import(source=modified_pack(change))
    assert plan.changed == ["social-feed-for-a-million-users"]
    points = Question.objects.get(slug="social-feed-for-a-million-users").key_points.order_by("order")
    assert [(point.order, point.text, point.phrase_list) for point in points] == [
        (1, "Estimates the load first", ["requests per second", "back of the envelope"]),
        (2, "Names the fan-out trade-off", ["fan-out on write"]),
    ]
    assert Question.objects.get(slug="sql-vs-nosql").key_points.count() >= 3  # others untouched


def test_a_question_without_key_points_imports_and_exports_an_empty_list(starter_content):
    plan = pack_import(source=modified_pack(lambda data: data["questions"][1].pop("key_points")))
    assert plan.changed == ["sql-vs-nosql"]
    assert not Question.objects.get(slug="sql-vs-nosql").key_points.exists()
    assert "    key_points: []\n" in pack_export(role=Role.objects.get(slug="backend-developer"))


def test_importing_twice_duplicates_nothing(starter_content):
    before = snapshot()
    plan = pack_import(source=pack_text())
    assert snapshot() == before
    assert plan.added == [] and plan.changed == [] and plan.removed == []
    assert len(plan.unchanged) == Question.objects.filter(role__slug="backend-developer").count()


def test_import_reports_added_changed_and_removed(starter_content):
    def change(data):
        data["questions"][0]["text"] = "A reworded first question?"
        removed = data["questions"].pop()
        data["questions"].append({**removed, "slug": "a-brand-new-question", "text": "Something new?"})

    plan = pack_import(source=modified_pack(change))
    assert plan.changed == ["social-feed-for-a-million-users"]
    assert plan.added == ["a-brand-new-question"]
    assert len(plan.removed) == 1
    assert not Question.objects.filter(slug=plan.removed[0]).exists()
    assert Question.objects.get(slug="social-feed-for-a-million-users").text == "A reworded first question?"


def test_renumbering_questions_does_not_trip_the_unique_number(starter_content):
    def swap(data):
        first, second = data["questions"][0], data["questions"][1]
        first["number"], second["number"] = second["number"], first["number"]

    pack_import(source=modified_pack(swap))
    assert Question.objects.get(slug="social-feed-for-a-million-users").number == 2
    assert Question.objects.get(slug="sql-vs-nosql").number == 1


def test_candidate_experiences_survive_a_pack_import(starter_content, django_user_model):
    user = django_user_model.objects.create_user("candidate", "c@example.com", "pw")
    role = Role.objects.get(slug="backend-developer")
    company = role.experiences.first().company
    experience = InterviewExperience.objects.create(
        company=company, role=role, summary_md="Mine.", outcome="offer", submitted_by=user, is_contribution=True
    )
    # An author who deleted their account leaves an approved report without an author: it stays too.
    detached = InterviewExperience.objects.create(
        company=company, role=role, summary_md="Theirs.", outcome="offer", status="approved", is_contribution=True
    )
    pack_import(source=pack_text())
    assert InterviewExperience.objects.filter(pk__in=[experience.pk, detached.pk]).count() == 2
    assert "Mine." not in pack_export(role=role)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["questions"][3].update(difficulty="extreme"),
            "questions[3].difficulty: 'extreme' is not one of easy, medium, hard",
        ),
        (
            lambda d: d["questions"][2].update(category="trivia"),
            "questions[2].category: 'trivia' is not one of technical, behavioral, situational, role-specific, "
            "culture-fit",
        ),
        (lambda d: d["questions"][1].pop("sample_answer_md"), "questions[1].sample_answer_md: missing"),
        (
            lambda d: d["questions"][5].update(slug=d["questions"][4]["slug"]),
            "questions[5].slug: duplicate 'critical-decision-under-deadline'",
        ),
        (lambda d: d["questions"][0].update(skills=["juggling"]), "questions[0].skills[0]: 'juggling' is not listed"),
        (lambda d: d["resources"][0].update(url="ftp://example.com"), "resources[0].url: 'ftp://example.com' is not"),
        (
            lambda d: d["questions"][3]["key_points"][1].update(phrases=[]),
            "questions[3].key_points[1].phrases: at least one phrase",
        ),
        (
            lambda d: d["questions"][3]["key_points"][0].update(phrases=["...", "cache"]),
            "questions[3].key_points[0].phrases: '...' has no words to match",
        ),
        (
            lambda d: d["questions"][2]["key_points"][0].update(phrases=["a" * 61]),
            "questions[2].key_points[0].phrases: 'aaaaaaaaaaaaaaaaaaaa'…: 61 characters, at most 60",
        ),
        (lambda d: d["questions"][2]["key_points"][2].pop("text"), "questions[2].key_points[2].text: missing"),
        (
            lambda d: d["questions"][2]["key_points"][0].update(text="x" * 201),
            "questions[2].key_points[0].text: 201 characters, at most 200",
        ),
        (
            lambda d: d["questions"][0]["key_points"][1].update(text=d["questions"][0]["key_points"][0]["text"]),
            "questions[0].key_points[1].text: duplicate",
        ),
        (
            lambda d: d["questions"][0]["key_points"].extend(d["questions"][1]["key_points"][:1]),
            "questions[0].key_points: 7 key points, at most 6",
        ),
        (lambda d: d["questions"][0].update(key_points="cache"), "questions[0].key_points: expected a list"),
        (lambda d: d["questions"][0]["key_points"][0].update(weight=3), "questions[0].key_points[0].weight: unknown"),
        (lambda d: d["prep_tips"][0].update(days_before_min=30), "prep_tips[0].days_before_min: must not be more"),
        (lambda d: d["salary_bands"][0].update(low=999999), "salary_bands[0].low: must not be more than median"),
        (lambda d: d["company_pay"][0].update(currency="usd"), "company_pay[0].currency: 'usd' is not a three-letter"),
        (lambda d: d.update(format="other/9"), "format: expected 'prepsite-pack/1'"),
        (lambda d: d["role"].pop("title"), "role.title: missing"),
        (lambda d: d.update(surprise=[]), "surprise: unknown section"),
    ],
)
def test_bad_pack_changes_nothing_and_locates_the_problem(starter_content, change, message):
    before = snapshot()
    with pytest.raises(PackError) as error:
        pack_import(source=modified_pack(change))
    assert any(problem.startswith(message) for problem in error.value.problems), error.value.problems
    assert snapshot() == before


def test_every_problem_is_reported_at_once(db):
    def break_many(data):
        data["questions"][0]["difficulty"] = "extreme"
        data["questions"][1].pop("text")
        data["resources"][2]["kind"] = "podcast"

    with pytest.raises(PackError) as error:
        pack_import(source=modified_pack(break_many))
    assert len(error.value.problems) == 3
    assert not Role.objects.exists()


def test_malformed_yaml_names_the_line(db):
    with pytest.raises(PackError) as error:
        pack_import(source="format: prepsite-pack/1\nrole: [unclosed\nquestions: []\n")
    assert error.value.problems[0].startswith("line ")
    assert "not valid YAML" in error.value.problems[0]


def test_a_pack_cannot_take_another_guides_question(starter_content):
    other = make_role(slug="other-role")
    Question.objects.filter(slug="sql-vs-nosql").update(role=other, number=1)
    with pytest.raises(PackError, match="'sql-vs-nosql' already belongs to the 'other-role' guide"):
        pack_import(source=pack_text())


def test_dry_run_writes_nothing(db):
    plan = pack_import(source=pack_text(), dry_run=True)
    assert len(plan.added) >= 40
    assert not Role.objects.exists()


def test_import_command_prints_every_problem_and_fails(tmp_path, db):
    bad = tmp_path / "bad.yaml"
    bad.write_text(modified_pack(lambda d: d["questions"][3].update(difficulty="extreme")))
    with pytest.raises(CommandError) as error:
        call_command("import_pack", str(bad))
    assert "questions[3].difficulty: 'extreme' is not one of easy, medium, hard" in str(error.value)
    assert "nothing was imported" in str(error.value)
    assert not Role.objects.exists()


def test_export_command_writes_the_pack(starter_content):
    out = StringIO()
    call_command("export_pack", "backend-developer", stdout=out)
    assert out.getvalue() == pack_text()


def test_export_command_names_unknown_roles(db):
    with pytest.raises(CommandError, match="No role guide 'nope'"):
        call_command("export_pack", "nope")


def test_load_starter_content_is_idempotent(db):
    call_command("load_starter_content", stdout=StringIO())
    before = snapshot()
    call_command("load_starter_content", stdout=StringIO())
    assert snapshot() == before
    assert Role.objects.published().count() == len(PACKS)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(questions=None), "questions: expected a list, got nothing"),
        (lambda d: d["questions"][0].update(number=2**40), "questions[0].number: 1099511627776 is too large"),
        (lambda d: d["role"].update(title="T" * 101), "role.title: 101 characters, at most 100"),
        (lambda d: d["company_pay"][0].update(level_label="L" * 31), "company_pay[0].level_label: 31 characters"),
        (
            lambda d: d["company_pay"][1].update(company="google", level_label="L5"),
            "company_pay[1].level_label: duplicate ('google', 'L5') (also at company_pay[0])",
        ),
    ],
)
def test_values_the_database_would_refuse_are_listed_problems(starter_content, change, message):
    before = snapshot()
    with pytest.raises(PackError) as error:
        pack_import(source=modified_pack(change))
    assert any(problem.startswith(message) for problem in error.value.problems), error.value.problems
    assert snapshot() == before


def test_a_constraint_validation_missed_is_still_a_listed_problem(starter_content, monkeypatch):
    from questions.services import packs

    # Pretend validation forgot duplicate numbers: the unique (role, number) constraint catches it.
    monkeypatch.setattr(packs, "check_unique", lambda *args, **kwargs: None)
    before = snapshot()
    with pytest.raises(PackError, match="database: refused the pack, nothing was imported"):
        pack_import(source=modified_pack(lambda d: d["questions"][1].update(number=d["questions"][0]["number"])))
    assert snapshot() == before
