"""Basic admin for the catalogue; curators edit every section of a guide here."""

from django.contrib import admin

from questions import models as m


class QuestionTipInline(admin.TabularInline):
    model = m.QuestionTip
    extra = 0
    fields = ["kind", "text", "order"]


@admin.register(m.Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["number", "text", "role", "category", "difficulty", "is_published", "updated_at"]
    list_display_links = ["text"]
    list_filter = ["role", "category", "difficulty", "is_published", "skills"]
    search_fields = ["text", "sample_answer_md"]
    prepopulated_fields = {"slug": ["text"]}
    autocomplete_fields = ["skills", "companies"]
    inlines = [QuestionTipInline]
    list_select_related = ["role"]


def section_inline(section_model):
    return type(
        f"{section_model.__name__}Inline",
        (admin.StackedInline,),
        {"model": section_model, "extra": 0, "classes": ["collapse"]},
    )


@admin.register(m.Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "is_published", "order", "updated_at"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["skills"]
    inlines = [
        section_inline(model)
        for model in (m.PrepTip, m.RedFlag, m.ChecklistItem, m.AskTheInterviewer, m.Insight, m.Faq, m.Resource)
    ]


@admin.register(m.Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(m.Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "website"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(m.InterviewExperience)
class InterviewExperienceAdmin(admin.ModelAdmin):
    list_display = ["company", "role", "outcome", "status", "submitted_by", "created_at"]
    list_filter = ["status", "outcome", "role", "company"]
    list_select_related = ["company", "role", "submitted_by"]
    autocomplete_fields = ["company"]
