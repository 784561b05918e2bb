from django.contrib import admin

from accounts.models import Practice, Profile, ReviewLog


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "target_role", "interview_date", "experience_level", "time_zone"]
    list_select_related = ["user", "target_role"]
    raw_id_fields = ["user"]


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    list_display = ["user", "question", "bookmarked", "times_practised", "last_rating", "last_practised", "due"]
    list_select_related = ["user", "question"]
    raw_id_fields = ["user", "question"]


@admin.register(ReviewLog)
class ReviewLogAdmin(admin.ModelAdmin):
    list_display = ["user", "question", "rating", "seconds_spent", "reviewed_at"]
    list_select_related = ["user", "question"]
    raw_id_fields = ["user", "question"]
