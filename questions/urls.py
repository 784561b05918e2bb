from django.urls import path

from questions import experience_views, views

app_name = "questions"

urlpatterns = [
    path("", views.home, name="home"),
    path("roles/<slug:slug>/", views.role_detail, name="role"),
    path("roles/<slug:slug>/deck.apkg", views.role_deck, name="deck"),
    path("questions/", views.question_list, name="list"),
    path("questions/<slug:slug>/", views.question_detail, name="detail"),
    path("companies/<slug:slug>/", views.company_detail, name="company"),
    path("companies/<slug:slug>/share/", experience_views.share, name="share"),
    path("share/", experience_views.share_start, name="share_start"),
]
