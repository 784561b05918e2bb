"""What every app's ``api.py`` shares: the error body, pagination and caching.

The public API's endpoints live in the apps that own the data (``questions/api.py``,
``compensation/api.py``); ``prepsite/api.py`` mounts them under ``/api/v1/``. The apps take
these pieces from here, never from ``prepsite.api``, which imports the apps.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Schema
from ninja.decorators import decorate_view
from ninja.pagination import LimitOffsetPagination

from prepsite.markdown import render_markdown
from questions.public_cache import public_page

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# Far past any real list, and small enough that offset + limit stays a 64-bit integer.
MAX_OFFSET = 1_000_000


class ErrorItem(Schema):
    location: str = Field(description="Where the problem is, e.g. `query.limit`.")
    message: str


class Error(Schema):
    """Every error the API answers has this body, whatever its status."""

    detail: str = Field(description="What went wrong, in a sentence.")
    errors: list[ErrorItem] = Field(default_factory=list, description="One entry per bad parameter.")


# The statuses an endpoint may answer besides 200, for its OpenAPI description (400 is a
# NUL character in the query string, refused before any view by prepsite.middleware).
LIST_ERRORS = {400: Error, 422: Error, 429: Error}
DETAIL_ERRORS = {400: Error, 404: Error, 422: Error, 429: Error}


class Pagination(LimitOffsetPagination):
    """limit/offset pages of at most MAX_PAGE_SIZE items, with the total ``count``."""

    class Input(Schema):
        limit: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Items per page.")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip.")

    class Output(Schema):
        count: int = Field(description="Items in the whole list, over every page.")
        limit: int
        offset: int
        items: list[Any]

    def paginate_queryset(self, queryset, pagination: Input, request: HttpRequest, **params: Any) -> dict:
        offset, limit = pagination.offset, pagination.limit
        return {
            "count": queryset.count(),
            "limit": limit,
            "offset": offset,
            "items": list(queryset[offset : offset + limit]),
        }


PAGE_PARAMS = ("limit", "offset")


def cached(*, reads: tuple[str, ...] = ()):
    """Cache an endpoint for anonymous callers exactly as a public page is cached
    (``questions.public_cache.public_page``): under the content version, with an ETag
    answered by 304, keyed only on the query parameters it ``reads``."""
    return decorate_view(public_page(reads=reads))


def absolute_url(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def rendered(source: str):
    """A schema resolver: the Markdown field ``source`` rendered and sanitised, exactly as
    the pages show it (``resolve_answer_html = rendered("answer_md")``)."""
    return staticmethod(lambda item: render_markdown(getattr(item, source)))


class Linked(Schema):
    """An item with a page on the site: ``url`` is that page's full address."""

    url: str = Field(description="Its page on this site.")

    @staticmethod
    def resolve_url(item, context) -> str:
        return absolute_url(context["request"], item.get_absolute_url())
