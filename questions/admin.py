"""Admin for the catalogue: where curators write, review, publish and move guides.

Every admin here shares :class:`ContentAdmin`, so all content edits get the same
treatment: Markdown previews beside the editor (``prepsite/widgets.py``), and history
with compare, restore and recovery of deleted objects (``questions/history.py``).
"""

import base64
import binascii

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST
from reversion.admin import VersionAdmin
from reversion.models import Version

from prepsite.markdown import word_count
from prepsite.widgets import MarkdownTextarea
from questions import models as m
from questions.history import compare_versions
from questions.keypoints import MAX_KEY_POINTS
from questions.packs import PackError, parse_pack
from questions.services.curators import curator_models
from questions.services.experiences import experience_moderate, experience_redact, experiences_approve
from questions.services.history import revision_record, version_restore
from questions.services.packs import pack_export, pack_import
from questions.services.publishing import questions_set_published


class MarkdownPreviewMixin:
    """Markdown fields (named ``*_md``) get an editor with a live rendered preview."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.TextField) and db_field.name.endswith("_md"):
            kwargs["widget"] = MarkdownTextarea
            kwargs["strip"] = False  # the widget normalises; stripping would drop the final newline
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
        revision_record(*objects, actor=request.user, comment="Deleted")


class QuestionTipInline(admin.TabularInline):
    """Tips and mistakes of a question; ``order`` sets their order within each kind."""

    model = m.QuestionTip
    extra = 1
    fields = ["kind", "text", "order"]
    ordering = ["kind", "order", "pk"]


class KeyPointInline(admin.TabularInline):
    """The ideas a strong answer covers, each with its match phrases (one per line)."""

    model = m.KeyPoint
    extra = 1
    max_num = MAX_KEY_POINTS
    fields = ["text", "phrases", "order"]
    ordering = ["order", "pk"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 4, "cols": 40})}}

    def get_formset(self, request, obj=None, **kwargs):
        # max_num alone only stops admin's "add another" link; a crafted POST could send more.
        return super().get_formset(request, obj, validate_max=True, **kwargs)


@admin.register(m.Question)
class QuestionAdmin(ContentAdmin):
    list_display = ["number", "text", "role", "category", "difficulty", "is_published", "updated_at"]
    list_display_links = ["text"]
    list_filter = ["role", "category", "difficulty", "is_published", "skills"]
    search_fields = ["text", "sample_answer_md"]
    prepopulated_fields = {"slug": ["text"]}
    autocomplete_fields = ["skills", "companies"]
    inlines = [QuestionTipInline, KeyPointInline]
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


# The apply step posts the file back base64-encoded (4/3 bigger); keep that under
# Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB). The shipped packs are about 200 kB.
PACK_MAX_BYTES = 1536 * 1024


def pack_import_permissions() -> list[str]:
    """Everything an import may add, change or delete: every model a guide is made of."""
    return [
        f"{model._meta.app_label}.{action}_{model._meta.model_name}"
        for model in curator_models()
        for action in ("add", "change", "delete")
    ]


def role_or_404(object_id) -> m.Role:
    """The role named in an admin URL; a malformed id is a 404, not a server error."""
    if not str(object_id).isdigit():
        raise Http404("No such guide.")
    return get_object_or_404(m.Role, pk=object_id)


class PackUploadForm(forms.Form):
    file = forms.FileField(label="Pack file (YAML)", help_text="A file made by “Download pack” or export_pack.")

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > PACK_MAX_BYTES:
            raise forms.ValidationError(f"The file is {upload.size:,} bytes; packs are at most {PACK_MAX_BYTES:,}.")
        try:
            return upload.read().decode("utf-8")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(f"The file is not UTF-8 text (byte {error.start}).") from error


class PackApplyForm(forms.Form):
    """The previewed file travels back base64-encoded, so the bytes applied are the bytes shown."""

    source = forms.CharField(widget=forms.HiddenInput)

    @staticmethod
    def encode(text: str) -> str:
        return base64.b64encode(text.encode("utf-8")).decode("ascii")

    def clean_source(self) -> str:
        try:
            return base64.b64decode(self.cleaned_data["source"], validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError) as error:
            raise forms.ValidationError("The previewed file was damaged on the way back; upload it again.") from error


@admin.register(m.Role)
class RoleAdmin(ContentAdmin):
    list_display = ["title", "slug", "is_published", "order", "question_count", "updated_at"]
    list_filter = ["is_published"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["skills"]
    inlines = [section_inline(model) for model in GUIDE_SECTIONS]
    change_list_template = "admin/questions/role/change_list.html"
    change_form_template = "admin/questions/role/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(question_total=models.Count("questions"))

    @admin.display(description="questions", ordering="question_total")
    def question_count(self, role: m.Role):
        url = reverse("admin:questions_question_changelist") + f"?role__id__exact={role.pk}"
        return format_html('<a href="{}">{}</a>', url, role.question_total)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import-pack/", view(self.pack_import_view), name="questions_role_pack_import"),
            path("<path:object_id>/pack/", view(self.pack_download_view), name="questions_role_pack_download"),
            path("<path:object_id>/import-pack/", view(self.pack_import_view), name="questions_role_pack_import_into"),
            *super().get_urls(),
        ]

    def pack_download_view(self, request, object_id):
        """The same bytes as ``manage.py export_pack``."""
        role = role_or_404(object_id)
        if not self.has_view_or_change_permission(request, role):
            raise PermissionDenied
        response = HttpResponse(pack_export(role=role), content_type="application/yaml; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{role.slug}.yaml"'
        return response

    def pack_import_view(self, request, object_id=None):
        """Upload → preview (a dry run: nothing written) → apply in one transaction.

        On a role's page the pack must be for that role; from the list it may create a
        new guide. Every problem in a bad file is listed with its location.
        """
        if not request.user.has_perms(pack_import_permissions()):
            raise PermissionDenied
        role = role_or_404(object_id) if object_id is not None else None
        upload_form, apply_form, plan, problems = PackUploadForm(), None, None, []
        if request.method == "POST" and "source" in request.POST:
            form = PackApplyForm(request.POST)
            if form.is_valid():
                problems = self._pack_problems(form.cleaned_data["source"], role)
                if not problems:
                    try:
                        plan = pack_import(source=form.cleaned_data["source"], actor=request.user)
                    except PackError as error:
                        problems = error.problems
                    else:
                        messages.success(request, f"Imported the pack: {plan.summary()}.")
                        imported = m.Role.objects.get(slug=plan.role_slug)
                        return HttpResponseRedirect(reverse("admin:questions_role_change", args=[imported.pk]))
            else:
                problems = form.errors["source"]
        elif request.method == "POST":
            upload_form = PackUploadForm(request.POST, request.FILES)
            if upload_form.is_valid():
                source = upload_form.cleaned_data["file"]
                problems = self._pack_problems(source, role)
                if not problems:
                    try:
                        plan = pack_import(source=source, dry_run=True)
                    except PackError as error:
                        problems = error.problems
                    else:
                        apply_form = PackApplyForm(initial={"source": PackApplyForm.encode(source)})
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Import a pack into {role}" if role else "Import a pack",
            "role": role,
            "upload_form": upload_form,
            "apply_form": apply_form,
            "plan": plan,
            "problems": problems,
        }
        return TemplateResponse(request, "admin/questions/role/pack_import.html", context)

    @staticmethod
    def _pack_problems(source: str, role: m.Role | None) -> list[str]:
        """On a role's page, a pack for another guide is refused before anything else."""
        if role is None:
            return []
        try:
            data = parse_pack(source)
        except PackError as error:
            return error.problems
        slug = data.get("role", {}).get("slug") if isinstance(data.get("role"), dict) else None
        if slug != role.slug:
            return [f"role.slug: this pack is for {slug!r}, not for this guide ({role.slug!r})"]
        return []


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


