"""Admin for the catalogue: where curators write, review, publish and move guides.

Every admin here shares :class:`ContentAdmin`, so all content edits get the same
treatment: Markdown previews beside the editor (``prepsite/widgets.py``), and history
with compare, restore and recovery of deleted objects (``questions/history.py``).
"""

import reversion
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST
from reversion.admin import VersionAdmin
from reversion.models import Version

from prepsite.markdown import word_count
from prepsite.widgets import MarkdownTextarea
from questions import models as m
from questions.history import compare_versions
from questions.services import experiences_set_status, questions_set_published, version_restore


class MarkdownPreviewMixin:
    """Markdown fields (named ``*_md``) get an editor with a live rendered preview."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.TextField) and db_field.name.endswith("_md"):
            kwargs["widget"] = MarkdownTextarea
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class ContentAdmin(MarkdownPreviewMixin, VersionAdmin):
    """Every content admin: edits recorded by reversion, history you can compare and restore."""

    history_latest_first = True
    object_history_template = "admin/content_history.html"

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/history/compare/", view(self.compare_view), name=f"{prefix}_compare"),
            path(
                "<path:object_id>/history/<int:version_id>/restore/",
                view(require_POST(self.restore_view)),
                name=f"{prefix}_restore",
            ),
            *super().get_urls(),
        ]

    def _versions(self, object_id):
        return Version.objects.get_for_object_reference(self.model, object_id).select_related("revision__user")

    def history_view(self, request, object_id, extra_context=None):
        versions = list(self._versions(object_id))
        context = {
            "versions": versions,
            "object_id": object_id,
            "compare_url": reverse(self._url_name("compare"), args=[object_id]),
        }
        return super().history_view(request, object_id, {**context, **(extra_context or {})})

    def compare_view(self, request, object_id):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        versions = self._versions(object_id)
        try:
            chosen = [int(request.GET[key]) for key in ("older", "newer")]
        except (KeyError, ValueError):
            messages.error(request, "Choose two versions to compare.")
            return HttpResponseRedirect(reverse(self._url_name("history"), args=[object_id]))
        older, newer = sorted(
            (get_object_or_404(versions, pk=pk) for pk in chosen), key=lambda version: version.revision.date_created
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Compare versions of {older.object_repr}",
            "object_id": object_id,
            "older": older,
            "newer": newer,
            "changes": compare_versions(older, newer),
            "can_restore": self.has_change_permission(request),
        }
        return TemplateResponse(request, "admin/content_compare.html", context)

    def restore_view(self, request, object_id, version_id):
        if not (self.has_change_permission(request) and self.has_add_permission(request)):
            raise PermissionDenied
        version = get_object_or_404(self._versions(object_id), pk=version_id)
        try:
            obj = version_restore(version=version, actor=request.user)
        except ValidationError as error:
            messages.error(request, f"Could not restore that version: {' '.join(error.messages)}")
            return HttpResponseRedirect(reverse(self._url_name("history"), args=[object_id]))
        messages.success(request, f"Restored “{obj}” to the version of {version.revision.date_created:%Y-%m-%d %H:%M}.")
        return HttpResponseRedirect(reverse(self._url_name("change"), args=[obj.pk]))

    def _url_name(self, view: str) -> str:
        return f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_{view}"

    def delete_model(self, request, obj):
        """Record the object as it is, then delete it: "Recover deleted" can bring it back.

        Admin's delete view runs in one transaction, so the record and the deletion
        happen together or not at all.
        """
        self._record_before_delete(request, [obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        self._record_before_delete(request, list(queryset))
        super().delete_queryset(request, queryset)

    def _record_before_delete(self, request, objects) -> None:
        # A revision only keeps objects that still exist when it closes: close it first.
        with reversion.create_revision():
            for obj in objects:
                reversion.add_to_revision(obj)
            reversion.set_user(request.user)
            reversion.set_comment("Deleted")


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
