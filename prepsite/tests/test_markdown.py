from html.parser import HTMLParser

import pytest

from prepsite.markdown import ALLOWED_TAGS, render_markdown


class ElementCollector(HTMLParser):
    """Every element and attribute a browser would build from the HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def elements_of(html: str) -> list[tuple[str, dict]]:
    collector = ElementCollector()
    collector.feed(html)
    return collector.elements


XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](&#x6A;&#x61;&#x76;&#x61;script:alert(1))",
    "[click](java%0ascript:alert(1))",
    "[click](jav&#x09;ascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![img](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)",
    "![x](x.png)",
    "<img src=x onerror=alert(1)>",
    '<a href="#" onclick="alert(1)">x</a>',
    "<svg onload=alert(1)><circle r=1 /></svg>",
    "<svg><script>alert(1)</script></svg>",
    "<iframe src=//evil.example></iframe>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<<script>script>alert(1)<</script>/script>",
    "[a](vbscript:msgbox(1))",
    "<a href='javascript:alert(1)'>raw link</a>",
    "<details open ontoggle=alert(1)>",
    '[ok](https://example.com "title" onmouseover=alert(1))',
]
SAFE_URL_PREFIXES = ("http://", "https://", "mailto:")


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_xss_payload_survives_rendering(payload):
    html = render_markdown(payload)
    for tag, attrs in elements_of(html):
        assert tag in ALLOWED_TAGS, (tag, html)
        for name, value in attrs.items():
            assert not name.startswith("on"), (name, html)
            assert name != "style", html
            if name in {"href", "src"}:
                url = "".join((value or "").split()).lower()
                assert url.startswith(SAFE_URL_PREFIXES) or url.startswith(("/", "#")), (url, html)
    assert "<script" not in html.lower()


def test_raw_html_is_shown_as_text_not_markup():
    assert render_markdown("<b>bold</b>") == "<p>&lt;b&gt;bold&lt;/b&gt;</p>\n"


def test_safe_markdown_keeps_its_formatting_and_links_get_rel():
    html = render_markdown("**Strong** and `code`\n\n- one\n- two\n\n[site](https://example.com)")
    assert "<strong>Strong</strong>" in html
    assert "<code>code</code>" in html
    assert "<li>one</li>" in html
    assert 'href="https://example.com"' in html
    assert 'rel="nofollow noopener noreferrer"' in html


def test_empty_source_renders_nothing():
    assert render_markdown("") == ""


def test_headings_become_bold_paragraphs_so_page_outlines_hold():
    assert render_markdown("## Extra heading\n\nText.") == "<p><strong>Extra heading</strong></p>\n<p>Text.</p>\n"


def test_long_sources_render_the_same_without_the_cache():
    source = "**bold** " * 2_000
    assert render_markdown(source).startswith("<p><strong>bold</strong>")


@pytest.mark.parametrize(
    "source", ["[x](//evil.example/login)", "[x]( //evil.example/login)", "[x](<//evil.example/login>)"]
)
def test_a_protocol_relative_link_is_shown_as_the_off_site_link_it_is(source):
    [(tag, attrs)] = elements_of(render_markdown(source))[1:]
    assert tag == "a"
    assert attrs["href"] == "https://evil.example/login"
    assert attrs["rel"] == "nofollow noopener noreferrer"


def test_same_site_paths_and_fragments_stay_as_written():
    html = render_markdown("[guide](/roles/backend/) and [above](#top)")
    assert [attrs["href"] for tag, attrs in elements_of(html) if tag == "a"] == ["/roles/backend/", "#top"]


def test_table_alignment_is_a_class_not_an_inline_style():
    html = render_markdown("| a | b | c |\n| :-- | :-: | --: |\n| 1 | 2 | 3 |")
    assert '<th class="align-left">a</th>' in html
    assert '<td class="align-center">2</td>' in html
    assert '<td class="align-right">3</td>' in html
    assert "style=" not in html


def test_a_code_block_can_be_reached_by_keyboard_and_nothing_else_gains_a_tabindex():
    html = render_markdown("Run this:\n\n```\nSELECT * FROM a_table_with_a_very_long_name;\n```\n\n    indented()\n")
    assert html.count('<pre tabindex="0">') == 2
    assert "<p tabindex" not in render_markdown('[x](/a "t") <p tabindex="5">raw</p>')  # raw HTML stays text
