import pytest
import yaml
from django.urls import reverse
from reversion.models import Version

from questions.models import Question, QuestionTip
from questions.services.packs import pack_import
from questions.tests.factories import admin_edit_question as edit
from questions.tests.factories import make_question, make_role, pack_text

pytestmark = pytest.mark.django_db


def versions_of(question: Question) -> list[Version]:
    return list(Version.objects.get_for_object(question).select_related("revision__user"))


def test_admin_edit_is_recorded_with_who_when_and_tips(curator_client, curator):
    question = make_question()
    edit(curator_client, question, sample_answer_md="First draft.")
    edit(curator_client, question, sample_answer_md="Second draft.", **{"tips-0-text": "Edited mistake."})
    newest, older = versions_of(question)
    assert newest.revision.user == curator and newest.revision.date_created >= older.revision.date_created
    assert newest.field_dict["sample_answer_md"] == "Second draft.\n"  # stored as packs store Markdown
    assert "Sample answer" in newest.revision.get_comment()
    tip_texts = {version.field_dict["text"] for version in newest.revision.version_set.get_for_model(QuestionTip)}
    assert "Edited mistake." in tip_texts

    history = curator_client.get(reverse("admin:questions_question_history", args=[question.pk]))
    html = history.content.decode()
    assert history.status_code == 200 and curator.username in html and "Compare selected versions" in html


def test_compare_shows_what_changed_between_two_versions(curator_client):
    question = make_question(sample_answer_md="Line one.\nLine two.")
    edit(curator_client, question, difficulty="medium")
    edit(curator_client, question, sample_answer_md="Line one.\nLine 2, reworded.", difficulty="hard")
    newest, older = versions_of(question)
    response = curator_client.get(
        reverse("admin:questions_question_compare", args=[question.pk]), {"older": older.pk, "newer": newest.pk}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<del>- Line two.</del>" in html and "<ins>+ Line 2, reworded.</ins>" in html
    assert "<del>- Medium</del>" in html and "<ins>+ Hard</ins>" in html


def test_compare_without_two_versions_is_a_message_not_an_error(curator_client):
    question = make_question()
    edit(curator_client, question)
    url = reverse("admin:questions_question_compare", args=[question.pk])
    assert curator_client.get(url, {"older": "x"}).status_code == 302
    assert curator_client.get(url, {"older": 999999, "newer": 999998}).status_code == 404


def test_restore_brings_back_the_answer_and_its_tips(curator_client, curator):
    question = make_question(sample_answer_md="The good answer.")
    edit(curator_client, question)
    good = versions_of(question)[0]
    edit(
        curator_client,
        question,
        sample_answer_md="A worse answer.",
        **{"tips-0-DELETE": "on", "tips-1-text": "A worse tip."},
    )
    assert question.tips.count() == 1

    response = curator_client.post(reverse("admin:questions_question_restore", args=[question.pk, good.pk]))
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.sample_answer_md == "The good answer.\n"
    assert sorted(question.tips.values_list("text", flat=True)) == [
        "Jumping to a solution.",
        "Say the trade-off out loud.",
    ]
    assert versions_of(question)[0].revision.get_comment().startswith("Restored the version of")
    assert versions_of(question)[0].revision.user == curator


def test_restore_is_post_only_and_refuses_a_version_that_no_longer_fits(curator_client):
    role = make_role()
    question = make_question(role=role, number=1)
    edit(curator_client, question)
    first = versions_of(question)[0]
    edit(curator_client, question, number=2)
    make_question(role=role, number=1)  # someone else now holds number 1
    url = reverse("admin:questions_question_restore", args=[question.pk, first.pk])
    assert curator_client.get(url).status_code == 405
    response = curator_client.post(url, follow=True)
    assert "Could not restore that version" in response.content.decode()
    question.refresh_from_db()
    assert question.number == 2


def test_deleting_asks_first_and_the_question_is_recoverable(curator_client):
    question = make_question(text="Worth keeping?")
    pk, url = question.pk, reverse("admin:questions_question_delete", args=[question.pk])
    confirm = curator_client.get(url)
    assert confirm.status_code == 200 and "Are you sure" in confirm.content.decode()
    assert Question.objects.filter(pk=pk).exists()
    curator_client.post(url, {"post": "yes"})
    assert not Question.objects.filter(pk=pk).exists()

    recover_list = curator_client.get(reverse("admin:questions_question_recoverlist"))
    assert "Worth keeping?" in recover_list.content.decode()
    deleted = Version.objects.get_deleted(Question).get(object_id=str(pk))
    assert deleted.revision.get_comment() == "Deleted"
    assert curator_client.get(reverse("admin:questions_question_recover", args=[deleted.pk])).status_code == 200

    curator_client.post(reverse("admin:questions_question_restore", args=[pk, deleted.pk]))
    restored = Question.objects.get(pk=pk)
    assert restored.text == "Worth keeping?" and restored.tips.count() == 2


def test_publish_action_is_recorded_with_the_curator(curator_client, curator):
    question = make_question(is_published=False)
    curator_client.post(
        reverse("admin:questions_question_changelist"), {"action": "publish", "_selected_action": [question.pk]}
    )
    (version,) = versions_of(question)
    assert version.field_dict["is_published"] is True and version.revision.user == curator


def test_pack_import_records_history_and_removed_questions_are_recoverable(curator, starter_content):
    data = yaml.safe_load(pack_text())
    removed = data["questions"].pop()
    data["questions"][0]["sample_answer_md"] = "Rewritten by the pack."
    pack_import(source=yaml.safe_dump(data, sort_keys=False), actor=curator)

    first = Question.objects.get(slug=data["questions"][0]["slug"])
    latest = Version.objects.get_for_object(first).first()
    assert (
        latest.revision.user == curator and latest.revision.get_comment() == "Imported from the backend-developer pack"
    )
    assert latest.field_dict["sample_answer_md"].strip() == "Rewritten by the pack."
    gone = Version.objects.get_deleted(Question).get(object_repr__contains=removed["text"][:40])
    assert gone.revision.get_comment() == "Removed by importing the backend-developer pack"


def test_dry_run_import_records_nothing(curator, starter_content):
    before = Version.objects.count()
    pack_import(source=pack_text(), dry_run=True, actor=curator)
    assert Version.objects.count() == before


def test_restore_skips_skills_deleted_since(curator_client):
    from questions.models import Skill

    kept, dropped = Skill.objects.create(slug="sql", name="SQL"), Skill.objects.create(slug="perl", name="Perl")
    question = make_question(skills=[kept, dropped])
    edit(curator_client, question, skills=[kept.pk, dropped.pk])
    version = versions_of(question)[0]
    dropped.delete()
    edit(curator_client, question, skills=[], sample_answer_md="Changed.")
    curator_client.post(reverse("admin:questions_question_restore", args=[question.pk, version.pk]))
    links = Question.skills.through.objects.filter(question=question).values_list("skill_id", flat=True)
    assert list(links) == [kept.pk]  # no link to a skill that no longer exists


def test_publish_action_says_what_it_did_in_history(curator_client):
    question = make_question(is_published=False)
    curator_client.post(
        reverse("admin:questions_question_changelist"), {"action": "publish", "_selected_action": [question.pk]}
    )
    newest = Version.objects.get_for_object(question).first()
    assert newest.revision.comment == "Published"
    assert newest.revision.user.email == "curator@example.com"
