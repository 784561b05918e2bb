"""Admin widgets shared by every app's admin."""

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from prepsite.markdown import normalise_markdown, render_markdown


class MarkdownTextarea(forms.Textarea):
    """A Markdown editor with the rendered result under it, refreshed as the curator types.

    The preview is rendered on the server by the one Markdown helper (what visitors
    will see, sanitised the same way). htmx posts the enclosing admin form, so the CSRF
    token travels with it; the view picks the edited field by ``HX-Trigger-Name``.
    Without JavaScript the editor is a plain textarea and the preview shows the saved text.
    """

    class Media:
        js = ["django_htmx/htmx-2.min.js", "js/admin-markdown.js"]
        css = {"all": ["css/admin-markdown.css"]}

    def __init__(self, attrs=None):
        super().__init__({"rows": 8, **(attrs or {})})

    def value_from_datadict(self, data, files, name):
        """Store Markdown the way packs do (LF, one final newline), so an unchanged save is no change."""
        value = super().value_from_datadict(data, files, name)
        return normalise_markdown(value) if isinstance(value, str) else value

    def render(self, name, value, attrs=None, renderer=None):
        attrs = {
            **(attrs or {}),
            "data-hx-post": reverse("markdown_preview"),
            "data-hx-trigger": "input changed delay:400ms",
            "data-hx-target": "next .markdown-preview",
            "data-hx-swap": "innerHTML",
        }
        editor = super().render(name, value, attrs, renderer)
        rendered = render_markdown(value or "")
        return format_html(
            '<div class="markdown-editor">{}<div class="markdown-preview prose" aria-live="polite" '
            'aria-label="Preview">{}</div></div>',
            editor,
            mark_safe(rendered),  # noqa: S308 - render_markdown's output is sanitised by nh3
        )