class ExperienceStatusFilter(admin.SimpleListFilter):
    """The moderation queue first: with no choice made, the list shows pending reports."""

    title = "status"
    parameter_name = "status"
    ALL = "all"

    def lookups(self, request, model_admin):
        return [*m.InterviewExperience.Status.choices, (self.ALL, "All")]

    def choices(self, changelist):
        current = self.value() or m.InterviewExperience.Status.PENDING
        for value, label in self.lookup_choices:
            yield {
                "selected": current == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        value = self.value() or m.InterviewExperience.Status.PENDING
        if value == self.ALL:
            return queryset
        return queryset.filter(status=value)


class InterviewRoundInline(MarkdownPreviewMixin, admin.StackedInline):
    """A report's rounds: editable on a guide's own experiences, read-only on a candidate's."""

    model = m.InterviewRound
    extra = 0
    fields = ["order", "kind", "description_md"]

    def _is_contribution(self, obj) -> bool:
        return obj is not None and obj.is_contribution

    def has_add_permission(self, request, obj=None):
        return not self._is_contribution(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._is_contribution(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._is_contribution(obj) and super().has_delete_permission(request, obj)


class ExperienceModerationForm(forms.ModelForm):
    """A candidate's report is never edited here: a curator decides, or redacts a span."""

    decision = forms.ChoiceField(
        required=False,
        choices=[("", "Decide later"), ("approve", "Approve: show it on the site"), ("reject", "Reject")],
    )
    reason = forms.ChoiceField(
        label="Reason for rejecting",
        required=False,
        choices=[("", "---------"), *m.InterviewExperience.RejectReason.choices],
    )
    note = forms.CharField(
        label="Note to the author",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The author sees it with the decision. Required when the reason is “another reason”.",
    )
    redact_field = forms.ChoiceField(label="Redact in", required=False)
    redact_span = forms.CharField(
        label="Words to redact",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=f"Paste them exactly as they appear; every occurrence becomes “{m.REDACTION_MARK}”. "
        "Use it for names, contact details and anything confidential; nothing else can be changed.",
    )

    class Meta:
        model = m.InterviewExperience
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance.pk:
            labels = {name: instance._meta.get_field(name).verbose_name for name in instance.AUTHOR_TEXT_FIELDS}
            rounds = [(f"round-{r.pk}", f"round {r.order}: {r.get_kind_display()}") for r in instance.rounds.all()]
            self.fields["redact_field"].choices = [("", "---------"), *labels.items(), *rounds]

    def clean(self):
        cleaned = super().clean()
        decision, reason = cleaned.get("decision"), cleaned.get("reason")
        if decision and self.instance.status != m.InterviewExperience.Status.PENDING:
            self.add_error("decision", f"This report is {self.instance.get_status_display().lower()}, not pending.")
        if decision == "reject" and not reason:
            self.add_error("reason", "Choose why the report is rejected.")
        if decision == "reject" and reason == m.InterviewExperience.RejectReason.OTHER and not cleaned.get("note"):
            self.add_error("note", "Say in the note why it is rejected.")
        if bool(cleaned.get("redact_field")) != bool((cleaned.get("redact_span") or "").strip()):
            self.add_error("redact_span", "Choose the text and paste the words to redact, or leave both empty.")
        return cleaned


@admin.register(m.InterviewExperience)
class InterviewExperienceAdmin(ContentAdmin):
    """Moderation: candidates' experiences wait as pending until a curator approves them.

    A candidate's report is read-only here, whatever its status: a curator approves or
    rejects it (with a reason) and may redact a span, through ``services.experiences``.
    A guide's own experiences (from its pack) are edited like any other content.
    """

    list_display = ["company", "role", "outcome", "status", "is_contribution", "submitted_by", "created_at"]
    list_filter = [ExperienceStatusFilter, "is_contribution", "outcome", "role", "company"]
    list_select_related = ["company", "role", "submitted_by"]
    autocomplete_fields = ["company", "linked_questions"]
    inlines = [InterviewRoundInline]
    actions = ["approve"]
    CONTENT_FIELDS = [
        "company", "role", "month", "year", "difficulty", "outcome", "summary_md", "questions_asked",
        "linked_questions", "takeaway", "tip",
    ]  # fmt: skip
    MODERATION_RECORD = ["status", "submitted_by", "created_at", "reject_reason", "moderation_note", "moderated_at"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and obj.is_contribution:
            kwargs["form"] = ExperienceModerationForm
        return super().get_form(request, obj, change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_contribution:
            return [*self.CONTENT_FIELDS, "suggested_questions_links", *self.MODERATION_RECORD, "redacted_at"]
        return ["submitted_by", "created_at", "redacted_at"]

    def get_fieldsets(self, request, obj=None):
        if obj is None or not obj.is_contribution:
            return [
                (None, {"fields": [*self.CONTENT_FIELDS[:6], "status", "order"]}),
                ("Report", {"fields": self.CONTENT_FIELDS[6:]}),
            ]
        fieldsets = [
            ("The author's report (read-only)", {"fields": [*self.CONTENT_FIELDS, "suggested_questions_links"]}),
            ("Moderation record", {"fields": [*self.MODERATION_RECORD, "redacted_at"]}),
        ]
        if obj.status == m.InterviewExperience.Status.PENDING:
            fieldsets.append(("Decide", {"fields": ["decision", "reason", "note"]}))
        if obj.status in {m.InterviewExperience.Status.PENDING, m.InterviewExperience.Status.APPROVED}:
            fieldsets.append(("Redact", {"fields": ["redact_field", "redact_span"]}))
        return fieldsets

    @admin.display(description="draft questions made from it")
    def suggested_questions_links(self, experience: m.InterviewExperience):
        links = [
            format_html('<a href="{}">{}</a>', reverse("admin:questions_question_change", args=[q.pk]), q.text)
            for q in experience.suggested_questions.all()
        ]
        return format_html_join(format_html("<br>"), "{}", ((link,) for link in links)) if links else "—"

    def save_model(self, request, obj, form, change):
        if not obj.is_contribution:  # a guide's own experience: edited like any content
            return super().save_model(request, obj, form, change)
        data = form.cleaned_data
        try:
            if data.get("redact_span", "").strip():
                experience_redact(experience=obj, field=data["redact_field"], span=data["redact_span"])
                self.message_user(request, "Redacted.", messages.SUCCESS)
            if data.get("decision"):
                experience_moderate(
                    experience=obj,
                    actor=request.user,
                    approve=data["decision"] == "approve",
                    reason=data.get("reason", ""),
                    note=data.get("note", ""),
                )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)

    def restore_view(self, request, object_id, version_id):
        """Restoring an old version would rewrite (or un-redact) an author's text: not for contributions."""
        experience = get_object_or_404(m.InterviewExperience, pk=object_id) if str(object_id).isdigit() else None
        if experience is None or experience.is_contribution:
            raise PermissionDenied
        return super().restore_view(request, object_id, version_id)

    @admin.action(description="Approve selected pending experiences", permissions=["change"])
    def approve(self, request, queryset):
        count = experiences_approve(experiences=queryset, actor=request.user)
        self.message_user(request, f"Approved {count} experience(s).", messages.SUCCESS)
