"""The public read-only API, version 1, mounted at ``/api/v1/``.

Built with django-ninja: each app's ``api.py`` declares its endpoints with Pydantic
schemas, and the OpenAPI 3 document (``/api/v1/openapi.json``) is generated from those same
types, so the document cannot drift from what the endpoints answer. This module mounts
the apps' routers, gives every error one JSON body (``prepsite.api_support.Error``),
limits each client address (429 with ``Retry-After``), answers HEAD like GET, and renders
the human docs page (``/api/v1/``) from the OpenAPI document. ninja's own docs page is
off: it loads Swagger UI from a CDN, which the site neither uses nor allows (CSP).

CORS (any origin, GET only, no credentials) is django-cors-headers' job, set up in
settings for ``/api/`` paths; caching and ETags are the public pages' own
(``questions.public_cache``), applied per endpoint.
"""

from __future__ import annotations

import json
from functools import wraps

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import URLPattern, reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.responses import NinjaJSONEncoder

from compensation.api import router as pay_router
from prepsite.api_support import MAX_PAGE_SIZE
from prepsite.ratelimit import Limit, client_address, consume
from prepsite.seo import page_meta
from questions.api import router as catalogue_router
from questions.public_cache import public_page

API_PREFIX = "/api/"

api = NinjaAPI(
    title="Prepsite API",
    version="1",
    description="Read-only access to Prepsite's published guides, questions, companies and pay benchmarks.",
    urls_namespace="api",
    docs_url=None,
    # Building the document takes about 0.1 s: cache it (with an ETag) like a public page.
    docs_decorator=public_page,
)
api.add_router("/", catalogue_router)
api.add_router("/", pay_router)


def error_response(status: int, detail: str, errors: list[dict] | None = None) -> JsonResponse:
    return JsonResponse({"detail": detail, "errors": errors or []}, status=status)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(404, "Not found: nothing published has this slug.")


@api.exception_handler(ValidationError)
def invalid_parameters(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {"location": ".".join(str(part) for part in error.get("loc", ())), "message": error.get("msg", "")}
        for error in exc.errors
    ]
    return error_response(422, "Some parameters are not valid.", errors)


def api_limit() -> Limit:
    return Limit("api", settings.API_RATE_LIMIT, 60)


def too_many_requests(retry_after: int) -> JsonResponse:
    rule = api_limit()
    response = error_response(
        429, f"Too many requests: at most {rule.limit} a minute from one address. Try again in {retry_after} s."
    )
    response["Retry-After"] = str(retry_after)
    patch_cache_control(response, no_store=True)
    return response


def limited(view):
    """Count every request against its client address; HEAD is answered as GET.

    The limit fails open: when the cache cannot count, reads go on being served.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        retry_after = consume(api_limit(), client_address(request), fail_open=True)
        if retry_after is not None:
            return too_many_requests(retry_after)
        if request.method != "HEAD":
            return view(request, *args, **kwargs)
        request.method = "GET"  # the response body is dropped by the server (and the test client)
        try:
            return view(request, *args, **kwargs)
        finally:
            request.method = "HEAD"

    return wrapper


def api_urls():
    """ninja's URL patterns, each behind the rate limit."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = limited(pattern.callback)
    return patterns, app_name, namespace


# --- The human docs page, generated from the OpenAPI document --------------------------
def _resolve(schema: dict, document: dict) -> dict:
    reference = schema.get("$ref", "")
    if reference.startswith("#/components/schemas/"):
        return document["components"]["schemas"][reference.rsplit("/", 1)[1]]
    return schema


def type_label(schema: dict, document: dict) -> str:
    """A short human name for a JSON Schema type: ``string``, ``list of SkillOut``, ``integer or null``."""
    if "$ref" in schema:
        target = _resolve(schema, document)
        return " or ".join(repr(value) for value in target["enum"]) if "enum" in target else target.get("title", "")
    if "anyOf" in schema:
        return " or ".join(type_label(option, document) for option in schema["anyOf"])
    if "enum" in schema:
        return " or ".join(json.dumps(value) for value in schema["enum"])
    if schema.get("type") == "array":
        return f"list of {type_label(schema.get('items', {}), document)}"
    return schema.get("type", "any")


def _constraints(schema: dict) -> str:
    words = []
    for key, label in (("minimum", "at least"), ("maximum", "at most"), ("maxLength", "at most {} characters")):
        if key in schema:
            words.append(label.format(schema[key]) if "{}" in label else f"{label} {schema[key]}")
    if "default" in schema and schema["default"] is not None:
        words.append(f"default {json.dumps(schema['default'])}")
    return ", ".join(words)


def _example_path(path: str, parameters: list[dict]) -> str:
    """The path with each path parameter replaced by the example the document gives it."""
    for parameter in parameters:
        if parameter["in"] == "path":
            example = parameter.get("example", parameter["name"])
            path = path.replace("{" + parameter["name"] + "}", str(example))
    return path


def docs_operations(document: dict) -> list[dict]:
    """Every operation of the OpenAPI document, as the docs page lists it."""
    operations = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            parameters = [
                {
                    "name": parameter["name"],
                    "where": parameter["in"],
                    "required": parameter.get("required", False),
                    "type": type_label(parameter["schema"], document),
                    "description": parameter.get("description") or parameter["schema"].get("description", ""),
                    "constraints": _constraints(parameter["schema"]),
                }
                for parameter in operation.get("parameters", [])
            ]
            success = _resolve(operation["responses"]["200"]["content"]["application/json"]["schema"], document)
            items = success.get("properties", {}).get("items", {})
            paged = items.get("type") == "array" and "$ref" in items.get("items", {})
            shown = _resolve(items["items"], document) if paged else success
            fields = [
                {"name": name, "type": type_label(field, document), "description": field.get("description", "")}
                for name, field in shown.get("properties", {}).items()
            ]
            example = _example_path(path, operation.get("parameters", []))
            if any(parameter["name"] == "limit" for parameter in parameters):
                example += "?limit=2"
            operations.append(
                {
                    "id": operation["operationId"],
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": parameters,
                    "fields": fields,
                    "fields_caption": "Fields of each item in items" if paged else "Fields of a 200 answer",
                    "statuses": sorted(operation["responses"]),
                    "example": example,
                }
            )
    return operations


@require_safe
@public_page
def docs(request: HttpRequest) -> HttpResponse:
    # Read as a client reads it: the JSON that /api/v1/openapi.json serves.
    document = json.loads(json.dumps(api.get_openapi_schema(path_params={}), cls=NinjaJSONEncoder))
    seo = page_meta(
        request,
        title="Prepsite API: read guides, questions and pay as JSON | Prepsite",
        description="The public read-only JSON API: endpoints, parameters, pagination, caching and rate limits.",
        trail=[("Home", reverse("questions:home")), ("API", reverse("api_docs"))],
        og_type="website",
    )
    context = {
        "seo": seo,
        "operations": docs_operations(document),
        "openapi_url": reverse("api:openapi-json"),
        "base_url": request.build_absolute_uri("/").rstrip("/"),
        "max_page_size": MAX_PAGE_SIZE,
        "rate_limit": settings.API_RATE_LIMIT,
        "cache_seconds": settings.PUBLIC_CACHE_SECONDS,
        "api_prefix": API_PREFIX,
    }
    return render(request, "prepsite/api_docs.html", context)
