"""Values the base layout needs on every page: the guides the site header links to, and
the addresses of its fixed links."""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
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


#: The header's and footer's links that take no argument: name in templates, URL name.
LAYOUT_LINKS = {
    "home": "questions:home",
    "questions": "questions:list",
    "dashboard": "accounts:dashboard",
    "mock_new": "accounts:mock_new",
    "stories": "accounts:stories",
    "review": "accounts:review",
    "account": "accounts:account",
    "login": "account_login",
    "signup": "account_signup",
    "logout": "account_logout",
    "privacy": "privacy",
    "api_docs": "api_docs",
    "openapi": "api:openapi-json",
}


@lru_cache(maxsize=16)  # the script prefix comes from the server (SCRIPT_NAME): bounded
def _layout_links(urlconf, script_prefix: str) -> dict[str, str]:
    """Reversed once per URLconf and prefix rather than a dozen times on every page."""
    return {name: reverse(url_name, urlconf=urlconf) for name, url_name in LAYOUT_LINKS.items()}


@receiver(setting_changed)
def _forget_layout_links(*, setting, **_kwargs):
    if setting == "ROOT_URLCONF":
        _layout_links.cache_clear()


def layout_links() -> dict[str, str]:
    return _layout_links(get_urlconf(), get_script_prefix())


def site(request):
    # Lazy: htmx fragments, which do not render the header, never read it.
    return {"header_guides": SimpleLazyObject(header_guides), "links": SimpleLazyObject(layout_links)}
