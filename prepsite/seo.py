"""Structured data (JSON-LD) that public pages put in their head."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest


def breadcrumbs(request: HttpRequest, trail: list[tuple[str, str]]) -> dict:
    """A BreadcrumbList from (name, path) pairs, home first."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": request.build_absolute_uri(path)}
            for position, (name, path) in enumerate(trail, start=1)
        ],
    }


def article(request: HttpRequest, *, headline: str, description: str, modified: datetime | None = None) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": headline[:110],
        "description": description,
        "url": request.build_absolute_uri(request.path),
        "mainEntityOfPage": request.build_absolute_uri(request.path),
        "publisher": {"@type": "Organization", "name": "Prepsite"},
    }
    if modified:
        data["dateModified"] = modified.isoformat()
    return data


def describe(text: str, limit: int = 160) -> str:
    """A meta description: plain text, one line, cut at a word boundary."""
    plain = " ".join(text.replace("*", "").replace("`", "").replace("#", "").split())
    if len(plain) <= limit:
        return plain
    return plain[: limit - 1].rsplit(" ", 1)[0] + "…"


def page_meta(
    request: HttpRequest,
    *,
    title: str,
    description: str,
    trail: list[tuple[str, str]] | None = None,
    modified: datetime | None = None,
    canonical_query: str = "",
    og_type: str = "article",
) -> dict:
    """Everything the base layout puts in <head>: title, description, canonical, JSON-LD."""
    description = describe(description)
    canonical = request.build_absolute_uri(request.path) + (f"?{canonical_query}" if canonical_query else "")
    jsonld = [article(request, headline=title, description=description, modified=modified)]
    if trail:
        jsonld.append(breadcrumbs(request, trail))
    return {
        "title": title,
        "description": description,
        "canonical": canonical,
        "jsonld": jsonld,
        "trail": trail or [],
        "og_type": og_type,
    }
