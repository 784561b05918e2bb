"""The story bank's URLs, added to ``accounts.urls`` (same ``accounts`` namespace)."""

from django.urls import path

from accounts.stories import views

urlpatterns = [
    path("me/stories/", views.story_list, name="stories"),
    path("me/stories/new/", views.story_create, name="story_create"),
    path("me/stories/<int:pk>/", views.story_detail, name="story"),
    path("me/stories/<int:pk>/edit/", views.story_edit, name="story_edit"),
    path("me/stories/<int:pk>/delete/", views.story_delete, name="story_delete"),
    path("practice/<slug:slug>/story/", views.story_link, name="story_link"),
]
