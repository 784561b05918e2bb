"""Builders for tests across the apps: guides, questions, curators and admin form posts.

Tests import these directly (``from questions.tests.factories import make_question``);
pytest fixtures that wrap them live in the root ``conftest.py``.
"""

import itertools
from pathlib import Path

PACKS_DIR = Path(__file__).resolve().parents[1] / "packs"
_counter = itertools.count(1)


def make_role(**overrides):
    from questions.models import Role

    number = next(_counter)
    values = {
        "slug": f"role-{number}",
        "title": f"Role {number}",
        "lead": "A guide made by a test.",
        "intro_md": "What these interviews test.",
        "is_published": True,
        "order": number,
    }
    values.update(overrides)
    return Role.objects.create(**values)


def make_question(**overrides):
    """A published question with one tip and one mistake; ``key_points`` takes
    (text, [phrases]) pairs."""
    from questions.models import KeyPoint, Question, QuestionTip

    number = next(_counter)
    key_points = overrides.pop("key_points", [])
    role = overrides.pop("role", None) or make_role()
    skills = overrides.pop("skills", [])
    companies = overrides.pop("companies", [])
    values = {
        "slug": f"question-{number}",
        "role": role,
        "number": number,
        "text": f"Test question {number}?",
        "category": "technical",
        "difficulty": "medium",
        "why_asked_md": "Because it shows judgement.",
        "sample_answer_md": "A sample answer with *emphasis*.",
        "is_published": True,
    }
    values.update(overrides)
    question = Question.objects.create(**values)
    question.skills.set(skills)
    question.companies.set(companies)
    QuestionTip.objects.bulk_create(
        [
            QuestionTip(question=question, kind="tip", text="Say the trade-off out loud.", order=1),
            QuestionTip(question=question, kind="mistake", text="Jumping to a solution.", order=1),
        ]
    )
    KeyPoint.objects.bulk_create(
        KeyPoint(question=question, order=order, text=text, phrases="\n".join(phrases))
        for order, (text, phrases) in enumerate(key_points, start=1)
    )
    return question


def pack_text(name: str = "backend-developer") -> str:
    return (PACKS_DIR / f"{name}.yaml").read_text(encoding="utf-8")


CURATOR_PASSWORD = "a-long-curator-passphrase"  # noqa: S105 - test data


def make_curator(email: str = "curator@example.com", password: str = CURATOR_PASSWORD, *, two_factor: bool = True):
    """A curator made the way operators make one: through the service behind make_curator.

    With ``two_factor`` (the default) they have also set up an authenticator app, as the
    admin requires; its secret is on ``curator.totp_secret`` for :func:`totp_code`.
    """
    from questions.services.curators import curator_make

    curator = curator_make(email=email, password=password)[0]
    if two_factor:
        curator.totp_secret = totp_activate(curator)
    return curator


def totp_activate(user) -> str:
    """Give ``user`` an active authenticator app and recovery codes, as allauth's set-up
    page would; return the app's secret."""
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


def totp_code(secret: str) -> str:
    """The code the authenticator app shows now for ``secret``."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time

    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def question_form(question, **overrides) -> dict:
    """The change form as a browser would post it, with the question's current tips and key points."""
    data = {
        "role": question.role_id,
        "number": question.number,
        "text": question.text,
        "slug": question.slug,
        "category": question.category,
        "difficulty": question.difficulty,
        "why_asked_md": question.why_asked_md,
        "sample_answer_md": question.sample_answer_md,
        "skills": [skill.pk for skill in question.skills.all()],
        "companies": [company.pk for company in question.companies.all()],
    }
    if question.is_published:
        data["is_published"] = "on"
    tips = list(question.tips.order_by("kind", "order", "pk"))
    data.update({"tips-TOTAL_FORMS": str(len(tips)), "tips-INITIAL_FORMS": str(len(tips))})
    for index, tip in enumerate(tips):
        prefix = f"tips-{index}-"
        data.update({prefix + "id": tip.pk, prefix + "question": question.pk, prefix + "kind": tip.kind})
        data.update({prefix + "text": tip.text, prefix + "order": tip.order})
    points = list(question.key_points.order_by("order", "pk"))
    data.update({"key_points-TOTAL_FORMS": str(len(points)), "key_points-INITIAL_FORMS": str(len(points))})
    for index, point in enumerate(points):
        prefix = f"key_points-{index}-"
        data.update({prefix + "id": point.pk, prefix + "question": question.pk, prefix + "text": point.text})
        data.update({prefix + "phrases": point.phrases, prefix + "order": point.order})
    data.update(overrides)
    return data


def admin_edit_question(client, question, **overrides):
    """Save a question through its admin change form, as a curator's browser would."""
    from django.urls import reverse

    response = client.post(
        reverse("admin:questions_question_change", args=[question.pk]), question_form(question, **overrides)
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    question.refresh_from_db()


def share_form(role, **overrides) -> dict:
    """The "Share your interview" form as a browser posts it, with one round filled in."""
    from django.utils import timezone

    data = {
        "role": role.pk,
        "month": "3",
        "year": str(timezone.localdate().year - 1),
        "difficulty": "4",
        "outcome": "offer",
        "summary_md": "Three rounds over two weeks, then an offer.",
        "new_questions": "",
        "takeaway": "They care about trade-offs.",
        "tip": "Practise **out loud**.",
        "rounds-TOTAL_FORMS": "3",
        "rounds-INITIAL_FORMS": "0",
        "rounds-MIN_NUM_FORMS": "0",
        "rounds-MAX_NUM_FORMS": "8",
        "rounds-0-kind": "coding",
        "rounds-0-description_md": "A rate limiter in an hour.",
        "rounds-1-kind": "",
        "rounds-1-description_md": "",
        "rounds-2-kind": "",
        "rounds-2-description_md": "",
        "action": "submit",
    }
    data.update(overrides)
    return data


def make_experience(user, *, company, role, approve_by=None, difficulty: int = 3, outcome: str = "offer", **overrides):
    """A candidate's report sent through the real service; approved by ``approve_by`` if given."""
    from django.utils import timezone

    from questions.services.experiences import RoundInput, experience_moderate, experience_submit

    values = {
        "month": 1,
        "year": timezone.localdate().year - 1,
        "summary_md": "A report from a test.",
        "rounds": [RoundInput(kind="coding", description_md="Wrote a parser.")],
        "linked_questions": [],
        "new_questions": [],
    }
    values.update(overrides)
    experience = experience_submit(
        user=user, company=company, role=role, difficulty=difficulty, outcome=outcome, **values
    )
    if approve_by is not None:
        experience = experience_moderate(experience=experience, actor=approve_by, approve=True)
    return experience
