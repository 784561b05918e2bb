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


CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}


def _in_currency(figure: str, currency: str) -> str:
    symbol = CURRENCY_SYMBOLS.get(currency, "")
    return f"{symbol}{figure}" if symbol else f"{figure} {currency}"


@register.filter
def money(amount: int | None, currency: str = "USD") -> str:
    """Whole currency units as a short figure: 94000 -> '$94,000'."""
    return "" if amount is None else _in_currency(f"{amount:,}", currency)


@register.filter
def money_k(amount: int | None, currency: str = "USD") -> str:
    """Thousands, as pay tables print them: 180000 -> '$180k'."""
    return "" if amount is None else _in_currency(f"{amount / 1000:,.0f}k", currency)


@register.simple_tag
def json_ld(data: dict) -> SafeString:
    """A ``<script type="application/ld+json">`` block, escaped so no text can close it."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    text = text.translate({ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"})
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 - escaped above
