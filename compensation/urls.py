from django.urls import path

from compensation import views

app_name = "compensation"

urlpatterns = [
    path("salaries/<slug:role_slug>/", views.salaries, name="salaries"),
    path("salaries/<slug:role_slug>/salaries.csv", views.salaries_csv, name="salaries_csv"),
    path("salaries/<slug:role_slug>/share/", views.share, name="share"),
    path("companies/<slug:slug>/salaries.csv", views.company_salaries_csv, name="company_csv"),
    path("me/contributions/salaries/<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("me/contributions/salaries/<int:pk>/delete/", views.report_delete, name="report_delete"),
]
