"""``{% practice_state question %}``: a signed-in user's state on public question pages.

``questions`` templates load this library; ``questions`` code never imports ``accounts``.
A page showing one question reads that question's state alone; a list passes the
questions it shows (``{% practice_state question among=page.object_list %}``) and their
states are read in one query on the first row and kept on the request, so neither the
rows on the page nor the questions the user has practised add queries or rows read.
"""

from urllib.parse import quote

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from accounts import scheduling
from accounts.selectors import practice_states_for

register = template.Library()


@register.simple_tag(takes_context=True)
def practice_state(context, question, among=None) -> SafeString:
    """The state block of ``_practice_state.html``: the reader's own, or for a visitor a
    sign-in link, which is the same on every row of a page and so drawn once per request."""
    request = context.get("request")
    template = context.template.engine.get_template("accounts/_practice_state.html")
    if request is None or not request.user.is_authenticated:
        drawn = getattr(request, "_sign_in_state", None)
        if drawn is None:
            path = request.get_full_path() if request is not None else question.get_absolute_url()
            login_url = f"{reverse('account_login')}?next={quote(path)}"
            drawn = template.render(context.new({"signed_in": False, "login_url": login_url}))
            if request is not None:
                request._sign_in_state = drawn
        return drawn
    return template.render(context.new(_own_state(context, request, question, among)))


def _own_state(context, request, question, among) -> dict:
    states = getattr(request, "_practice_states", None)
    if states is None:
        states = request._practice_states = {}
    if question.pk not in states:
        shown = {question.pk} | {other.pk for other in among or ()}
        found = practice_states_for(request.user, question_ids=shown)
        states.update({question_id: found.get(question_id) for question_id in shown})
    return {
        "signed_in": True,
        "question": question,
        "practice": states.get(question.pk),
        "next": request.get_full_path(),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def due_label(practice) -> str:
    """ "Due now" / "Due in 3 days" for a practice row read ``with_zone()`` (UTC without a profile)."""
    if practice is None or practice.due is None:
        return ""
    zone = scheduling.zone_named(getattr(practice, "zone_name", None))
    return scheduling.due_label(practice.due, now=timezone.now(), zone=zone)
