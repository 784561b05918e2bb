from django.contrib import admin

from accounts.models import Practice, Profile, ReviewLog
from accounts.state import user_state_changed


class ChangesUserState(admin.ModelAdmin):
    """A curator's edit of a candidate's row makes what is cached from their data stale, as a service's does."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        user_state_changed(obj.user_id)
        if form.initial.get("user") not in (None, obj.user_id):  # moved to another user: both change
            user_state_changed(form.initial["user"])

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        user_state_changed(obj.user_id)

    def delete_queryset(self, request, queryset):
        users = set(queryset.values_list("user_id", flat=True))
        super().delete_queryset(request, queryset)
        for user_id in users:
            user_state_changed(user_id)


@admin.register(Profile)
class ProfileAdmin(ChangesUserState):
    list_display = ["user", "target_role", "interview_date", "experience_level", "time_zone"]
    list_select_related = ["user", "target_role"]
    raw_id_fields = ["user"]


@admin.register(Practice)
class PracticeAdmin(ChangesUserState):
    list_display = ["user", "question", "bookmarked", "times_practised", "last_rating", "last_practised", "due"]
    list_select_related = ["user", "question"]
    raw_id_fields = ["user", "question"]


@admin.register(ReviewLog)
class ReviewLogAdmin(ChangesUserState):
    list_display = ["user", "question", "rating", "seconds_spent", "reviewed_at"]
    list_select_related = ["user", "question"]
    raw_id_fields = ["user", "question"]
