"""Admin for the catalogue: where curators write, review, publish and move guides.

Every admin here shares :class:`ContentAdmin`, so all content edits get the same
treatment (Markdown previews beside the editor; see ``prepsite/widgets.py``).
"""

from django.contrib import admin, messages
from django.db import models
from django.utils.html import format_html

from prepsite.markdown import word_count
from prepsite.widgets import MarkdownTextarea
from questions import models as m
from questions.services import experiences_set_status, questions_set_published


class MarkdownPreviewMixin:
    """Markdown fields (named ``*_md``) get an editor with a live rendered preview."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.TextField) and db_field.name.endswith("_md"):
            kwargs["widget"] = MarkdownTextarea
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class ContentAdmin(MarkdownPreviewMixin, admin.ModelAdmin):
    pass


class QuestionTipInline(admin.TabularInline):
    """Tips and mistakes of a question; ``order`` sets their order within each kind."""

    model = m.QuestionTip
    extra = 1
    fields = ["kind", "text", "order"]
    ordering = ["kind", "order", "pk"]


@admin.register(m.Question)
class QuestionAdmin(ContentAdmin):
    list_display = ["number", "text", "role", "category", "difficulty", "is_published", "updated_at"]
    list_display_links = ["text"]
    list_filter = ["role", "category", "difficulty", "is_published", "skills"]
    search_fields = ["text", "sample_answer_md"]
    prepopulated_fields = {"slug": ["text"]}
    autocomplete_fields = ["skills", "companies"]
    inlines = [QuestionTipInline]
    list_select_related = ["role"]
    readonly_fields = ["sample_answer_words", "updated_at"]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["role", "number", "text", "slug", "category", "difficulty", "is_published"]}),
        ("Answer", {"fields": ["why_asked_md", "sample_answer_md", "sample_answer_words"]}),
        ("Links", {"fields": ["skills", "companies", "updated_at"]}),
    ]

    @admin.display(description="words in the sample answer")
    def sample_answer_words(self, question: m.Question) -> str:
        if question.pk is None:
            return "—"
        return f"{word_count(question.sample_answer_md)} words"

    @admin.action(description="Publish selected questions", permissions=["change"])
    def publish(self, request, queryset):
        count = questions_set_published(questions=queryset, published=True)
        self.message_user(request, f"Published {count} question(s).", messages.SUCCESS)

    @admin.action(description="Unpublish selected questions", permissions=["change"])
    def unpublish(self, request, queryset):
        count = questions_set_published(questions=queryset, published=False)
        self.message_user(request, f"Unpublished {count} question(s); they are now drafts.", messages.SUCCESS)


def section_inline(section_model):
    """A guide section edited on its role's page, collapsed so the page stays scannable."""
    return type(
        f"{section_model.__name__}Inline",
        (MarkdownPreviewMixin, admin.StackedInline),
        {"model": section_model, "extra": 0, "classes": ["collapse"]},
    )


# The order the public guide shows them in.
GUIDE_SECTIONS = (m.PrepTip, m.RedFlag, m.ChecklistItem, m.AskTheInterviewer, m.Insight, m.Faq, m.Resource)


@admin.register(m.Role)
class RoleAdmin(ContentAdmin):
    list_display = ["title", "slug", "is_published", "order", "question_count", "updated_at"]
    list_filter = ["is_published"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["skills"]
    inlines = [section_inline(model) for model in GUIDE_SECTIONS]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(question_total=models.Count("questions"))

    @admin.display(description="questions", ordering="question_total")
    def question_count(self, role: m.Role):
        return format_html('<a href="../question/?role__id__exact={}">{}</a>', role.pk, role.question_total)


@admin.register(m.Skill)
class SkillAdmin(ContentAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(m.Company)
class CompanyAdmin(ContentAdmin):
    list_display = ["name", "slug", "website"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(m.InterviewExperience)
class InterviewExperienceAdmin(ContentAdmin):
    """Moderation: candidates' experiences wait as pending until a curator approves them."""

    list_display = ["company", "role", "outcome", "status", "submitted_by", "created_at"]
    list_filter = ["status", "outcome", "role", "company"]
    list_select_related = ["company", "role", "submitted_by"]
    autocomplete_fields = ["company"]
    readonly_fields = ["submitted_by", "created_at"]
    actions = ["approve", "reject"]

    @admin.action(description="Approve selected experiences", permissions=["change"])
    def approve(self, request, queryset):
        count = experiences_set_status(experiences=queryset, status=m.InterviewExperience.Status.APPROVED)
        self.message_user(request, f"Approved {count} experience(s).", messages.SUCCESS)

    @admin.action(description="Reject selected experiences", permissions=["change"])
    def reject(self, request, queryset):
        count = experiences_set_status(experiences=queryset, status=m.InterviewExperience.Status.REJECTED)
        self.message_user(request, f"Rejected {count} experience(s).", messages.SUCCESS)
