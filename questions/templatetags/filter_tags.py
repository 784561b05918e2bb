"""``{% select_options field %}``: the ``<option>`` elements of one select box of the question filters.

The skill and company boxes list every skill and company with published questions, so
writing them out through the template language for every list request was a large
share of rendering the list. The options of one box with one value selected are the
same for every reader, so they are built once per content version
(``questions.public_cache.content_fragment``) and pasted in.
"""

import hashlib

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from questions.public_cache import content_fragment

register = template.Library()
SELECTED = format_html(" selected")


def _options_html(field: dict) -> str:
    selected = field["value"]
    empty = format_html('<option value="">{}</option>', field["empty"])
    rows = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, SELECTED if value == selected else "", name) for value, name in field["options"]),
    )
    return str(empty + rows)


@register.simple_tag
def select_options(field: dict) -> SafeString:
    """The empty choice, then each option, the field's current value selected."""
    value = field["value"]
    if value and value not in {option for option, _name in field["options"]}:
        return mark_safe(_options_html(field))  # noqa: S308 - a made-up value: drawn, never kept
    selected = hashlib.sha256(value.encode()).hexdigest()[:16]
    html = content_fragment(f"filter-options:{field['key']}:{selected}", lambda: _options_html(field))
    return mark_safe(html)  # noqa: S308 - built by format_html from escaped values
