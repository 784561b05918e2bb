"""The catalogue's read-only API: guides, questions and companies as visitors see them.

Every endpoint reads through the code the pages read through, so what the API shows is
what a visitor may see and nothing else: ``published()`` everywhere, the question list
through ``QuestionFilter`` and ``filtered_questions`` (the ``/questions/`` filters and
search, with the same parameter names), a guide through ``guide_for`` and a company
through ``company_profile``. ``prepsite/api.py`` mounts this router under ``/api/v1/``.
"""

from datetime import datetime
from typing import Literal

from django.http import HttpRequest, QueryDict
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import ValidationError
from ninja.pagination import paginate

from prepsite.api_support import (
    DETAIL_ERRORS,
    LIST_ERRORS,
    PAGE_PARAMS,
    Linked,
    Pagination,
    absolute_url,
    cached,
    rendered,
)
from prepsite.markdown import render_markdown
from questions.filters import FILTER_KEYS, MAX_QUERY_LENGTH, QuestionFilter, filtered_questions
from questions.models import Category, Company, Difficulty, InterviewExperience, Question, Role
from questions.selectors import company_profile, guide_for

router = Router()

SLUG_PATTERN = r"^[-a-zA-Z0-9_]*$"


def slug_in_path(example: str):
    """A slug in the path (anything else is a 422 before any query runs), with an example
    that the docs page and the fuzz test both take from the OpenAPI document."""
    return Path(
        ...,
        pattern=SLUG_PATTERN,
        max_length=50,
        description="The slug in the page's URL.",
        example=example,
    )


ROLE_SLUG = slug_in_path("backend-developer")


# --- Schemas ------------------------------------------------------------------------------
class SkillOut(Schema):
    slug: str
    name: str


class CompanyRef(Schema):
    slug: str
    name: str


class RoleRef(Schema):
    slug: str
    title: str


class RoleOut(Linked):
    slug: str
    title: str
    lead: str
    question_count: int = Field(description="Published questions in the guide.")


class QuestionSummary(Linked):
    slug: str
    number: int = Field(description="Position in its guide.")
    text: str
    category: Category
    difficulty: Difficulty


class PrepTipOut(Schema):
    title: str
    body_md: str
    body_html: str
    days_before_min: int = Field(description="Do it no later than this many days before the interview…")
    days_before_max: int = Field(description="…and no earlier than this many days before.")

    resolve_body_html = rendered("body_md")


class FaqOut(Schema):
    question: str
    answer_md: str
    answer_html: str

    resolve_answer_html = rendered("answer_md")


class RoleDetailOut(Schema):
    """Read from the guide as ``selectors.guide_for`` loads it for the page."""

    slug: str = Field(alias="role.slug")
    title: str = Field(alias="role.title")
    lead: str = Field(alias="role.lead")
    question_count: int
    url: str
    intro_md: str = Field(alias="role.intro_md", description="The guide's introduction, as Markdown.")
    intro_html: str = Field(description="The same, rendered and sanitised as the page shows it.")
    updated_at: datetime = Field(alias="role.updated_at")
    skills: list[SkillOut] = Field(alias="role.skills", description="Key skills the guide's interviews assess.")
    questions: list[QuestionSummary] = Field(description="Every published question of the guide, in order.")
    prep_tips: list[PrepTipOut]
    faqs: list[FaqOut]

    @staticmethod
    def resolve_url(guide, context) -> str:
        return absolute_url(context["request"], guide.role.get_absolute_url())

    @staticmethod
    def resolve_intro_html(guide) -> str:
        return render_markdown(guide.role.intro_md)


class QuestionOut(QuestionSummary):
    role: RoleRef
    skills: list[SkillOut]
    companies: list[CompanyRef] = Field(description="Companies known to ask it.")
    updated_at: datetime


class QuestionDetailOut(QuestionOut):
    why_asked_md: str = Field(description="Why interviewers ask it, as Markdown.")
    why_asked_html: str
    sample_answer_md: str = Field(description="A sample answer, as Markdown.")
    sample_answer_html: str = Field(description="The same, rendered and sanitised as the page shows it.")
    pro_tips: list[str]
    mistakes: list[str] = Field(description="Mistakes to avoid.")
    key_points: list[str] = Field(description="The ideas a strong answer covers.")

    resolve_why_asked_html = rendered("why_asked_md")

    resolve_sample_answer_html = rendered("sample_answer_md")

    @staticmethod
    def resolve_pro_tips(question: Question) -> list[str]:
        return [tip.text for tip in question.pro_tips]

    @staticmethod
    def resolve_mistakes(question: Question) -> list[str]:
        return [tip.text for tip in question.mistakes]

    @staticmethod
    def resolve_key_points(question: Question) -> list[str]:
        return [point.text for point in question.key_points.all()]


