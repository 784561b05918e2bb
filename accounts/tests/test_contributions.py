"""A candidate shares an interview, follows it on ``/me/contributions/`` and keeps control of it:
the share form, who may send, the rate limit, the moderation flow end to end, other users'
reports (404), withdrawing, the data export and account deletion."""

import json
from datetime import date

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.services import account_delete
from accounts.tests.factories import client_for, client_signed_in_with_password, make_user
from questions.experience_views import SUBMISSIONS_PER_DAY
from questions.models import Company, InterviewExperience, Question, interviewed_error
from questions.services.experiences import experience_moderate
from questions.tests.factories import make_experience, make_question, make_role, share_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def acme(db):
    return Company.objects.create(slug="acme", name="Acme")


@pytest.fixture
def guide(acme):
    role = make_role(slug="backend", title="Backend Developer")
    make_question(role=role, companies=[acme], number=1, text="How would you design a rate limiter?")
    return role


def share_url(company) -> str:
    return reverse("questions:share", args=[company.slug])


# --- The form -----------------------------------------------------------------------------------


def test_visitors_are_sent_to_sign_in(client, acme, guide):
    response = client.get(share_url(acme))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_an_unverified_address_gets_a_clear_refusal_and_nothing_is_saved(acme, guide):
    user = make_user()
    EmailAddress.objects.filter(user=user).update(verified=False)
    response = client_for(user).post(share_url(acme), share_form(guide))
    assert response.status_code == 403
    assert "Confirm your email address first" in response.content.decode()
    assert not InterviewExperience.objects.exists()


def test_the_form_links_the_privacy_page_and_preselects_the_guide(alice, acme, guide):
    response = client_for(alice).get(share_url(acme) + f"?role={guide.slug}")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{reverse("privacy")}"' in html
    assert response.context["form"]["role"].value() == guide.pk


def test_share_start_sends_on_to_the_companys_form(alice, acme, guide):
    response = client_for(alice).get(reverse("questions:share_start") + f"?company=acme&role={guide.slug}")
    assert response["Location"] == share_url(acme) + f"?role={guide.slug}"


def test_search_inside_the_form_offers_questions_to_tick_and_keeps_what_was_typed(alice, acme, guide):
    data = share_form(guide, action="search", question_search="rate limiter", summary_md="Kept text.")
    response = client_for(alice).post(share_url(acme), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "How would you design a rate limiter?" in html
    assert 'name="linked_questions"' in html
    assert "Kept text." in html
    assert 'role="alert"' not in html  # a search is no failed submission
    assert not InterviewExperience.objects.exists()


def test_add_a_round_gives_one_more_slot(alice, acme, guide):
    response = client_for(alice).post(share_url(acme), share_form(guide, action="add-round"))
    assert response.context["rounds"].total_form_count() == 4


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"month": "12", "year": "2999"}, "Give a year from 2000"),
        ({"rounds-0-kind": "", "rounds-0-description_md": ""}, "Describe at least one round"),
        ({"rounds-0-description_md": ""}, "Say what happened in this round."),
        ({"difficulty": "9"}, "Select a valid choice"),
        ({"new_questions": "x" * 301}, "longer than 300 characters"),
    ],
)
def test_bad_input_is_a_form_error_and_nothing_is_saved(alice, acme, guide, change, message):
    response = client_for(alice).post(share_url(acme), share_form(guide, **change))
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not InterviewExperience.objects.exists()


def test_a_month_still_to_come_is_refused():
    assert "April 2024 is still to come" in interviewed_error(4, 2024, today=date(2024, 3, 31))
    assert interviewed_error(3, 2024, today=date(2024, 3, 31)) == ""


def test_rate_limit_refuses_the_sixth_report_of_the_day_and_keeps_the_text(alice, acme, guide):
    signed_in = client_for(alice)
    for _ in range(SUBMISSIONS_PER_DAY):
        assert signed_in.post(share_url(acme), share_form(guide)).status_code == 302
    response = signed_in.post(share_url(acme), share_form(guide, summary_md="The sixth one."))
    assert response.status_code == 429
    assert response["Retry-After"]
    html = response.content.decode()
    assert "Nothing was sent" in html and "The sixth one." in html
    assert InterviewExperience.objects.count() == SUBMISSIONS_PER_DAY


