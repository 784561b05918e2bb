"""The review queue page, ``/me/review/``: what is due now, and new questions to start.

Kept apart from ``accounts/views.py`` by feature (the design's rule for files that grow);
practice mode itself stays there and walks the queue as the "review" practice set.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts import review_selectors, selectors
from accounts.templatetags.review_tags import remember_due_count


@require_safe
@login_required
def review(request):
    profile = selectors.profile_for(request.user)
    queue = review_selectors.review_queue_for(request.user, profile=profile)
    remember_due_count(request, len(queue.due))  # the header shows the same number: no second query
    context = {"queue": queue, "review_set": selectors.REVIEW_SET}
    with timezone.override(selectors.user_zone(profile)):
        return render(request, "accounts/review.html", context)
