"""Candidates' interview reports in the catalogue: summaries, moderation in admin, redaction,
draft questions, packs and the query counts of the pages that show them.

The candidate's side (the share form, their contributions page, deletion) is tested in
``accounts/tests/test_contributions.py``.
"""

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.urls import reverse

from questions.models import REDACTION_MARK, Company, InterviewExperience
from questions.selectors import GUIDE_EXPERIENCES, SUMMARY_MIN_REPORTS
from questions.services.experiences import RoundInput, experience_moderate, experience_redact
from questions.services.packs import pack_export, pack_import
from questions.tests.factories import make_experience, make_question, make_role, pack_text

pytestmark = pytest.mark.django_db

HEADER = 1
COMPANY_QUERIES = 8 + HEADER  # company, summary, page, rounds, linked questions, pay, salary reports, questions
GUIDE_QUERIES = 16 + HEADER  # as in test_query_counts


@pytest.fixture
def author(django_user_model):
    user = django_user_model.objects.create_user("author", "author@example.com", "pw")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def acme(db):
    return Company.objects.create(slug="acme", name="Acme")


@pytest.fixture
def guide(acme):
    role = make_role(slug="backend", title="Backend Developer")
    make_question(role=role, companies=[acme], number=1)  # makes Acme's page public
    return role


def approved_reports(count, *, author, company, role, curator, offers=0, difficulty=3):
    return [
        make_experience(
            author,
            company=company,
            role=role,
            approve_by=curator,
            difficulty=difficulty,
            outcome="offer" if number < offers else "no-offer",
            summary_md=f"Report number {number}.",
        )  # fmt: skip
        for number in range(count)
    ]


# --- Summaries: shown from five approved reports, never below ---------------------------------


