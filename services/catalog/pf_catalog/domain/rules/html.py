"""``body_html`` as stored (DOMAIN §5.3: sanitized HTML), by nh3 (the ammonia sanitiser).

An allow-list of formatting tags and no attributes, but for a link's ``href`` when it is an
``http(s)``/``mailto`` URL, which then gets ``rel="nofollow noopener"``. Scripts, styles, frames,
embeds, templates and ``noscript`` go with their content; any other tag goes but its text stays.
The input is parsed as a browser would (HTML5): unclosed tags are closed, entities decoded,
and text re-escaped on output. Pure: no I/O.
"""

from __future__ import annotations

import re
from typing import Final

import nh3

ALLOWED_TAGS: Final = frozenset(
    {"p", "br", "strong", "em", "b", "i", "u", "s", "ul", "ol", "li", "blockquote", "a", "span", "div"}
    | {"h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td"}
)
DROP_WITH_CONTENT: Final = frozenset({"script", "style", "iframe", "object", "embed", "template", "noscript"})
SAFE_SCHEMES: Final = ("http://", "https://", "mailto:")
LINK_REL: Final = "nofollow noopener"

# nh3's output is canonical (attribute values double-quoted, '"' and '<' escaped), so these
# match tags only, never text:
# - nh3's own link_rel would put rel on every <a>, a dropped href's too: add it to kept links
_KEPT_LINK: Final = re.compile(r'<a (href="[^"]*")>')
# - a stray </p> opens an empty paragraph, as the HTML5 parser says: it adds nothing
_EMPTY_PARAGRAPH: Final = re.compile(r"<p></p>")


def _safe_href(tag: str, attr: str, value: str) -> str | None:
    """nh3's attribute filter: only ``a``'s ``href`` is allowed, and only a safe URL."""
    url = value.strip()
    if tag == "a" and attr == "href" and url.lower().startswith(SAFE_SCHEMES):
        return url
    return None


_CLEANER: Final = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(DROP_WITH_CONTENT),
    attributes={"a": {"href"}},
    attribute_filter=_safe_href,
    url_schemes={"http", "https", "mailto"},
    link_rel=None,
    strip_comments=True,
)


def sanitize_html(text: str | None) -> str | None:
    """``body_html`` as stored; ``None`` when nothing is left."""
    if text is None:
        return None
    cleaned = _CLEANER.clean(text)
    cleaned = _KEPT_LINK.sub(rf'<a \1 rel="{LINK_REL}">', cleaned)
    cleaned = _EMPTY_PARAGRAPH.sub("", cleaned).strip()
    return cleaned or None
