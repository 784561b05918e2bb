import pytest
from django.urls import reverse

from questions.models import Question
from questions.tests.factories import admin_edit_question, make_question, make_role

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:questions_question_changelist"


def test_publish_action_publishes_only_the_selected_drafts(curator_client):
    role = make_role()
    drafts = [make_question(role=role, is_published=False) for _ in range(3)]
    response = curator_client.post(
        reverse(CHANGELIST), {"action": "publish", "_selected_action": [drafts[0].pk, drafts[1].pk]}, follow=True
    )
    assert "Published 2 question(s)." in response.content.decode()
    assert list(Question.objects.filter(is_published=True).order_by("pk")) == drafts[:2]


def test_unpublish_action_turns_questions_into_drafts_and_the_public_page_404s(curator_client, client):
    question = make_question()
    assert client.get(question.get_absolute_url()).status_code == 200  # cached for visitors
    curator_client.post(reverse(CHANGELIST), {"action": "unpublish", "_selected_action": [question.pk]})
    question.refresh_from_db()
    assert not question.is_published
    curator_client.logout()
    assert client.get(question.get_absolute_url()).status_code == 404


def test_actions_work_on_a_list_filtered_by_skill(curator_client):
    """The filtered list joins skills (with DISTINCT); PostgreSQL refuses to lock such a query."""
    from questions.models import Skill

    skill = Skill.objects.create(slug="caching", name="Caching")
    question = make_question(skills=[skill])
    response = curator_client.post(
        reverse(CHANGELIST) + f"?skills__id__exact={skill.pk}",
        {"action": "unpublish", "_selected_action": [question.pk]},
        follow=True,
    )
    assert response.status_code == 200
    question.refresh_from_db()
    assert not question.is_published


def test_question_list_searches_the_sample_answer(curator_client):
    make_question(text="About queues?", sample_answer_md="Use idempotency keys.")
    make_question(text="About caches?", sample_answer_md="Invalidate on write.")
    response = curator_client.get(reverse(CHANGELIST), {"q": "idempotency"})
    assert [question.text for question in response.context["cl"].result_list] == ["About queues?"]


def test_question_page_shows_word_count_markdown_preview_and_view_on_site(curator_client):
    question = make_question(sample_answer_md="One two **three** four.")
    response = curator_client.get(reverse("admin:questions_question_change", args=[question.pk]))
    html = response.content.decode()
    assert "4 words" in html
    assert "<strong>three</strong>" in html  # the preview beside the editor
    assert reverse("markdown_preview") in html
    assert f"/r/{response.context['content_type_id']}/{question.pk}/" in html  # "View on site"


def test_curator_edits_tips_inline_in_order(curator_client):
    question = make_question()
    tips = list(question.tips.order_by("kind"))  # the mistake, then the tip
    data = {
        "role": question.role_id,
        "number": question.number,
        "text": question.text,
        "slug": question.slug,
        "category": "technical",
        "difficulty": "hard",
        "is_published": "on",
        "why_asked_md": question.why_asked_md,
        "sample_answer_md": "A new answer.",
        "tips-TOTAL_FORMS": "3",
        "tips-INITIAL_FORMS": "2",
        "tips-0-id": tips[0].pk,
        "tips-0-question": question.pk,
        "tips-0-kind": tips[0].kind,
        "tips-0-text": tips[0].text,
        "tips-0-order": "1",
        "tips-1-id": tips[1].pk,
        "tips-1-question": question.pk,
        "tips-1-kind": tips[1].kind,
        "tips-1-text": tips[1].text,
        "tips-1-order": "2",
        "tips-2-question": question.pk,
        "tips-2-kind": "tip",
        "tips-2-text": "Ask what scale they mean.",
        "tips-2-order": "1",
        "key_points-TOTAL_FORMS": "0",  # the key points inline's management form, as admin renders it
        "key_points-INITIAL_FORMS": "0",
    }
    response = curator_client.post(reverse("admin:questions_question_change", args=[question.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    question.refresh_from_db()
    assert question.difficulty == "hard"
    assert [tip.text for tip in Question.objects.with_details().get(pk=question.pk).pro_tips] == [
        "Ask what scale they mean.",
        "Say the trade-off out loud.",
    ]


def test_role_page_lists_every_guide_section_in_guide_order(curator_client):
    role = make_role()
    html = curator_client.get(reverse("admin:questions_role_change", args=[role.pk])).content.decode()
    headings = ["Preparation tips", "Red flags", "Interview-day checklist items", "Questions to ask the interviewer"]
    headings += ["Insights", "FAQs", "Resources"]
    positions = [html.index(heading) for heading in headings]
    assert positions == sorted(positions)


def test_markdown_preview_renders_sanitised_html_for_staff(curator_client):
    response = curator_client.post(
        reverse("markdown_preview"),
        {"sample_answer_md": "Hello *world* <script>alert(1)</script>"},
        headers={"HX-Request": "true", "HX-Trigger-Name": "sample_answer_md"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<em>world</em>" in html and "<script>" not in html


def test_markdown_preview_refuses_visitors_and_candidates(client, django_user_model):
    assert client.post(reverse("markdown_preview"), {"source": "*x*"}).status_code == 403
    client.force_login(django_user_model.objects.create_user("cand", password="pw-long-enough-1"))
    assert client.post(reverse("markdown_preview"), {"source": "*x*"}).status_code == 403
    assert client.get(reverse("markdown_preview")).status_code == 405


def test_markdown_preview_requires_csrf(curator):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(curator)
    assert strict.post(reverse("markdown_preview"), {"source": "*x*"}).status_code == 403


def test_curator_approves_pending_experiences(curator_client):
    from questions.models import Company, InterviewExperience

    role = make_role()
    company = Company.objects.create(slug="acme", name="Acme")
    pending = InterviewExperience.objects.create(
        company=company, role=role, summary_md="It went well.", outcome="offer"
    )
    url = reverse("admin:questions_interviewexperience_changelist")
    curator_client.post(url, {"action": "approve", "_selected_action": [pending.pk]})
    pending.refresh_from_db()
    assert pending.status == InterviewExperience.Status.APPROVED
    assert list(InterviewExperience.objects.approved()) == [pending]


def test_markdown_edits_are_stored_with_plain_line_breaks(curator_client):
    question = make_question()
    admin_edit_question(curator_client, question, sample_answer_md="First line.\r\n\r\nSecond line.")
    assert question.sample_answer_md == "First line.\n\nSecond line.\n"


def test_saving_an_unchanged_question_changes_nothing(curator_client, starter_content):
    """Browsers post CRLF and the form would strip the final newline; stored text must not move."""
    from questions.models import Role
    from questions.services.packs import pack_export
    from questions.tests.factories import pack_text

    question = Question.objects.get(slug="sql-vs-nosql")
    browser_text = {
        field: getattr(question, field).replace("\n", "\r\n") for field in ("why_asked_md", "sample_answer_md")
    }
    admin_edit_question(curator_client, question, **browser_text)
    assert pack_export(role=Role.objects.get(slug="backend-developer")) == pack_text()
