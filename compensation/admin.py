from django.contrib import admin

from compensation.models import CompanyPay, SalaryBand


@admin.register(SalaryBand)
class SalaryBandAdmin(admin.ModelAdmin):
    list_display = ["role", "level", "years_min", "years_max", "low", "median", "high", "currency", "year", "source"]
    list_filter = ["role", "level", "year"]


@admin.register(CompanyPay)
class CompanyPayAdmin(admin.ModelAdmin):
    list_display = ["company", "role", "level_label", "base_low", "base_high", "total_low", "total_high", "year"]
    list_filter = ["role", "company", "year"]
    list_select_related = ["company", "role"]
    autocomplete_fields = ["company"]
