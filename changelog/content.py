"""Changelog content safety: the HTML allow-list (nh3) and Markdown rendering.

Entry content ends up inside customers' pages (widget, feed readers), so every stored
`content` goes through `sanitize_html`; Markdown input is rendered first, then sanitised.
"""

import markdown
import nh3

from pulse.links import is_http_url

ALLOWED_TAGS = {
    # text formatting
    "p", "br", "hr", "strong", "b", "em", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup",
    "span", "abbr", "kbd",
    # structure
    "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code",
    "ul", "ol", "li", "dl", "dt", "dd",
    "table", "thead", "tbody", "tr", "th", "td",
    # links and images
    "a", "img",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
# Schemes allowed in any URL attribute; `_filter_attribute` then holds every link and image
# to the core's link rule (pulse.links): absolute http(s) URLs (links may also be mailto:).
URL_SCHEMES = {"http", "https", "mailto"}
URL_ATTRIBUTES = {("a", "href"), ("img", "src")}
# Removed together with everything inside them, not just unwrapped.
DROP_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math"}

MARKDOWN_EXTENSIONS = ["fenced_code", "tables", "sane_lists"]


def _filter_attribute(tag, attribute, value):
    if (tag, attribute) not in URL_ATTRIBUTES:
        return value
    if is_http_url(value) or (tag == "a" and value.lower().startswith("mailto:") and "\\" not in value):
        return value
    return None


def sanitize_html(html):
    """Keep only allow-listed tags, attributes and URL schemes; links get rel=noopener noreferrer."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROP_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_filter_attribute,
        url_schemes=URL_SCHEMES,
        # Relative URLs would resolve against the customer's site, where they mean nothing.
        url_relative="deny",
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


def render_markdown(text):
    """Markdown -> HTML -> sanitised HTML (raw HTML inside the Markdown is sanitised too)."""
    if not text:
        return ""
    return sanitize_html(markdown.markdown(text, extensions=MARKDOWN_EXTENSIONS, output_format="html"))
