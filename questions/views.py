"""Public pages: home, role guides, the question list and pages, company pages."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe
from django_htmx.http import push_url

from prepsite.seo import page_meta
from questions.filters import QuestionFilter, filtered_questions, query_params
from questions.models import Question, Role
from questions.public_cache import public_page, wants_fragment
from questions.selectors import company_profile, guide_for, question_neighbours, related_questions

QUESTIONS_PER_PAGE = 20


@require_safe
@public_page
def home(request):
    roles = Role.objects.published().with_question_counts().order_by("order", "title")
    seo = page_meta(
        request,
        title="Prepsite: prepare for your technical interview",
        description="Free, in-depth interview guides: real questions with sample answers, tips, "
        "mistakes to avoid, interview experiences and pay benchmarks.",
        og_type="website",
    )
    return render(request, "questions/home.html", {"roles": roles, "seo": seo})


def can_preview_drafts(request, permission: str) -> bool:
    """Staff who may view the model see unpublished pages as drafts; everyone else gets 404.

    Only signed-in users can pass, and ``public_page`` never caches their responses,
    so a draft never reaches the shared page cache.
    """
    user = request.user
    return user.is_authenticated and user.is_active and user.is_staff and user.has_perm(permission)


def mark_draft(seo: dict) -> dict:
    return {**seo, "noindex": True, "draft": True}


@require_safe
@public_page
def role_detail(request, slug: str):
    guide = guide_for(slug, include_drafts=can_preview_drafts(request, "questions.view_role"))
    role = guide.role
    seo = page_meta(
        request,
        title=f"{role.heading} ({guide.question_count} with answers) | Prepsite",
        description=role.lead,
        trail=[("Home", reverse("questions:home")), (role.heading, role.get_absolute_url())],
        modified=role.updated_at,
    )
    if not role.is_published:
        seo = mark_draft(seo)
    return render(request, "questions/role_detail.html", {"guide": guide, "seo": seo})


@require_safe
@public_page(reads=query_params)
def question_list(request):
    question_filter = QuestionFilter.from_querydict(request.GET, user=request.user)
    paginator = Paginator(filtered_questions(question_filter), QUESTIONS_PER_PAGE)
    page_param = request.GET.get("page", "1")
    try:
        page_number = int(page_param)
    except ValueError:
        page_number = 1
        question_filter.notices.append(f"Ignored page “{page_param[:20]}”: pages are numbered from 1.")
    if page_number < 1 or page_number > paginator.num_pages:
        question_filter.notices.append(f"There is no page {page_number}; showing page 1.")
        page_number = 1
    page = paginator.page(page_number)
    seo = page_meta(
        request,
        title="Interview questions with sample answers | Prepsite",
        description="Search and filter interview questions by role, category, difficulty, skill and company.",
        trail=[("Home", reverse("questions:home")), ("Questions", reverse("questions:list"))],
        canonical_query=question_filter.querystring(page.number),
        og_type="website",
    )
    fragment = wants_fragment(request)
    context = {"filter": question_filter, "page": page, "seo": seo, "fragment": fragment}
    if fragment:
        # The address bar shows the clean filter URL, without the form's empty fields.
        response = render(request, "questions/_question_results.html", context)
        query = question_filter.querystring(page.number)
        return push_url(response, reverse("questions:list") + (f"?{query}" if query else ""))
    return render(request, "questions/question_list.html", context)


@require_safe
@public_page
def question_detail(request, slug: str):
    """The question page; for htmx, its answer alone, which the guide loads in place."""
    fragment = wants_fragment(request)
    questions = Question.objects.with_details()
    if not fragment:
        questions = questions.with_key_points().prefetch_related("companies")
    if can_preview_drafts(request, "questions.view_question"):
        question = get_object_or_404(questions, slug=slug)
    else:
        question = get_object_or_404(questions.published(), slug=slug)
    if fragment:
        context = {"question": question, "level": 4, "answer_only": True}
        return render(request, "questions/_question_body.html", context)
    previous, following = question_neighbours(question)
    role = question.role
    seo = page_meta(
        request,
        title=f"{question.text} | {role.title} interview | Prepsite",
        description=f"{question.text} Why interviewers ask it, a sample answer, pro tips and mistakes to avoid.",
        trail=[
            ("Home", reverse("questions:home")),
            (role.heading, role.get_absolute_url()),
            (f"Question {question.number}", question.get_absolute_url()),
        ],
        modified=question.updated_at,
    )
    if not (question.is_published and role.is_published):
        seo = mark_draft(seo)
    context = {
        "seo": seo,
        "question": question,
        "previous": previous,
        "next": following,
        "related": related_questions(question),
    }
    return render(request, "questions/question_detail.html", context)


@require_safe
@public_page
def company_detail(request, slug: str):
    profile = company_profile(slug)
    company = profile.company
    seo = page_meta(
        request,
        title=f"{company.name} interview experiences and pay | Prepsite",
        description=f"What {company.name} interviews are like: real interview experiences, questions asked "
        "and pay ranges by level.",
        trail=[("Home", reverse("questions:home")), (company.name, company.get_absolute_url())],
    )
    context = {"company": company, "experiences": profile.experiences, "questions": profile.questions, "seo": seo}
    return render(request, "questions/company_detail.html", context)
