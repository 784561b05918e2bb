"""Pay data: salary bands per role and level, company pay ranges and candidates' salary reports.

Money is whole currency units in integers, with an ISO 4217 code beside it. Every
figure carries its source and year, because pay data without them misleads.
"""

import reversion
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django_countries.fields import CountryField

from questions.models import Company, Role

currency_code = RegexValidator(r"^[A-Z]{3}$", "Use a three-letter ISO 4217 code such as USD.")


class Level(models.TextChoices):
    """The four experience levels, for salary bands and a candidate's profile alike."""

    ENTRY = "entry", "Entry"
    MID = "mid", "Mid"
    SENIOR = "senior", "Senior"
    STAFF = "staff", "Staff/Principal"


class SourcedFigure(models.Model):
    """What every pay figure carries: its currency, where it comes from and when."""

    currency = models.CharField(max_length=3, default="USD", validators=[currency_code])
    year = models.PositiveIntegerField(help_text="The year the figure describes.")
    source = models.CharField(max_length=200, help_text="Where the figure comes from.")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


@reversion.register()
class SalaryBand(SourcedFigure):
    """Base salary for one experience level of a role: a range with its median."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="salary_bands")
    level = models.CharField(max_length=10, choices=Level.choices)
    years_min = models.PositiveIntegerField()
    years_max = models.PositiveIntegerField(null=True, blank=True, help_text="Empty for 'and more'.")
    low = models.PositiveIntegerField()
    median = models.PositiveIntegerField()
    high = models.PositiveIntegerField()
    range_is_estimate = models.BooleanField(
        default=True, help_text="True when low and high are our estimate around a sourced median."
    )

    class Meta:
        ordering = ["role", "order", "years_min"]
        constraints = [
            models.UniqueConstraint(fields=["role", "level"], name="salary_band_unique_level"),
            models.CheckConstraint(
                condition=Q(low__lte=F("median"), median__lte=F("high")), name="salary_band_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role} – {self.get_level_display()}"

    @property
    def years_label(self) -> str:
        if self.years_max is None:
            return f"{self.years_min}+ yrs"
        return f"{self.years_min}–{self.years_max} yrs"

    def clean(self) -> None:
        # Fields that failed their own validation are None here; they already have an error.
        errors = {}
        if None not in (self.low, self.median, self.high) and not (self.low <= self.median <= self.high):
            errors["__all__"] = "Low, median and high must be in order: low ≤ median ≤ high."
        if None not in (self.years_max, self.years_min) and self.years_max < self.years_min:
            errors["years_max"] = "Must not be below the minimum years."
        if errors:
            raise ValidationError(errors)


@reversion.register()
class CompanyPay(SourcedFigure):
    """A company's pay range for one level of a role: base and total compensation."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="pay_ranges")
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="company_pay")
    level_label = models.CharField(max_length=30, help_text="The company's own level name, e.g. L5 or E5.")
    base_low = models.PositiveIntegerField()
    base_high = models.PositiveIntegerField()
    total_low = models.PositiveIntegerField()
    total_high = models.PositiveIntegerField()

    class Meta:
        ordering = ["role", "order", "company__name"]
        verbose_name = "company pay range"
        constraints = [
            models.UniqueConstraint(fields=["company", "role", "level_label"], name="company_pay_unique_level"),
            models.CheckConstraint(
                condition=Q(base_low__lte=F("base_high"), total_low__lte=F("total_high")),
                name="company_pay_ranges_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company} {self.level_label} – {self.role}"

    def clean(self) -> None:
        errors = {}
        if None not in (self.base_low, self.base_high) and self.base_low > self.base_high:
            errors["base_high"] = "The top of the base range must not be below its bottom."
        if None not in (self.total_low, self.total_high) and self.total_low > self.total_high:
            errors["total_high"] = "The top of the total range must not be below its bottom."
        if errors:
            raise ValidationError(errors)


class SalaryReportQuerySet(models.QuerySet):
    def approved(self) -> "SalaryReportQuerySet":
        """The only reports any public figure may read (see ``compensation.aggregates``)."""
        return self.filter(status=SalaryReport.Status.APPROVED)

    def pending(self) -> "SalaryReportQuerySet":
        return self.filter(status=SalaryReport.Status.PENDING)

    def editable(self) -> "SalaryReportQuerySet":
        """What the author may still change: nothing a public figure has read yet."""
        return self.exclude(status=SalaryReport.Status.APPROVED)


class SalaryReport(models.Model):
    """One candidate's pay for one job and year, as they reported it.

    Never shown on its own: public pages only show aggregates of approved reports,
    computed by ``compensation.aggregates``. Amounts are whole units per year in the
    report's currency; nothing is converted. After approval the amounts are fixed: the
    author may delete the report but not edit it, and curators only decide on it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending review"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    class Region(models.TextChoices):
        """Where in the country, coarsely: never a city, which with a company and a level can name a person."""

        MAJOR_METRO = "major-metro", "A major city's metro area"
        ELSEWHERE = "elsewhere", "Elsewhere in the country"
        REMOTE = "remote", "Fully remote"

    class RejectionReason(models.TextChoices):
        IMPLAUSIBLE = "implausible", "The figures do not look plausible"
        DUPLICATE = "duplicate", "A duplicate of another report"
        WRONG_ROLE = "wrong-role", "Not this role or level"
        IDENTIFYING = "identifying", "It could identify someone"
        OTHER = "other", "Another reason (see the note)"

    user = models.ForeignKey(
        "auth.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="salary_reports",
        help_text="Empty once the author deleted their account (approved reports stay, without an author).",
    )
    company = models.ForeignKey(
        Company,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="salary_reports",
        help_text="Empty for a company we do not list (“other”).",
    )
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="salary_reports")
    level = models.CharField(max_length=10, choices=Level.choices)
    years_experience = models.PositiveSmallIntegerField("years of experience")
    country = CountryField()
    region = models.CharField(max_length=12, choices=Region.choices)
    base = models.PositiveIntegerField(help_text="Base salary per year, whole units.")
    bonus = models.PositiveIntegerField(default=0, help_text="Cash bonus per year, whole units.")
    equity = models.PositiveIntegerField(default=0, help_text="Equity vesting per year, whole units.")
    currency = models.CharField(max_length=3, validators=[currency_code])
    year = models.PositiveSmallIntegerField(help_text="The year this pay was for.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    rejection_reason = models.CharField(max_length=12, choices=RejectionReason.choices, blank=True)
    rejection_note = models.TextField(blank=True, help_text="Shown to the author.")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", help_text="The curator."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SalaryReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One report per author, company and year; "other" (no company) counts as one company.
            models.UniqueConstraint(
                fields=["user", "company", "year"],
                condition=Q(company__isnull=False),
                name="salary_report_one_per_company_year",
            ),
            models.UniqueConstraint(
                fields=["user", "year"], condition=Q(company__isnull=True), name="salary_report_one_other_per_year"
            ),
            models.CheckConstraint(condition=Q(base__gt=0), name="salary_report_base_positive"),
        ]
        indexes = [models.Index(fields=["role", "status"], name="salary_report_role_status")]

    def __str__(self) -> str:
        return f"{self.role} – {self.get_level_display()} at {self.company_name} ({self.year})"

    @property
    def company_name(self) -> str:
        return self.company.name if self.company_id else "another company"

    @property
    def total(self) -> int:
        return self.base + self.bonus + self.equity
