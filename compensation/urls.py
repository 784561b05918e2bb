from django.urls import path

from compensation import views

app_name = "compensation"

urlpatterns = [
    path("salaries/<slug:role_slug>/", views.salaries, name="salaries"),
]