def test_the_limit_is_per_user(alice, bob, acme, guide):
    for _ in range(SUBMISSIONS_PER_DAY):
        client_for(alice).post(share_url(acme), share_form(guide))
    assert client_for(bob).post(share_url(acme), share_form(guide)).status_code == 302


# --- Moderation, end to end ------------------------------------------------------------------------


def test_submit_is_pending_and_private_until_a_curator_approves(alice, acme, guide, client, curator_client):
    question = guide.questions.get()
    data = share_form(
        guide, summary_md="A **calm** panel.", linked_questions=[str(question.pk)], new_questions="Why Kafka?"
    )
    response = client_for(alice).post(share_url(acme), data)
    assert response["Location"] == reverse("accounts:contributions")
    experience = InterviewExperience.objects.get()
    assert (experience.status, experience.submitted_by, experience.is_contribution) == ("pending", alice, True)
    assert list(experience.linked_questions.all()) == [question]
    assert experience.suggested_questions.get().text == "Why Kafka?"
    assert "calm" not in client.get(acme.get_absolute_url()).content.decode()
    assert "calm" not in client.get(guide.get_absolute_url()).content.decode()
    mine = client_for(alice).get(reverse("accounts:contributions")).content.decode()
    assert "Pending review" in mine and "Waiting for a curator" in mine

    change = reverse("admin:questions_interviewexperience_change", args=[experience.pk])
    assert curator_client.post(change, {"decision": "approve"}).status_code == 302
    company_html = client.get(acme.get_absolute_url()).content.decode()
    assert "A <strong>calm</strong> panel." in company_html
    assert "Why Kafka?" in company_html
    assert "A <strong>calm</strong> panel." in client.get(guide.get_absolute_url()).content.decode()
    assert "Approved" in client_for(alice).get(reverse("accounts:contributions")).content.decode()


def test_a_rejected_report_shows_its_reason_to_the_author_only(alice, acme, guide, client, curator_client):
    client_for(alice).post(share_url(acme), share_form(guide, summary_md="Named my interviewer."))
    experience = InterviewExperience.objects.get()
    change = reverse("admin:questions_interviewexperience_change", args=[experience.pk])
    curator_client.post(change, {"decision": "reject", "reason": "personal-data", "note": "Please leave out names."})
    mine = client_for(alice).get(reverse("accounts:contributions")).content.decode()
    assert "Rejected" in mine
    assert "It names or identifies people" in mine and "Please leave out names." in mine
    assert "Named my interviewer." not in client.get(acme.get_absolute_url()).content.decode()


# --- Only one's own ------------------------------------------------------------------------------------


def test_another_users_report_is_404_and_unchanged(alice, bob, acme, guide):
    theirs = make_experience(bob, company=acme, role=guide, summary_md="Bob's report.")
    response = client_for(alice).post(reverse("accounts:experience_withdraw", args=[theirs.pk]))
    assert response.status_code == 404
    assert InterviewExperience.objects.filter(pk=theirs.pk).exists()
    assert "Bob&#x27;s report." not in client_for(alice).get(reverse("accounts:contributions")).content.decode()


def test_a_guides_own_experience_is_no_ones_contribution(alice, acme, guide):
    shipped = InterviewExperience.objects.create(
        company=acme, role=guide, summary_md="From the pack.", outcome="offer", status="approved"
    )
    assert client_for(alice).post(reverse("accounts:experience_withdraw", args=[shipped.pk])).status_code == 404


def test_withdraw_is_post_only(alice, acme, guide):
    mine = make_experience(alice, company=acme, role=guide)
    assert client_for(alice).get(reverse("accounts:experience_withdraw", args=[mine.pk])).status_code == 405


def test_withdrawing_a_pending_report_deletes_it(alice, acme, guide):
    mine = make_experience(alice, company=acme, role=guide)
    client_for(alice).post(reverse("accounts:experience_withdraw", args=[mine.pk]))
    assert not InterviewExperience.objects.filter(pk=mine.pk).exists()


