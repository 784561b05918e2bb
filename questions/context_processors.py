"""Values the base layout needs on every page: the guides the site header links to."""

from django.utils.functional import SimpleLazyObject

from questions.models import Role
from questions.public_cache import content_fragment


def _published_guides() -> list[dict]:
    roles = Role.objects.published().order_by("order", "title").only("slug", "title")
    return [{"title": role.title, "url": role.get_absolute_url()} for role in roles]


def header_guides() -> list[dict]:
    """The published guides the site header links to, in guide order.

    Kept under the content version, so publishing, unpublishing or reordering a guide
    shows in the header at once, and pages pay no query for it while the content stays
    the same.
    """
    return content_fragment("header-guides", _published_guides)


def site(request):
    # Lazy: htmx fragments, which do not render the header, never read it.
    return {"header_guides": SimpleLazyObject(header_guides)}
