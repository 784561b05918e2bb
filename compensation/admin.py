"""Admin for pay data. Forms check money before the database does.

The model's ``clean`` keeps ranges ordered (low ≤ median ≤ high, bottom ≤ top) and
its check constraints back that up; the admin forms add what a person typing figures
needs: amounts above zero; the currency code (three capitals) is checked by the model field.

Salary reports are not content: their admin is a moderation queue (see ``SalaryReportAdmin``).
"""

from django import forms
from django.contrib import admin, messages

from compensation.models import CompanyPay, SalaryBand, SalaryReport
from compensation.services import salary_report_approve, salary_report_reject
from questions.admin import ContentAdmin


class MoneyForm(forms.ModelForm):
    money_fields: tuple[str, ...] = ()

    def clean(self):
        cleaned = super().clean()
        for name in self.money_fields:
            value = cleaned.get(name)
            if value is not None and value <= 0:
                self.add_error(name, "Enter a positive amount in whole currency units.")
        return cleaned


class SalaryBandForm(MoneyForm):
    money_fields = ("low", "median", "high")

    class Meta:
        model = SalaryBand
        fields = [
            "role", "level", "years_min", "years_max", "low", "median", "high",
            "range_is_estimate", "currency", "year", "source", "order",
        ]  # fmt: skip


class CompanyPayForm(MoneyForm):
    money_fields = ("base_low", "base_high", "total_low", "total_high")

    class Meta:
        model = CompanyPay
        fields = [
            "company", "role", "level_label", "base_low", "base_high", "total_low", "total_high",
            "currency", "year", "source", "order",
        ]  # fmt: skip


@admin.register(SalaryBand)
class SalaryBandAdmin(ContentAdmin):
    form = SalaryBandForm
    list_display = ["role", "level", "years_min", "years_max", "low", "median", "high", "currency", "year", "source"]
    list_filter = ["role", "level", "year"]
    list_select_related = ["role"]


@admin.register(CompanyPay)
class CompanyPayAdmin(ContentAdmin):
    form = CompanyPayForm
    list_display = ["company", "role", "level_label", "base_low", "base_high", "total_low", "total_high", "year"]
    list_filter = ["role", "company", "year"]
    list_select_related = ["company", "role"]
    autocomplete_fields = ["company"]
    search_fields = ["company__name", "level_label"]


class ModerationForm(forms.ModelForm):
    """A curator's decision on a pending report: approve, or reject with a reason. Nothing else."""

    DECISIONS = [
        ("", "Leave pending"),
        (SalaryReport.Status.APPROVED, "Approve"),
        (SalaryReport.Status.REJECTED, "Reject"),
    ]
    decision = forms.ChoiceField(choices=DECISIONS, required=False)
    rejection_reason = forms.ChoiceField(
        choices=[("", "---------"), *SalaryReport.RejectionReason.choices], required=False, label="Reason"
    )
    rejection_note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Note to the author"
    )

    class Meta:
        model = SalaryReport
        fields: list[str] = []

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision and self.instance.status != SalaryReport.Status.PENDING:
            raise forms.ValidationError("Only pending reports are decided; this one is already decided.")
        if decision == SalaryReport.Status.REJECTED:
            reason = cleaned.get("rejection_reason")
            if not reason:
                self.add_error("rejection_reason", "Choose why the report is rejected.")
            elif reason == SalaryReport.RejectionReason.OTHER and not cleaned.get("rejection_note", "").strip():
                self.add_error("rejection_note", "Say why: the author sees this note.")
        return cleaned


class QueueFilter(admin.SimpleListFilter):
    """Status, opening on the pending queue: what a curator has to do comes first."""

    title = "status"
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [*SalaryReport.Status.choices, ("all", "All")]

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {
                "selected": (self.value() or SalaryReport.Status.PENDING) == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        value = self.value() or SalaryReport.Status.PENDING
        return queryset if value == "all" else queryset.filter(status=value)


@admin.register(SalaryReport)
class SalaryReportAdmin(admin.ModelAdmin):
    """The moderation queue. Amounts are read-only: curators decide, they never edit what was reported.

    Decisions go through ``compensation.services`` (atomic, pending reports only), from the
    change page or the "Approve" action on the list, which opens on the pending queue.
    """

    form = ModerationForm
    list_display = [
        "__str__", "country", "base", "bonus", "equity", "currency", "status", "created_at",
    ]  # fmt: skip
    list_filter = [QueueFilter, "role", "level", "currency", "year"]
    list_select_related = ["role", "company"]
    search_fields = ["company__name", "role__title"]
    actions = ["approve"]
    readonly_fields = [
        "role", "company", "level", "years_experience", "country", "region", "base", "bonus", "equity",
        "currency", "year", "status", "rejection_reason", "rejection_note", "reviewed_by", "reviewed_at",
        "created_at", "updated_at",
    ]  # fmt: skip
    fieldsets = [
        ("Report", {"fields": ["role", "company", "level", "years_experience", "country", "region", "year"]}),
        ("Amounts per year", {"fields": ["base", "bonus", "equity", "currency"]}),
        ("Decision", {"fields": ["status", "decision", "rejection_reason", "rejection_note"]}),
        ("Record", {"fields": ["reviewed_by", "reviewed_at", "created_at", "updated_at"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if obj is not None and obj.status == SalaryReport.Status.PENDING:
            fields = [name for name in fields if name not in ("rejection_reason", "rejection_note")]
        return fields

    def get_fieldsets(self, request, obj=None):
        if obj is not None and obj.status != SalaryReport.Status.PENDING:
            decided = ["status", "rejection_reason", "rejection_note"]
            return [*self.fieldsets[:2], ("Decision", {"fields": decided}), self.fieldsets[3]]
        return self.fieldsets

    def has_add_permission(self, request):
        return False  # reports come from candidates only

    def changelist_view(self, request, extra_context=None):
        pending = SalaryReport.objects.pending().count()
        title = f"Salary reports: {pending} pending review"
        return super().changelist_view(request, {"title": title, **(extra_context or {})})

    def save_model(self, request, obj, form, change):
        decision = form.cleaned_data.get("decision")
        if decision == SalaryReport.Status.APPROVED:
            salary_report_approve(report=obj, curator=request.user)
        elif decision == SalaryReport.Status.REJECTED:
            salary_report_reject(
                report=obj,
                curator=request.user,
                reason=form.cleaned_data["rejection_reason"],
                note=form.cleaned_data.get("rejection_note", ""),
            )

    def save_related(self, request, form, formsets, change):
        pass  # a report has no related rows a curator edits

    @admin.action(description="Approve the selected pending reports", permissions=["change"])
    def approve(self, request, queryset):
        selected = list(queryset)  # read once: approving moves reports out of a pending-only list
        approved = 0
        for report in selected:
            if report.status == SalaryReport.Status.PENDING:
                salary_report_approve(report=report, curator=request.user)
                approved += 1
        skipped = len(selected) - approved
        note = f"; {skipped} already decided, left as they were" if skipped else ""
        self.message_user(request, f"Approved {approved} report(s){note}.", messages.SUCCESS)
