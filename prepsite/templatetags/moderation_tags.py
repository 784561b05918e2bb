"""``{% moderation_queues %}``: the admin index's counts of contributions waiting for a curator."""

from django import template
from django.urls import reverse

from prepsite.moderation import queues_for

register = template.Library()


@register.inclusion_tag("admin/_moderation_queues.html", takes_context=True)
def moderation_queues(context):
    request = context["request"]
    return {
        "queues": [
            {"label": queue.label, "count": count, "url": reverse(queue.changelist)}
            for queue, count in queues_for(request.user)
        ]
    }
