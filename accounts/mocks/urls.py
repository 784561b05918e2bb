"""The mock interview's URLs, added to ``accounts.urls`` (same ``accounts`` namespace)."""

from django.urls import path

from accounts.mocks import views

urlpatterns = [
    path("practice/mock/new/", views.mock_new, name="mock_new"),
    path("practice/mock/<int:pk>/", views.mock_run, name="mock_run"),
    path("practice/mock/<int:pk>/answer/", views.mock_answer, name="mock_answer"),
    path("practice/mock/<int:pk>/draft/", views.mock_draft, name="mock_draft"),
    path("practice/mock/<int:pk>/finish/", views.mock_finish, name="mock_finish"),
    path("me/mocks/", views.mock_list, name="mocks"),
    path("me/mocks/<int:pk>/", views.mock_transcript, name="mock"),
    path("me/mocks/<int:pk>/rate/", views.mock_rate, name="mock_rate"),
]
