"""``{% review_nav_item %}``: the "Review" link with the due count in the site header.

Read from the cache under the candidate's data version until the next question falls due
(``accounts.state.due_count``; one query when it is not there), kept on the request; a page
that already knows the number (the review page itself) hands it over with
``remember_due_count``.
"""

from django import template

from accounts import state
from questions.context_processors import layout_links

register = template.Library()


def remember_due_count(request, count: int) -> None:
    request._review_due_count = count


def due_count(request) -> int:
    count = getattr(request, "_review_due_count", None)
    if count is None:
        count = state.due_count(request.user)
        remember_due_count(request, count)
    return count


@register.inclusion_tag("accounts/_review_nav_item.html", takes_context=True)
def review_nav_item(context) -> dict:
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return {"show": False}
    match = request.resolver_match
    return {
        "show": True,
        "review_url": layout_links()["review"],
        "count": due_count(request),
        "current": match is not None and match.view_name == "accounts:review",
    }
