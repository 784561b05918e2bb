"""The dated plan's URLs, added to ``accounts.urls`` (same ``accounts`` namespace)."""

from django.urls import path

from accounts.plan import views

urlpatterns = [
    path("me/plan/", views.plan, name="plan"),
    path("me/plan/calendar.ics", views.plan_ics, name="plan_ics"),
    path("me/plan/default/", views.plan_default, name="plan_default"),
    path("me/plan/tasks/<int:pk>/", views.plan_task_done, name="plan_task"),
]
