"""A large catalogue and a busy candidate, built fast, for the scale benchmark.

``manage.py bench_scale`` builds these in a scratch database to see whether a page's cost
grows with the catalogue. Questions are made from the starter questions (their texts,
answers, tips and key points, reshuffled and renumbered), so text lengths, skills and
search matches look like real content; rows go in with ``bulk_create``, and the content
version is bumped once at the end, as a pack import would.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts import services
from questions.models import Category, Company, Difficulty, KeyPoint, Question, QuestionTip, Role, Skill
from questions.public_cache import content_changed

TOPICS = (
    "Payments",
    "Search",
    "Messaging",
    "Mobile backends",
    "Data platforms",
    "Streaming",
    "Identity",
    "Billing",
    "Logistics",
    "Healthcare systems",
    "Ad tech",
    "Gaming servers",
    "Fintech ledgers",
    "Machine learning platforms",
    "IoT fleets",
    "Marketplaces",
    "Observability tooling",
    "Developer platforms",
    "Content delivery",
    "Travel booking",
)
EXTRA_SKILLS = 30
EXTRA_COMPANIES = 50
BATCH = 1000


def _scenario(index: int) -> str:
    return f" Assume you are working on {TOPICS[index % len(TOPICS)].lower()} (case {index})."


@transaction.atomic
def catalogue_grow(*, questions: int, guides: int, seed: int = 12) -> list[Role]:
    """Add ``guides`` published guides holding ``questions`` published questions between them."""
    rng = random.Random(seed)  # noqa: S311 - repeatable test data, not secrets
    templates = list(Question.objects.published().prefetch_related("tips", "key_points"))
    if not templates:
        raise ValueError("load the starter content first: the large catalogue is made from its questions")
    first_order = max(Role.objects.values_list("order", flat=True), default=0) + 1
    roles = Role.objects.bulk_create(
        Role(
            slug=f"scale-{TOPICS[n % len(TOPICS)].lower().replace(' ', '-')}-{n}",
            title=f"{TOPICS[n % len(TOPICS)]} Engineer {n}",
            lead="A large guide made by the scale benchmark.",
            intro_md=templates[n % len(templates)].why_asked_md,
            is_published=True,
            order=first_order + n,
        )
        for n in range(guides)
    )
    skills = list(Skill.objects.all()) + Skill.objects.bulk_create(
        Skill(slug=f"scale-skill-{n}", name=f"{TOPICS[n % len(TOPICS)]} skill {n}") for n in range(EXTRA_SKILLS)
    )
    companies = list(Company.objects.all()) + Company.objects.bulk_create(
        Company(slug=f"scale-company-{n}", name=f"Scale Company {n}") for n in range(EXTRA_COMPANIES)
    )
    per_guide = -(-questions // guides)
    made = 0
    while made < questions:
        batch = []
        for index in range(made, min(made + BATCH, questions)):
            template = templates[index % len(templates)]
            answer = template.sample_answer_md.split("\n\n")
            rng.shuffle(answer)
            batch.append(
                Question(
                    slug=f"scale-question-{index}",
                    role=roles[index // per_guide],
                    number=index % per_guide + 1,
                    text=template.text + _scenario(index),
                    category=rng.choice(Category.values),
                    difficulty=rng.choice(Difficulty.values),
                    why_asked_md=template.why_asked_md,
                    sample_answer_md="\n\n".join(answer),
                    is_published=True,
                )
            )
        created = Question.objects.bulk_create(batch)
        templates_of = [templates[index % len(templates)] for index in range(made, made + len(created))]
        Question.skills.through.objects.bulk_create(
            Question.skills.through(question_id=question.pk, skill_id=skill.pk)
            for question in created
            for skill in rng.sample(skills, rng.randint(1, 4))
        )
        Question.companies.through.objects.bulk_create(
            Question.companies.through(question_id=question.pk, company_id=company.pk)
            for question in created
            for company in rng.sample(companies, rng.randint(0, 3))
        )
        QuestionTip.objects.bulk_create(
            QuestionTip(question=question, kind=tip.kind, text=tip.text, order=tip.order)
            for question, template in zip(created, templates_of, strict=True)
            for tip in template.tips.all()
        )
        KeyPoint.objects.bulk_create(
            KeyPoint(question=question, order=point.order, text=point.text, phrases=point.phrases)
            for question, template in zip(created, templates_of, strict=True)
            for point in template.key_points.all()
        )
        made += len(created)
    for role in roles:
        role.skills.set(rng.sample(skills, 5))
    content_changed()
    return roles


RATINGS = ("again", "hard", "good", "good", "good", "easy")


def candidate_make(*, ratings: int, seed: int = 12):
    """A candidate following the first guide, with ``ratings`` ratings over the last 120 days
    (through the real schedule service, oldest first) and twenty bookmarks."""
    rng = random.Random(seed)  # noqa: S311 - repeatable test data, not secrets
    user = get_user_model().objects.create_user(username="scale-candidate", email="scale@example.com")
    role = Role.objects.published().order_by("order").first()
    today = timezone.localdate()
    services.profile_update(
        user=user, target_role=role, interview_date=today + timedelta(days=30), experience_level="", time_zone="UTC"
    )
    questions = list(Question.objects.published().order_by("role__order", "number"))
    start = timezone.now() - timedelta(days=120)
    step = timedelta(days=120) / max(ratings, 1)
    for index in range(ratings):
        services.practice_record(
            user=user,
            question=questions[rng.randrange(len(questions))],
            rating=rng.choice(RATINGS),
            seconds_spent=rng.randint(30, 600),
            reviewed_at=start + index * step,
        )
    for question in questions[:20]:
        services.bookmark_set(user=user, question=question, bookmarked=True)
    return user
