"""Template filters every template can use without ``{% load %}`` (a builtin library)."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe

from prepsite.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(source: str) -> SafeString:
    return mark_safe(render_markdown(source or ""))  # noqa: S308 - sanitised by nh3


@register.filter
def money(amount: int | None, currency: str = "USD") -> str:
    """Whole currency units as a short figure: 94000 -> '$94,000'."""
    if amount is None:
        return ""
    symbol = {"USD": "$", "EUR": "€", "GBP": "£"}.get(currency, "")
    return f"{symbol}{amount:,}" if symbol else f"{amount:,} {currency}"


@register.filter
def money_k(amount: int | None, currency: str = "USD") -> str:
    """Thousands, as pay tables print them: 180000 -> '$180k'."""
    if amount is None:
        return ""
    symbol = {"USD": "$", "EUR": "€", "GBP": "£"}.get(currency, "")
    figure = f"{amount / 1000:,.0f}k"
    return f"{symbol}{figure}" if symbol else f"{figure} {currency}"


@register.simple_tag
def json_ld(data: dict) -> SafeString:
    """A ``<script type="application/ld+json">`` block, escaped so no text can close it."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    text = text.translate({ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"})
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 - escaped above
