"""A candidate's own questions and history as files: Anki decks and CSV.

``/me/decks/<set>.apkg`` is their bookmarks or every question they have practised as an
Anki deck (notes keep the guide decks' GUIDs, so a question is one note in Anki however
many decks bring it). ``/me/account/<name>.csv`` is their practice history or their
bookmarks as a spreadsheet. Every row is read through the signed-in user.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_safe

from accounts.models import Practice, ReviewLog
from accounts.scheduling import zone_of
from accounts.selectors import profile_for
from prepsite.spreadsheets import csv_response
from questions.anki import deck_download
from questions.models import Question

DECKS = {
    "bookmarks": ("Prepsite · my bookmarks", {"practices__bookmarked": True}),
    "practised": ("Prepsite · questions I have practised", {"practices__times_practised__gt": 0}),
}


@require_safe
@login_required
def deck(request, kind: str):
    if kind not in DECKS:
        raise Http404("There is no such deck.")
    name, condition = DECKS[kind]
    questions = (
        Question.objects.published()
        .filter(practices__user=request.user, **condition)
        .with_details()
        .with_key_points()
        .order_by("role__order", "number")
    )
    if not questions.exists():
        messages.info(request, "That deck would be empty: bookmark or practise a question first.")
        return redirect("accounts:dashboard")
    response = deck_download(request, name, questions)
    response["Cache-Control"] = "private, no-store"
    return response


def _local(moment, zone) -> str:
    return moment.astimezone(zone).isoformat(timespec="minutes") if moment else ""


@require_safe
@login_required
def practice_history_csv(request):
    zone = zone_of(profile_for(request.user))
    reviews = ReviewLog.objects.filter(user=request.user).select_related("question__role").order_by("reviewed_at", "pk")
    rows = (
        (
            _local(review.reviewed_at, zone),
            review.question.text,
            review.question.role.title,
            review.question.get_category_display(),
            review.question.get_difficulty_display(),
            review.get_rating_display(),
            review.seconds_spent,
            request.build_absolute_uri(review.question.get_absolute_url()),
        )
        for review in reviews.iterator(chunk_size=500)
    )
    header = ["reviewed at", "question", "guide", "category", "difficulty", "rating", "seconds spent", "url"]
    response = csv_response("prepsite-practice-history.csv", header, rows)
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
@login_required
def bookmarks_csv(request):
    zone = zone_of(profile_for(request.user))
    practices = (
        Practice.objects.filter(user=request.user, bookmarked=True, question__in=Question.objects.published())
        .select_related("question__role")
        .order_by("question__role__order", "question__number")
    )
    rows = (
        (
            practice.question.text,
            practice.question.role.title,
            practice.question.get_category_display(),
            practice.question.get_difficulty_display(),
            practice.times_practised,
            _local(practice.last_practised, zone),
            practice.get_last_rating_display(),
            _local(practice.due, zone),
            practice.notes_md,
            request.build_absolute_uri(practice.question.get_absolute_url()),
        )
        for practice in practices
    )
    header = [
        "question",
        "guide",
        "category",
        "difficulty",
        "times practised",
        "last practised",
        "last rating",
        "due",
        "notes",
        "url",
    ]
    response = csv_response("prepsite-bookmarks.csv", header, rows)
    response["Cache-Control"] = "private, no-store"
    return response
