"""Reads that several pages share (and the API): a whole guide, a company, a question's neighbours."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from prepsite.markdown import word_count
from questions.models import Company, Difficulty, InterviewExperience, Question, Role

WORDS_PER_MINUTE = 200


@dataclass
class Guide:
    """One role guide with every section loaded: one query per section, whatever its size."""

    role: Role
    questions: list[Question]
    prep_tips: list
    experiences: list[InterviewExperience]
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
    return Guide(
        role=role,
        questions=list(role.questions.marked_published().order_by("number").defer("sample_answer_md")),
        prep_tips=list(role.preptips.all()),
        experiences=list(InterviewExperience.objects.approved().filter(role=role).select_related("company")),
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
    """Published questions sharing the most skills with this one, any guide."""
    skill_ids = [skill.pk for skill in question.skills.all()]
    return list(
        Question.objects.published()
        .exclude(pk=question.pk)
        .filter(skills__in=skill_ids)
        .annotate(shared=Count("skills", filter=Q(skills__in=skill_ids)))
        .select_related("role")
        .order_by("-shared", "role__order", "number")[:limit]
    )


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
