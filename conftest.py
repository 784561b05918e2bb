"""Shared test set-up: fast settings, a clean cache per test, and content builders."""

import itertools
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache

PACKS_DIR = Path(__file__).resolve().parent / "questions" / "packs"
_counter = itertools.count(1)


def pytest_configure(config):
    # Fast and side-effect free: cheap hashing, mail kept in memory, plain static files.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


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
    from questions.models import Question, QuestionTip

    number = next(_counter)
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
    return question


def pack_text(name: str = "backend-developer") -> str:
    return (PACKS_DIR / f"{name}.yaml").read_text(encoding="utf-8")


@pytest.fixture
def starter_content(db):
    """Both shipped guides, imported through the real pack service."""
    from questions.services import pack_import

    for path in sorted(PACKS_DIR.glob("*.yaml")):
        pack_import(source=path.read_bytes())


# --- Browser tests ------------------------------------------------------------------------
# pytest-playwright drives Debian's Chromium; `playwright install` cannot download
# browsers here. Without a browser the tests skip with a reason, unless
# PREPSITE_REQUIRE_BROWSER=1 (set by .ci/run), where a missing browser fails the run.

CHROMIUM = os.environ.get("PREPSITE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _require_browser():
    if Path(CHROMIUM).exists():
        return
    message = f"no Chromium at {CHROMIUM}: install Debian's chromium (apt-get install chromium) to run browser tests"
    if os.environ.get("PREPSITE_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    _require_browser()
    # Playwright's sync API keeps an event loop running in the test thread from here on;
    # the ORM calls of the tests (and the database teardown) must still be allowed.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1200, "height": 900}}


# --- People -------------------------------------------------------------------------------


CURATOR_PASSWORD = "a-long-curator-passphrase"  # noqa: S105 - test data


def make_curator(email: str = "curator@example.com", password: str = CURATOR_PASSWORD):
    """A curator made the way operators make one: through the service behind make_curator."""
    from questions.services import curator_make

    return curator_make(email=email, password=password)[0]


@pytest.fixture
def curator(db):
    return make_curator()


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


def question_form(question, **overrides) -> dict:
    """The change form as a browser would post it, with the question's current tips."""
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
