"""Reads that several pages share (and the API): a whole guide, a company, a question's
neighbours and related questions, the catalogue's totals."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from django.db.models import Avg, Count, F, Q, QuerySet
from django.shortcuts import get_object_or_404

from prepsite.markdown import word_count
from questions.models import Company, Difficulty, InterviewExperience, Question, Role
from questions.public_cache import content_fragment

WORDS_PER_MINUTE = 200
#: A company's summary ("12 reports, 58 % offers") needs this many approved reports.
SUMMARY_MIN_REPORTS = 5
#: The guide shows this many experiences, newest first; each company page has them all.
GUIDE_EXPERIENCES = 6


@dataclass(frozen=True)
class ExperienceSummary:
    """What the approved reports of one company say together; only made from
    ``SUMMARY_MIN_REPORTS`` reports up, so a figure never stands for one or two people."""

    company_id: int
    company_name: str
    company_slug: str
    reports: int
    offers: int
    rated: int
    average_difficulty: float | None

    @property
    def offer_percent(self) -> int:
        return round(100 * self.offers / self.reports)

    @property
    def difficulty(self) -> str:
        """ "3.4", or "" when fewer than ``SUMMARY_MIN_REPORTS`` reports rated the difficulty."""
        if self.rated < SUMMARY_MIN_REPORTS or self.average_difficulty is None:
            return ""
        return f"{self.average_difficulty:.1f}"


@dataclass(frozen=True)
class ExperienceSummaries:
    total: int
    by_company: dict[int, ExperienceSummary]

    @property
    def shown(self) -> list[ExperienceSummary]:
        return sorted(self.by_company.values(), key=lambda summary: (-summary.reports, summary.company_name))

    def for_company(self, company_id: int) -> ExperienceSummary | None:
        return self.by_company.get(company_id)


def experience_summaries(experiences: QuerySet[InterviewExperience]) -> ExperienceSummaries:
    """Per-company summaries of the given (approved) reports, in one query.

    The one place the summary rule lives: a company with fewer than
    ``SUMMARY_MIN_REPORTS`` reports gets no summary at all (never a 0 or a share of 1).
    """
    rows = (
        experiences.order_by()
        .values("company_id", company_name=F("company__name"), company_slug=F("company__slug"))
        .annotate(
            reports=Count("pk"),
            offers=Count("pk", filter=Q(outcome=InterviewExperience.Outcome.OFFER)),
            rated=Count("difficulty"),
            average_difficulty=Avg("difficulty"),
        )
    )
    by_company, total = {}, 0
    for row in rows:
        total += row["reports"]
        if row["reports"] >= SUMMARY_MIN_REPORTS:
            by_company[row["company_id"]] = ExperienceSummary(**row)
    return ExperienceSummaries(total=total, by_company=by_company)


@dataclass
class Guide:
    """One role guide with every section loaded: one query per section, whatever its size."""

    role: Role
    questions: list[Question]
    prep_tips: list
    experiences: list[InterviewExperience]
    experience_summaries: ExperienceSummaries
    red_flags: list
    checklist: list
    ask_the_interviewer: list
    insights: list
    faqs: list
    resources: list

    @property
    def question_count(self) -> int:
        return len(self.questions)

    @property
    def overall_difficulty(self) -> str:
        """The most common difficulty; ties go to the harder one."""
        if not self.questions:
            return ""
        counts = Counter(question.difficulty for question in self.questions)
        order = list(Difficulty.values)
        value = max(counts, key=lambda difficulty: (counts[difficulty], order.index(difficulty)))
        return Difficulty(value).label

    @property
    def difficulty_counts(self) -> list[tuple[str, int]]:
        counts = Counter(question.difficulty for question in self.questions)
        return [(label, counts[value]) for value, label in Difficulty.choices if counts[value]]

    def words(self) -> int:
        """The words the guide page shows: of each question its text and why it is asked
        (the first paragraph); answers, tips and mistakes are loaded only on request."""
        role = self.role
        texts = [role.heading, role.lead, role.intro_md, role.negotiation_md, role.pay_note_md]
        for question in self.questions:
            texts += [question.text, question.why_asked_lead]
        for tip in self.prep_tips:
            texts += [tip.title, tip.body_md]
        for experience in self.experiences:
            texts += [experience.summary_md, experience.questions_asked, experience.takeaway, experience.tip]
        for flag in self.red_flags:
            texts += [flag.signal, flag.why_md, flag.what_to_do_md]
        texts += [item.text for item in self.checklist]
        for ask in self.ask_the_interviewer:
            texts += [ask.text, ask.why, ask.good_sign]
        for insight in self.insights:
            texts += [insight.title, insight.body_md, insight.how_to_apply]
        for faq in self.faqs:
            texts += [faq.question, faq.answer_md]
        for resource in self.resources:
            texts += [resource.name, resource.blurb]
        return word_count(*texts)

    @property
    def reading_minutes(self) -> int:
        return max(1, math.ceil(self.words() / WORDS_PER_MINUTE))


def guide_for(slug: str, *, include_drafts: bool = False) -> Guide:
    """A guide as visitors see it; with ``include_drafts`` an unpublished role loads too,
    still showing only its published questions (what it will look like once published).

    Questions come without their sample answers and tips: the guide links to them (and
    loads them in place on request), so its size does not grow with the answers."""
    roles = Role.objects.all() if include_drafts else Role.objects.published()
    role = get_object_or_404(roles.prefetch_related("skills"), slug=slug)
    experiences = InterviewExperience.objects.approved().filter(role=role)
    return Guide(
        role=role,
        questions=list(role.questions.marked_published().order_by("number").defer("sample_answer_md")),
        prep_tips=list(role.preptips.all()),
        experiences=list(experiences.newest_first().for_public_page()[:GUIDE_EXPERIENCES]),
        experience_summaries=experience_summaries(experiences),
        red_flags=list(role.redflags.all()),
        checklist=list(role.checklistitems.all()),
        ask_the_interviewer=list(role.asktheinterviewers.all()),
        insights=list(role.insights.all()),
        faqs=list(role.faqs.all()),
        resources=list(role.resources.all()),
    )


def question_neighbours(question: Question) -> tuple[Question | None, Question | None]:
    """The previous and next published questions of the same guide."""
    siblings = Question.objects.published().filter(role=question.role_id).only("number", "slug", "text", "role_id")
    previous = siblings.filter(number__lt=question.number).order_by("-number").first()
    following = siblings.filter(number__gt=question.number).order_by("number").first()
    return previous, following


def related_questions(question: Question, limit: int = 4) -> list[Question]:
    """Published questions sharing the most skills with this one, any guide.

    Every question sharing a skill is counted, a good part of a large catalogue, so the
    answer is cached per question and content version."""
    skill_ids = [skill.pk for skill in question.skills.all()]
    return content_fragment(f"related:{question.pk}:{limit}", lambda: _related(question, skill_ids, limit))


def _related(question: Question, skill_ids: list[int], limit: int) -> list[Question]:
    return list(
        Question.objects.published()
        .exclude(pk=question.pk)
        .filter(skills__in=skill_ids)
        .annotate(shared=Count("skills", filter=Q(skills__in=skill_ids)))
        .select_related("role")
        .only("slug", "text", "number", "role__title", "role__slug", "role__order")
        .order_by("-shared", "role__order", "role_id", "number")[:limit]
    )


@dataclass(frozen=True)
class CatalogueTotals:
    """How many published questions each category, difficulty and skill (by name) has."""

    by_category: dict[str, int]
    by_difficulty: dict[str, int]
    by_skill: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_category.values())


def catalogue_totals() -> CatalogueTotals:
    """The denominators of the dashboard's coverage bars: two grouped counts over the
    whole catalogue, cached under the content version."""
    return content_fragment("totals", _catalogue_totals)


def _catalogue_totals() -> CatalogueTotals:
    by_category: Counter = Counter()
    by_difficulty: Counter = Counter()
    rows = Question.objects.published().values_list("category", "difficulty").annotate(count=Count("pk")).order_by()
    for category, difficulty, count in rows:
        by_category[category] += count
        by_difficulty[difficulty] += count
    skills = (
        Question.skills.through.objects.filter(question__in=Question.objects.published())
        .values_list("skill__name")
        .annotate(count=Count("pk"))
        .order_by("skill__name")
    )
    return CatalogueTotals(dict(by_category), dict(by_difficulty), dict(skills))


@dataclass
class CompanyProfile:
    """A company as visitors see it: its approved interview experiences and the
    published questions it is known to ask."""

    company: Company
    experiences: list[InterviewExperience]
    questions: list[Question]


def company_profile(slug: str) -> CompanyProfile:
    company = get_object_or_404(Company.objects.published(), slug=slug)
    return CompanyProfile(
        company=company,
        experiences=list(InterviewExperience.objects.approved().filter(company=company).select_related("role")),
        questions=list(Question.objects.published().filter(companies=company).select_related("role")),
    )
