"""Public pages: home, role guides, the question list and pages, company pages."""

import hashlib

from django.core.paginator import Page, Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_safe
from django_htmx.http import push_url

from prepsite.seo import page_meta
from questions.anki import deck_download
from questions.filters import QuestionFilter, query_params, question_results
from questions.models import Company, InterviewExperience, Question, Role
from questions.public_cache import content_fragment, public_page, wants_fragment
from questions.selectors import experience_summaries, guide_for, question_neighbours, related_questions

QUESTIONS_PER_PAGE = 20
EXPERIENCES_PER_PAGE = 10


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
def role_deck(request, slug: str):
    """The guide's published questions as an Anki deck, cached like the guide itself."""
    role = get_object_or_404(Role.objects.published(), slug=slug)
    questions = role.questions.published().with_details().with_key_points().order_by("number")
    return deck_download(request, f"Prepsite · {role.heading}", questions)


@require_safe
@public_page
def role_detail(request, slug: str):
    include_drafts = can_preview_drafts(request, "questions.view_role")

    def build() -> dict:
        guide = guide_for(slug, include_drafts=include_drafts)
        role = guide.role
        return {
            "html": render_to_string("questions/_guide_content.html", {"guide": guide}),
            "role": Role(pk=role.pk, slug=role.slug, title=role.title, lead=role.lead, is_published=role.is_published),
            "question_count": guide.question_count,
            "updated_at": role.updated_at,
        }

    # The guide is the same for everyone who may see it; a draft is shown, never shared.
    guide = content_fragment(f"guide:{slug}", build, keep=lambda built: built["role"].is_published)
    role = guide["role"]
    seo = page_meta(
        request,
        title=f"{role.heading} ({guide['question_count']} with answers) | Prepsite",
        description=role.lead,
        trail=[("Home", reverse("questions:home")), (role.heading, role.get_absolute_url())],
        modified=guide["updated_at"],
    )
    if not role.is_published:
        seo = mark_draft(seo)
    return render(request, "questions/role_detail.html", {"guide_html": guide["html"], "seo": seo})


def question_page(question_filter: QuestionFilter, page_number: int) -> Page:
    """One page of the list; each question carries its row's markup (``card_html``).

    The count and the rows are the same for every reader of a filter that is not on their
    own progress, so they are kept under the content version: a signed-in reader then pays
    only for their own state on each row. A page past the end shows page 1, with a notice.
    """
    shared = not question_filter.personal_values
    keep = content_fragment if shared else lambda _name, build: build()
    key = hashlib.sha256(question_filter.querystring().encode()).hexdigest()[:32]
    questions, count = question_results(question_filter)  # the count (or a search's ids) cached
    paginator = Paginator(range(count), QUESTIONS_PER_PAGE)
    if page_number < 1 or page_number > paginator.num_pages:
        question_filter.notices.append(f"There is no page {page_number}; showing page 1.")
        page_number = 1
    page = paginator.page(page_number)

    def rows() -> list[Question]:
        found = list(questions[page.start_index() - 1 : page.end_index()]) if paginator.count else []
        return [
            _card(question, render_to_string("questions/_question_card.html", {"question": question}))
            for question in found
        ]

    page.object_list = keep(f"list-page:{key}:{page_number}", rows)
    return page


def _card(question: Question, html: str) -> Question:
    """What a row needs per reader (their state on it) besides its shared markup."""
    card = Question(pk=question.pk, slug=question.slug, number=question.number, text=question.text)
    card.card_html = html
    return card


@require_safe
@public_page(reads=query_params)
def question_list(request):
    question_filter = QuestionFilter.from_querydict(request.GET, user=request.user)
    page_param = request.GET.get("page", "1")
    try:
        page_number = int(page_param)
    except ValueError:
        page_number = 1
        question_filter.notices.append(f"Ignored page “{page_param[:20]}”: pages are numbered from 1.")
    page = question_page(question_filter, page_number)
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
    include_drafts = can_preview_drafts(request, "questions.view_question")
    if fragment:

        def build_answer() -> dict:
            question = get_object_or_404(questions if include_drafts else questions.published(), slug=slug)
            context = {"question": question, "level": 4, "answer_only": True}
            return {
                "html": render_to_string("questions/_question_body.html", context),
                "shared": question.is_published and question.role.is_published,
            }

        answer = content_fragment(f"question-answer:{slug}", build_answer, keep=lambda built: built["shared"])
        return HttpResponse(answer["html"])

    def build() -> dict:
        found = questions.with_key_points().prefetch_related("companies")
        question = get_object_or_404(found if include_drafts else found.published(), slug=slug)
        previous, following = question_neighbours(question)
        context = {
            "question": question,
            "previous": previous,
            "next": following,
            "related": related_questions(question),
        }
        role = question.role
        return {
            "header": render_to_string("questions/_question_header.html", context),
            "main": render_to_string("questions/_question_main.html", context),
            "footer": render_to_string("questions/_question_footer.html", context),
            # What the reader's own state and the page's head need: no query for them.
            "question": Question(
                pk=question.pk,
                slug=question.slug,
                number=question.number,
                text=question.text,
                category=question.category,
                difficulty=question.difficulty,
                is_published=question.is_published,
                updated_at=question.updated_at,
                role=Role(pk=role.pk, slug=role.slug, title=role.title, is_published=role.is_published),
            ),
        }

    # The same for everyone who may see it; a curator's preview of a draft is never shared.
    content = content_fragment(
        f"question:{slug}",
        build,
        keep=lambda built: built["question"].is_published and built["question"].role.is_published,
    )
    question = content["question"]
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
    return render(request, "questions/question_detail.html", {"seo": seo, "question": question, "content": content})


def _page_number(value: str, last: int) -> int:
    """A page number from the address; anything unusable is the first page."""
    return min(int(value), last) if value.isdigit() and int(value) >= 1 else 1


@require_safe
@public_page(reads=("page",))
def company_detail(request, slug: str):
    """The company's approved experiences, newest first, a page at a time, with their summary."""
    company = get_object_or_404(Company.objects.published(), slug=slug)
    approved = InterviewExperience.objects.approved().filter(company=company)
    summaries = experience_summaries(approved)
    paginator = Paginator(approved.newest_first().for_public_page(), EXPERIENCES_PER_PAGE)
    paginator.count = summaries.total  # the summary's query already counted them
    experiences = paginator.page(_page_number(request.GET.get("page", "1"), paginator.num_pages))
    questions = Question.objects.published().filter(companies=company).select_related("role")
    seo = page_meta(
        request,
        title=f"{company.name} interview experiences and pay | Prepsite",
        description=f"What {company.name} interviews are like: real interview experiences, questions asked "
        "and pay ranges by level.",
        trail=[("Home", reverse("questions:home")), (company.name, company.get_absolute_url())],
        canonical_query=f"page={experiences.number}" if experiences.number > 1 else "",
    )
    context = {
        "company": company,
        "experiences": experiences,
        "summary": summaries.for_company(company.pk),
        "questions": questions,
        "seo": seo,
    }
    return render(request, "questions/company_detail.html", context)