class CompanyOut(Linked):
    slug: str
    name: str
    website: str


class ExperienceOut(Schema):
    role: RoleRef
    summary_md: str = Field(description="What happened, as Markdown.")
    summary_html: str
    questions_asked: list[str]
    outcome: InterviewExperience.Outcome
    takeaway: str
    tip: str

    resolve_summary_html = rendered("summary_md")

    @staticmethod
    def resolve_questions_asked(experience) -> list[str]:
        return experience.questions_asked_list


class CompanyDetailOut(Schema):
    """Read from the company as ``selectors.company_profile`` loads it for the page."""

    slug: str = Field(alias="company.slug")
    name: str = Field(alias="company.name")
    website: str = Field(alias="company.website")
    url: str
    experiences: list[ExperienceOut] = Field(description="Approved interview experiences, newest last.")
    questions: list[QuestionSummary] = Field(description="Published questions the company is known to ask.")

    @staticmethod
    def resolve_url(profile, context) -> str:
        return absolute_url(context["request"], profile.company.get_absolute_url())


def slug_filter(description: str, *, example: str):
    return Field(
        None, pattern=SLUG_PATTERN, max_length=50, description=description, json_schema_extra={"example": example}
    )


class QuestionFilters(Schema):
    """The filters and search of ``/questions/``, by the same names. An empty value means
    "any", as the page's form sends it; a value that names nothing answers 422."""

    role: str | None = slug_filter("A guide's slug.", example="backend-developer")
    category: Literal["", *Category.values] | None = None  # type: ignore[valid-type]
    difficulty: Literal["", *Difficulty.values] | None = None  # type: ignore[valid-type]
    skill: str | None = slug_filter("A skill's slug.", example="databases")
    company: str | None = slug_filter("A company's slug.", example="stripe")
    q: str | None = Field(
        None,
        max_length=MAX_QUERY_LENGTH,
        description="Search words: a question matches when it holds every word; best matches first.",
    )


QUESTION_LIST_READS = (*FILTER_KEYS, "q", *PAGE_PARAMS)


QUESTION_SLUG = slug_in_path("sql-vs-nosql")
COMPANY_SLUG = slug_in_path("stripe")


# --- Endpoints ----------------------------------------------------------------------------
@router.get("/roles/", response={200: list[RoleOut], **LIST_ERRORS}, tags=["guides"], summary="List the guides")
@cached(reads=PAGE_PARAMS)
@paginate(Pagination)
def role_list(request: HttpRequest):
    return Role.objects.published().with_question_counts().order_by("order", "title")


@router.get("/roles/{slug}/", response={200: RoleDetailOut, **DETAIL_ERRORS}, tags=["guides"], summary="One guide")
@cached()
def role_detail(request: HttpRequest, slug: str = ROLE_SLUG):
    return guide_for(slug)


@router.get(
    "/questions/",
    response={200: list[QuestionOut], **LIST_ERRORS},
    tags=["questions"],
    summary="Filter and search the questions",
)
@cached(reads=QUESTION_LIST_READS)
@paginate(Pagination)
def question_list(request: HttpRequest, filters: Query[QuestionFilters]):
    params = QueryDict(mutable=True)
    for key, value in filters.model_dump(exclude_none=True).items():
        params[key] = value
    question_filter = QuestionFilter.from_querydict(params)
    if question_filter.unknown:
        raise ValidationError(
            [
                {"loc": ("query", key), "msg": f"There is no published {key} “{value[:40]}”."}
                for key, value in question_filter.unknown.items()
            ]
        )
    return filtered_questions(question_filter).prefetch_related("companies")


@router.get(
    "/questions/{slug}/",
    response={200: QuestionDetailOut, **DETAIL_ERRORS},
    tags=["questions"],
    summary="One question with its answer",
)
@cached()
def question_detail(request: HttpRequest, slug: str = QUESTION_SLUG):
    questions = Question.objects.published().with_details().with_key_points().prefetch_related("companies")
    return get_object_or_404(questions, slug=slug)


@router.get(
    "/companies/", response={200: list[CompanyOut], **LIST_ERRORS}, tags=["companies"], summary="List the companies"
)
@cached(reads=PAGE_PARAMS)
@paginate(Pagination)
def company_list(request: HttpRequest):
    return Company.objects.published().order_by("name", "slug")


@router.get(
    "/companies/{slug}/",
    response={200: CompanyDetailOut, **DETAIL_ERRORS},
    tags=["companies"],
    summary="One company: experiences and questions",
)
@cached()
def company_detail(request: HttpRequest, slug: str = COMPANY_SLUG):
    return company_profile(slug)
