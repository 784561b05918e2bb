"""Template filters every template can use without ``{% load %}`` (a builtin library)."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import is_aware, localtime

from prepsite.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(source: str) -> SafeString:
    return mark_safe(render_markdown(source or ""))  # noqa: S308 - sanitised by nh3


@register.filter
def datetime_attr(value) -> str:
    """A moment for a ``<time datetime>`` attribute, in the current time zone, to the second.

    Django's ``date:'c'`` keeps microseconds, which HTML's date-time syntax does not allow
    (at most three digits of a second).
    """
    if not value:
        return ""
    if is_aware(value):
        value = localtime(value)
    return value.replace(microsecond=0).isoformat()


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
