"""The one Markdown renderer of the site.

Every Markdown field, whoever wrote it, goes through :func:`render_markdown`:
markdown-it turns it into HTML (raw HTML in the source is escaped, never passed
through), and nh3 then keeps only a short list of tags, attributes and URL schemes.
Two layers, so a bug in one does not put a script on a page.
"""

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td", "del",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "pre": {"tabindex"}}
# Table column alignment, as a class: the Content-Security-Policy allows no style="".
ALIGN_CLASSES = {"align-left", "align-center", "align-right"}
ALLOWED_CLASSES = {"th": ALIGN_CLASSES, "td": ALIGN_CLASSES}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
_markdown.enable("strikethrough")
# A page decides its own heading levels; a heading inside an answer or a note would break
# that outline, so it is shown as a bold paragraph instead of being dropped.
_markdown.add_render_rule("heading_open", lambda self, tokens, idx, options, env: "<p><strong>")
_markdown.add_render_rule("heading_close", lambda self, tokens, idx, options, env: "</strong></p>\n")


def _alignment_as_class(state) -> None:
    """markdown-it aligns a table column with ``style="text-align:…"``; say it with a class."""
    for token in state.tokens:
        if token.type in {"th_open", "td_open"} and "style" in token.attrs:
            token.attrs["class"] = "align-" + str(token.attrs.pop("style")).removeprefix("text-align:")


_markdown.core.ruler.push("alignment_as_class", _alignment_as_class)


SAFE_LINK_PREFIXES = ("https://", "http://", "mailto:", "/", "#")


def _keep_safe_links(tag: str, attribute: str, value: str) -> str | None:
    """Drop any href that is not an absolute web/mail URL or a same-site path.

    ``//host/path`` looks like a path but leaves the site (the browser keeps only the
    scheme), so it is written out as the off-site ``https://host/path`` it really is.
    A code block's ``tabindex`` may only put it in the tab order (``0``).
    """
    if attribute == "tabindex":
        return value if value == "0" else None
    if attribute != "href":
        return value
    url = value.strip()
    if url.startswith("//"):
        return f"https:{url}"
    if not url.lower().startswith(SAFE_LINK_PREFIXES):
        return None
    return value


CACHED_SOURCE_LIMIT = 8_000  # guide texts repeat on every request; long one-off texts do not


def render_markdown(source: str) -> str:
    """Return safe HTML for a Markdown source."""
    if not source:
        return ""
    if len(source) <= CACHED_SOURCE_LIMIT:
        return _render_cached(source)
    return _render(source)


@lru_cache(maxsize=4096)
def _render_cached(source: str) -> str:
    return _render(source)


def _render(source: str) -> str:
    # A code block scrolls sideways on a narrow screen; tabindex lets a keyboard reach and
    # scroll it. Raw HTML is off, so every <pre> here is one markdown-it wrote.
    html = _markdown.render(source).replace("<pre>", '<pre tabindex="0">')
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        allowed_classes=ALLOWED_CLASSES,
        link_rel="nofollow noopener noreferrer",
        attribute_filter=_keep_safe_links,
    )


def word_count(*texts: str) -> int:
    """Words a reader meets in the given texts (Markdown punctuation does not count)."""
    return sum(len(text.split()) for text in texts if text)


def normalise_markdown(value: str | None) -> str:
    """Markdown as stored: LF line breaks, no trailing spaces, one final newline.

    Packs and the admin both store text this way, so saving unchanged text changes
    nothing, history shows no phantom edits, and an export stays byte-identical.
    """
    lines = [line.rstrip() for line in (value or "").replace("\r\n", "\n").replace("\r", "\n").strip().splitlines()]
    return "\n".join(lines) + "\n" if lines else ""
