"""Values the base layout needs on every page: the guides the site header links to."""

from django.conf import settings
from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from questions.models import Role
from questions.public_cache import content_version


def header_guides() -> list[dict]:
    """The published guides the site header links to, in guide order.

    Kept in the cache under the content version, so publishing, unpublishing or
    reordering a guide shows in the header at once, and pages pay no query for it
    while the content stays the same.
    """
    key = f"questions:header-guides:{content_version()}"
    guides = cache.get(key)
    if guides is None:
        roles = Role.objects.published().order_by("order", "title").only("slug", "title")
        guides = [{"title": role.title, "url": role.get_absolute_url()} for role in roles]
        cache.set(key, guides, settings.PUBLIC_CACHE_SECONDS)
    return guides


def site(request):
    # Lazy: htmx fragments, which do not render the header, never read it.
    return {"header_guides": SimpleLazyObject(header_guides)}
