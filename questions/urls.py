from django.urls import path

from questions import views

app_name = "questions"

urlpatterns = [
    path("", views.home, name="home"),
    path("roles/<slug:slug>/", views.role_detail, name="role"),
    path("questions/", views.question_list, name="list"),
    path("questions/<slug:slug>/", views.question_detail, name="detail"),
    path("companies/<slug:slug>/", views.company_detail, name="company"),
]
