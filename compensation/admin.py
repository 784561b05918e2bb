"""Admin for pay data. Forms check money before the database does.

The model's ``clean`` keeps ranges ordered (low ≤ median ≤ high, bottom ≤ top) and
its check constraints back that up; the admin forms add what a person typing figures
needs: amounts above zero; the currency code (three capitals) is checked by the model field.
"""

from django import forms
from django.contrib import admin

from compensation.models import CompanyPay, SalaryBand
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