def test_four_reports_show_no_summary_at_all(client, author, acme, guide, curator):
    approved_reports(SUMMARY_MIN_REPORTS - 1, author=author, company=acme, role=guide, curator=curator, offers=2)
    for url in (acme.get_absolute_url(), guide.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "Report number 0." in html
        assert " reports, " not in html
        assert "% offers" not in html


def test_five_reports_show_count_offer_share_and_difficulty(client, author, acme, guide, curator):
    approved_reports(SUMMARY_MIN_REPORTS, author=author, company=acme, role=guide, curator=curator, offers=3)
    expected = "5 reports, 60 % offers, difficulty 3.0 of 5"
    assert expected in client.get(acme.get_absolute_url()).content.decode()
    assert expected in client.get(guide.get_absolute_url()).content.decode()


def test_pending_and_rejected_reports_do_not_count(client, author, acme, guide, curator):
    approved_reports(SUMMARY_MIN_REPORTS - 1, author=author, company=acme, role=guide, curator=curator)
    make_experience(author, company=acme, role=guide)  # pending
    rejected = make_experience(author, company=acme, role=guide)
    experience_moderate(experience=rejected, actor=curator, approve=False, reason="duplicate")
    assert " reports, " not in client.get(acme.get_absolute_url()).content.decode()


def test_difficulty_needs_five_rated_reports(client, author, acme, guide, curator):
    approved_reports(SUMMARY_MIN_REPORTS - 1, author=author, company=acme, role=guide, curator=curator)
    InterviewExperience.objects.create(  # a guide's own experience: no difficulty
        company=acme, role=guide, summary_md="From the pack.", outcome="offer", status="approved"
    )
    html = client.get(acme.get_absolute_url()).content.decode()
    assert "5 reports, 20 % offers" in html
    assert "difficulty 3.0 of 5" not in html


# --- What the public pages show ---------------------------------------------------------------


def test_company_page_lists_newest_interview_first_with_rounds_and_linked_questions(
    client, author, acme, guide, curator
):
    question = guide.questions.get()
    draft = make_question(role=guide, is_published=False, text="A draft question nobody may see?")
    make_experience(author, company=acme, role=guide, approve_by=curator, year=2020, summary_md="Older one.")
    newer = make_experience(
        author, company=acme, role=guide, approve_by=curator, year=2021, summary_md="Newer one.",
        linked_questions=[question], rounds=[RoundInput(kind="system-design", description_md="Design a *feed*.")],
    )  # fmt: skip
    newer.linked_questions.add(draft)  # as a curator could in admin: still never shown while a draft
    html = client.get(acme.get_absolute_url()).content.decode()
    assert html.index("Newer one.") < html.index("Older one.")
    assert "System design" in html and "Design a <em>feed</em>." in html
    assert f'href="{question.get_absolute_url()}"' in html
    assert "draft question nobody" not in html
    assert "Interviewed January 2021 · difficulty 3 of 5" in html
    assert f'href="{reverse("questions:share", args=[acme.slug])}"' in html


def test_guide_shows_a_bounded_number_and_points_to_the_company_pages(client, author, acme, guide, curator):
    approved_reports(GUIDE_EXPERIENCES + 2, author=author, company=acme, role=guide, curator=curator)
    html = client.get(guide.get_absolute_url()).content.decode()
    assert html.count('class="card experience"') == GUIDE_EXPERIENCES
    assert f"The {GUIDE_EXPERIENCES} newest of {GUIDE_EXPERIENCES + 2} experiences" in html
    assert f'href="{reverse("questions:share_start")}?role={guide.slug}"' in html


def test_company_page_pages_through_its_experiences(client, author, acme, guide, curator):
    approved_reports(12, author=author, company=acme, role=guide, curator=curator)
    first = client.get(acme.get_absolute_url()).content.decode()
    second = client.get(acme.get_absolute_url() + "?page=2").content.decode()
    assert first.count('class="card experience"') == 10
    assert second.count('class="card experience"') == 2
    assert "Report number 0." in second and "Report number 0." not in first
    assert client.get(acme.get_absolute_url() + "?page=x").status_code == 200


@pytest.mark.parametrize("size", [5, 50])
def test_company_page_query_count_is_constant(client, django_assert_num_queries, author, acme, guide, curator, size):
    question = guide.questions.get()
    for number in range(size):
        make_experience(
            author, company=acme, role=guide, approve_by=curator, linked_questions=[question],
            new_questions=[f"Typed question {number}?"],
            rounds=[RoundInput(kind="coding", description_md="One."), RoundInput(kind="other", description_md="Two.")],
        )  # fmt: skip
    with django_assert_num_queries(COMPANY_QUERIES):
        response = client.get(acme.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count('class="card experience"') == min(size, 10)


@pytest.mark.parametrize("size", [5, 50])
def test_guide_page_query_count_is_constant_in_experiences(
    client, django_assert_num_queries, author, acme, guide, curator, size
):
    question = guide.questions.get()
    for number in range(size):
        company = acme if number % 2 else Company.objects.create(slug=f"co-{size}-{number}", name=f"Co {number}")
        make_experience(author, company=company, role=guide, approve_by=curator, linked_questions=[question])
    with django_assert_num_queries(GUIDE_QUERIES):
        response = client.get(guide.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count('class="card experience"') == min(size, GUIDE_EXPERIENCES)


# --- Draft questions from typed-in questions ----------------------------------------------------


def test_a_typed_in_question_becomes_a_draft_no_visitor_can_reach(client, author, acme, guide, curator):
    experience = make_experience(
        author, company=acme, role=guide, approve_by=curator, new_questions=["How would you shard a wombat index?"]
    )
    draft = experience.suggested_questions.get()
    assert draft.is_published is False
    assert draft.role == guide and list(draft.companies.all()) == [acme]
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert "No questions match these filters." in client.get("/questions/?q=wombat").content.decode()
    assert draft.slug not in client.get("/sitemap.xml").content.decode()
    company_html = client.get(acme.get_absolute_url()).content.decode()
    assert draft.get_absolute_url() not in company_html  # the report lists it as text, never as a link
    assert "How would you shard a wombat index?" in company_html


def test_typed_in_questions_take_the_next_free_numbers(author, acme, guide):
    first = make_experience(author, company=acme, role=guide, new_questions=["One?", "Two?"])
    second = make_experience(author, company=acme, role=guide, new_questions=["Three?"])
    numbers = sorted(q.number for e in (first, second) for q in e.suggested_questions.all())
    assert numbers == [2, 3, 4]


def test_a_draft_or_unknown_question_cannot_be_linked(author, acme, guide):
    draft = make_question(role=guide, is_published=False)
    with pytest.raises(ValidationError):
        make_experience(author, company=acme, role=guide, linked_questions=[draft])
    assert not InterviewExperience.objects.exists()


# --- Moderation in admin ------------------------------------------------------------------------


def test_the_admin_list_opens_on_the_pending_queue(curator_client, author, acme, guide, curator):
    pending = make_experience(author, company=acme, role=guide, summary_md="Waiting.")
    approved = make_experience(author, company=acme, role=guide, approve_by=curator)
    url = reverse("admin:questions_interviewexperience_changelist")
    listed = list(curator_client.get(url).context["cl"].result_list)
    assert listed == [pending]
    everything = curator_client.get(url + "?status=all").context["cl"].result_list
    assert {e.pk for e in everything} == {pending.pk, approved.pk}


def test_the_admin_index_counts_pending_reports(curator_client, author, acme, guide):
    for _ in range(3):
        make_experience(author, company=acme, role=guide)
    html = curator_client.get(reverse("admin:index")).content.decode()
    assert "Interview experiences: 3 pending" in html


def test_curator_rejects_with_a_reason_and_cannot_edit_the_text(curator_client, author, acme, guide, curator):
    experience = make_experience(author, company=acme, role=guide, summary_md="My own words.")
    url = reverse("admin:questions_interviewexperience_change", args=[experience.pk])
    form = curator_client.get(url).context["adminform"].form
    assert "summary_md" not in form.fields  # shown read-only
    response = curator_client.post(url, {"decision": "reject", "reason": "", "summary_md": "Rewritten by a curator."})
    assert response.status_code == 200  # the form again: a rejection needs a reason
    response = curator_client.post(
        url,
        {"decision": "reject", "reason": "personal-data", "note": "It names your interviewer.",
         "summary_md": "Rewritten by a curator."},
    )  # fmt: skip
    assert response.status_code == 302
    experience.refresh_from_db()
    assert experience.status == "rejected"
    assert experience.reject_reason == "personal-data"
    assert experience.moderation_note == "It names your interviewer."
    assert experience.moderated_by == curator
    assert experience.summary_md == "My own words.\n"


def test_curator_approves_in_the_change_form(curator_client, author, acme, guide, curator):
    experience = make_experience(author, company=acme, role=guide)
    url = reverse("admin:questions_interviewexperience_change", args=[experience.pk])
    assert curator_client.post(url, {"decision": "approve"}).status_code == 302
    experience.refresh_from_db()
    assert experience.status == "approved" and experience.moderated_by == curator
    assert list(InterviewExperience.objects.approved()) == [experience]


def test_redaction_replaces_only_the_span_and_the_page_says_so(curator_client, client, author, acme, guide, curator):
    experience = make_experience(
        author, company=acme, role=guide, approve_by=curator, summary_md="Jane Doe asked about caching."
    )
    url = reverse("admin:questions_interviewexperience_change", args=[experience.pk])
    response = curator_client.post(url, {"redact_field": "summary_md", "redact_span": "Jane Doe"})
    assert response.status_code == 302
    experience.refresh_from_db()
    assert experience.summary_md == f"{REDACTION_MARK} asked about caching.\n"
    assert experience.redacted_at is not None
    html = client.get(acme.get_absolute_url()).content.decode()
    assert "Jane Doe" not in html
    assert "redacted by a curator" in html


def test_redaction_refuses_words_that_are_not_there(author, acme, guide):
    experience = make_experience(author, company=acme, role=guide)
    with pytest.raises(ValidationError):
        experience_redact(experience=experience, field="summary_md", span="nowhere in it")
    with pytest.raises(ValidationError):
        experience_redact(experience=experience, field="company", span="Acme")


def test_a_round_can_be_redacted(author, acme, guide):
    experience = make_experience(author, company=acme, role=guide)
    interview_round = experience.rounds.get()
    experience_redact(experience=experience, field=f"round-{interview_round.pk}", span="parser")
    interview_round.refresh_from_db()
    assert interview_round.description_md == f"Wrote a {REDACTION_MARK}.\n"


def test_only_a_pending_report_is_moderated(author, acme, guide, curator):
    experience = make_experience(author, company=acme, role=guide, approve_by=curator)
    with pytest.raises(ValidationError):
        experience_moderate(experience=experience, actor=curator, approve=False, reason="spam")
    with pytest.raises(ValidationError):
        experience_moderate(experience=make_experience(author, company=acme, role=guide), actor=curator,
                            approve=False, reason="other")  # fmt: skip


def test_bulk_approve_action_goes_through_moderation(curator_client, author, acme, guide, curator):
    pending = make_experience(author, company=acme, role=guide)
    url = reverse("admin:questions_interviewexperience_changelist")
    curator_client.post(url, {"action": "approve", "_selected_action": [pending.pk]})
    pending.refresh_from_db()
    assert pending.status == "approved" and pending.moderated_by == curator


# --- Packs ---------------------------------------------------------------------------------------


def test_pack_experiences_may_carry_month_year_and_difficulty(starter_content):
    text = pack_text().replace(
        "experiences:\n  - company: netflix\n",
        "experiences:\n  - company: netflix\n    month: 4\n    year: 2024\n    difficulty: 4\n",
    )
    pack_import(source=text)
    netflix = InterviewExperience.objects.get(company__slug="netflix")
    assert (netflix.month, netflix.year, netflix.difficulty) == (4, 2024, 4)
    assert pack_export(role=netflix.role) == text


def test_a_pack_experience_in_the_future_is_a_listed_problem(starter_content):
    from questions.packs import PackError

    text = pack_text().replace(
        "experiences:\n  - company: netflix\n", "experiences:\n  - company: netflix\n    month: 1\n    year: 2999\n"
    )
    with pytest.raises(PackError) as error:
        pack_import(source=text)
    assert any(problem.startswith("experiences[0].year:") for problem in error.value.problems)


def test_history_cannot_restore_a_candidates_text(curator_client, author, acme, guide, curator):
    from reversion.models import Version

    experience = make_experience(author, company=acme, role=guide, approve_by=curator, summary_md="Jane said no.")
    url = reverse("admin:questions_interviewexperience_change", args=[experience.pk])
    curator_client.post(url, {"redact_field": "summary_md", "redact_span": "Jane"})
    version = Version.objects.get_for_object(experience).last()
    restore = reverse("admin:questions_interviewexperience_restore", args=[experience.pk, version.pk])
    assert curator_client.post(restore).status_code == 403
    experience.refresh_from_db()
    assert "Jane" not in experience.summary_md
