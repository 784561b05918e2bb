"""The review queue page, ``/me/review/``, and the reminder mail's unsubscribe page.

Kept apart from ``accounts/views.py`` by feature (the design's rule for files that grow);
practice mode itself stays there and walks the queue as the "review" practice set.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from accounts import reminders, review_selectors, scheduling, selectors
from accounts.templatetags.review_tags import remember_due_count


@require_safe
@login_required
def review(request):
    profile = selectors.profile_for(request.user)
    queue = review_selectors.review_queue_for(request.user, profile=profile)
    remember_due_count(request, len(queue.due))  # the header shows the same number: no second query
    context = {"queue": queue, "review_set": selectors.REVIEW_SET}
    with timezone.override(scheduling.zone_of(profile)):
        return render(request, "accounts/review.html", context)


@csrf_exempt  # RFC 8058 one-click: a mail client POSTs with no cookie; the signed token is the proof
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token: str):
    """GET asks to confirm (mail scanners follow links: a GET changes nothing); POST unsubscribes."""
    user = reminders.user_from_token(token)
    if user is None:
        context = {"invalid": True, "seo": {"noindex": True}}
        return render(request, "accounts/reminder_unsubscribe.html", context, status=404)
    if request.method == "POST":
        reminders.reminders_unsubscribe(user=user)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse("Unsubscribed from Prepsite review reminders.", content_type="text/plain")
    context = {"done": request.method == "POST", "email": user.email, "seo": {"noindex": True}}
    return render(request, "accounts/reminder_unsubscribe.html", context)
