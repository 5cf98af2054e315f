"""HTML sanitising and Markdown rendering of changelog content."""

from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from changelog.content import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, render_markdown, sanitize_html


def test_script_tag_is_removed_with_its_content():
    assert sanitize_html("<p>Hi</p><script>alert(1)</script>") == "<p>Hi</p>"


def test_event_handler_attribute_is_removed():
    assert sanitize_html('<img src="https://cdn.example.com/a.png" onerror="alert(1)">') == (
        '<img src="https://cdn.example.com/a.png">'
    )


def test_javascript_url_is_removed_from_link():
    assert sanitize_html('<a href="JaVaScRiPt:alert(1)">x</a>') == '<a rel="noopener noreferrer">x</a>'


def test_iframe_is_removed_with_its_content():
    assert sanitize_html('<iframe src="https://evil.example.com">fallback</iframe><p>ok</p>') == "<p>ok</p>"


def test_style_and_class_attributes_are_removed():
    assert sanitize_html('<p style="position:fixed" class="x">a</p>') == "<p>a</p>"


def test_links_keep_http_https_and_mailto_with_rel_noopener():
    html = '<a href="https://a.example">a</a><a href="http://b.example">b</a><a href="mailto:c@example.com">c</a>'
    assert sanitize_html(html) == (
        '<a href="https://a.example" rel="noopener noreferrer">a</a>'
        '<a href="http://b.example" rel="noopener noreferrer">b</a>'
        '<a href="mailto:c@example.com" rel="noopener noreferrer">c</a>'
    )


def test_link_with_data_or_relative_url_loses_its_href():
    assert sanitize_html('<a href="data:text/html,x">d</a><a href="/admin">r</a>') == (
        '<a rel="noopener noreferrer">d</a><a rel="noopener noreferrer">r</a>'
    )


def test_link_target_is_dropped_and_rel_is_forced():
    assert sanitize_html('<a href="https://a.example" target="_blank" rel="opener">a</a>') == (
        '<a href="https://a.example" rel="noopener noreferrer">a</a>'
    )


def test_image_keeps_only_http_or_https_src():
    assert sanitize_html('<img src="mailto:a@b.c"><img src="data:image/png;base64,xx">') == "<img><img>"


def test_formatting_headings_lists_code_and_quotes_are_kept():
    html = (
        "<h2>T</h2><p><strong>b</strong> <em>i</em></p><ul><li>x</li></ul>"
        "<pre><code>c</code></pre><blockquote>q</blockquote>"
    )
    assert sanitize_html(html) == html


def test_svg_with_script_is_removed():
    assert sanitize_html("<svg><script>alert(1)</script></svg>ok") == "ok"


def test_empty_content_stays_empty():
    assert sanitize_html("") == ""
    assert sanitize_html(None) == ""


def test_markdown_is_rendered_to_html():
    assert render_markdown("# Title\n\nSome **bold** [docs](https://docs.example.com)") == (
        '<h1>Title</h1>\n<p>Some <strong>bold</strong> <a href="https://docs.example.com" '
        'rel="noopener noreferrer">docs</a></p>'
    )


def test_markdown_raw_html_and_javascript_links_are_sanitised():
    html = render_markdown("[x](javascript:alert(1))\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>")
    assert "<script" not in html
    assert "javascript:" not in html
    assert "onerror" not in html


def test_markdown_fenced_code_is_escaped():
    assert render_markdown("```\n<b>x</b>\n```") == "<pre><code>&lt;b&gt;x&lt;/b&gt;\n</code></pre>"


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


HOSTILE_PIECES = [
    "<script>alert(1)</script>",
    "<iframe src='https://e.x'></iframe>",
    "<img src=x onerror=alert(1)>",
    "<a href='javascript:alert(1)'>",
    "<a href=' jav&#x09;ascript:alert(1)'>",
    "<svg onload=alert(1)>",
    "<style>*{}</style>",
    "<p onclick='x'>",
    "<object data=x>",
    "<!-- <script> -->",
    "<math><mi xlink:href='javascript:1'>",
    "</p>",
    "<b>",
    "<a href='https://ok.example'>",
    "<img src='https://ok.example/i.png'>",
    "text & more < >",
    '"',
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(HOSTILE_PIECES), st.text(max_size=8)), max_size=12))
def test_sanitised_output_only_has_allowed_tags_attributes_and_schemes(pieces):
    collector = _Collector()
    collector.feed(sanitize_html("".join(pieces)))
    for tag, attrs in collector.found:
        assert tag in ALLOWED_TAGS
        for name, value in attrs.items():
            if tag == "a" and name == "rel":
                assert value == "noopener noreferrer"
                continue
            assert name in ALLOWED_ATTRIBUTES.get(tag, set())
            if name == "href":
                assert value.startswith(("http://", "https://", "mailto:"))
            if name == "src":
                assert value.startswith(("http://", "https://"))
