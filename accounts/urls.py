from django.urls import path

from accounts import contributions, downloads, review_views, views
from accounts.mocks import urls as mocks_urls
from accounts.plan import urls as plan_urls
from accounts.stories import urls as stories_urls

app_name = "accounts"

urlpatterns = [
    path("me/", views.dashboard, name="dashboard"),
    path("me/review/", review_views.review, name="review"),
    path("me/reminders/unsubscribe/<str:token>/", review_views.unsubscribe, name="unsubscribe"),
    path("me/contributions/", contributions.contributions, name="contributions"),
    path("me/profile/", views.profile, name="profile"),
    path("me/account/", views.account, name="account"),
    path("me/account/export/", views.export, name="export"),
    path("me/account/practice-history.csv", downloads.practice_history_csv, name="history_csv"),
    path("me/account/bookmarks.csv", downloads.bookmarks_csv, name="bookmarks_csv"),
    path("me/decks/<slug:kind>.apkg", downloads.deck, name="deck"),
    path("me/account/reset/", views.reset_progress, name="reset"),
    path("me/account/delete/", views.delete_account, name="delete"),
    path("me/contributions/", contributions.contributions, name="contributions"),
    path(
        "me/contributions/experiences/<int:pk>/withdraw/",
        contributions.experience_withdraw_view,
        name="experience_withdraw",
    ),
    path("me/practice/<int:pk>/", views.practice_history, name="record"),
    path("me/practice/<int:pk>/clear/", views.practice_clear, name="clear"),
    path("practice/<slug:slug>/", views.practice, name="practice"),
    path("practice/<slug:slug>/bookmark/", views.bookmark, name="bookmark"),
    path("practice/<slug:slug>/draft/", views.draft, name="draft"),
    path("practice/<slug:slug>/notes/", views.notes, name="notes"),
    path("practice/<slug:slug>/rate/", views.rate, name="rate"),
]

urlpatterns += stories_urls.urlpatterns
urlpatterns += plan_urls.urlpatterns
urlpatterns += mocks_urls.urlpatterns