def test_withdrawing_an_approved_report_takes_it_off_the_site(alice, acme, guide, client, curator):
    mine = make_experience(alice, company=acme, role=guide, approve_by=curator, summary_md="Public for now.")
    assert "Public for now." in client.get(acme.get_absolute_url()).content.decode()
    client_for(alice).post(reverse("accounts:experience_withdraw", args=[mine.pk]))
    mine.refresh_from_db()
    assert mine.status == "withdrawn"
    assert "Public for now." not in client.get(acme.get_absolute_url()).content.decode()
    client_for(alice).post(reverse("accounts:experience_withdraw", args=[mine.pk]))  # then delete it for good
    assert not InterviewExperience.objects.filter(pk=mine.pk).exists()


def test_contributions_page_is_linked_from_the_account_and_dashboard(alice):
    signed_in = client_for(alice)
    url = reverse("accounts:contributions")
    assert f'href="{url}"' in signed_in.get(reverse("accounts:account")).content.decode()
    assert f'href="{url}"' in signed_in.get(reverse("accounts:dashboard")).content.decode()


def test_contributions_page_query_count_is_constant(alice, acme, guide):
    counts = []
    for size in (2, 12):
        for _ in range(size):
            make_experience(alice, company=acme, role=guide)
        signed_in = client_for(alice)
        signed_in.get(reverse("accounts:contributions"))  # warm the session
        with CaptureQueriesContext(connection) as queries:
            assert signed_in.get(reverse("accounts:contributions")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- Export and deletion --------------------------------------------------------------------------------


def test_export_includes_every_report_with_its_rounds_and_decision(alice, acme, guide, curator):
    question = guide.questions.get()
    rejected = make_experience(alice, company=acme, role=guide, linked_questions=[question])
    experience_moderate(experience=rejected, actor=curator, approve=False, reason="duplicate", note="Sent twice.")
    make_experience(alice, company=acme, role=guide, approve_by=curator)
    response = client_signed_in_with_password(alice).get(reverse("accounts:export"))
    reports = json.loads(b"".join(response.streaming_content) if response.streaming else response.content)[
        "interview_experiences"
    ]
    assert [report["status"] for report in reports] == ["rejected", "approved"]
    assert reports[0]["reject_reason"] == "duplicate" and reports[0]["moderation_note"] == "Sent twice."
    assert reports[0]["rounds"] == [{"kind": "coding", "description_md": "Wrote a parser.\n"}]
    assert reports[0]["linked_questions"] == [question.slug]
    assert reports[0]["difficulty"] == 3 and reports[0]["month"] == 1


def test_deleting_the_account_deletes_private_reports_and_detaches_public_ones(alice, acme, guide, curator, client):
    pending = make_experience(alice, company=acme, role=guide)
    rejected = make_experience(alice, company=acme, role=guide)
    experience_moderate(experience=rejected, actor=curator, approve=False, reason="spam")
    approved = make_experience(alice, company=acme, role=guide, approve_by=curator, summary_md="Stays public.")
    withdrawn = make_experience(alice, company=acme, role=guide, approve_by=curator)
    client_for(alice).post(reverse("accounts:experience_withdraw", args=[withdrawn.pk]))
    suggested = make_experience(alice, company=acme, role=guide, new_questions=["A typed question?"])

    account_delete(user=alice)

    remaining = list(InterviewExperience.objects.all())
    assert remaining == [approved]
    assert remaining[0].submitted_by is None and remaining[0].is_contribution
    assert not InterviewExperience.objects.filter(pk__in=[pending.pk, rejected.pk, withdrawn.pk, suggested.pk])
    assert Question.objects.filter(text="A typed question?", is_published=False).exists()  # curators' draft now
    assert "Stays public." in client.get(acme.get_absolute_url()).content.decode()


def test_deleted_reports_leave_nothing_in_admin_history(alice, acme, guide, curator_client):
    from reversion.models import Version

    client_for(alice).post(share_url(acme), share_form(guide, summary_md="Private words."))
    experience = InterviewExperience.objects.get()
    change = reverse("admin:questions_interviewexperience_change", args=[experience.pk])
    curator_client.post(change, {"decision": "reject", "reason": "spam"})  # admin records a version
    assert Version.objects.get_for_object(experience).exists()
    account_delete(user=alice)
    assert not Version.objects.filter(serialized_data__contains="Private words.").exists()
