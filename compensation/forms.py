"""The "Share your salary" form: what a candidate types, checked before the service checks it again."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from compensation.models import SalaryReport
from compensation.plausible import BANDS, plausibility_errors
from questions.models import Company


class WholeAmountField(forms.IntegerField):
    """Whole currency units; thousands separators (commas, spaces, underscores) are allowed."""

    default_error_messages = {"invalid": "Enter a whole amount without decimals, such as 120000."}
    # Text, not type=number: a browser's number box refuses "120,000", which people type.
    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", "").replace(" ", "").replace("_", "")
        return super().to_python(value)


class SalaryReportForm(forms.ModelForm):
    company = forms.ModelChoiceField(
        queryset=Company.objects.none(),
        required=False,
        empty_label="Another company (not listed)",
        help_text="Choose “another company” if yours is not listed. "
        "A company is never shown with fewer than five reports.",
    )
    currency = forms.ChoiceField(choices=[(code, code) for code in BANDS], initial="USD")
    base = WholeAmountField(min_value=1, label="Base salary per year")
    bonus = WholeAmountField(min_value=0, initial=0, label="Cash bonus per year")
    equity = WholeAmountField(min_value=0, initial=0, label="Equity per year", help_text="What vests in a year.")
    years_experience = forms.IntegerField(min_value=0, max_value=60, label="Years of experience")

    class Meta:
        model = SalaryReport
        fields = [
            "company", "level", "years_experience", "country", "region", "base", "bonus", "equity", "currency", "year",
        ]  # fmt: skip
        labels = {"region": "Where in the country", "year": "Year this pay was for"}

    def __init__(self, *args, role, **kwargs):
        super().__init__(*args, **kwargs)
        self.role = role
        self.fields["company"].queryset = Company.objects.published().order_by("name")
        this_year = timezone.localdate().year
        self.fields["year"] = forms.TypedChoiceField(
            label="Year this pay was for",
            coerce=int,
            choices=[(year, str(year)) for year in range(this_year, this_year - 6, -1)],
            initial=this_year,
        )

    def clean(self):
        cleaned = super().clean()
        amounts = [cleaned.get(name) for name in ("currency", "base", "bonus", "equity")]
        if None not in amounts:
            currency, base, bonus, equity = amounts
            errors = plausibility_errors(
                role_title=self.role.title, currency=currency, base=base, bonus=bonus, equity=equity
            )
            for name, message in errors.items():
                self.add_error(name, message)
        return cleaned

    def report_fields(self) -> dict:
        return {**self.cleaned_data, "role": self.role}
