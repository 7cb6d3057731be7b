"""``body_html`` is stored sanitised (DOMAIN §5.3, pf_catalog.domain.rules.html): an allow-list of
formatting tags, no attributes but a safe link's ``href``, no scripts or styles (their text dropped
too). Pure function, no I/O."""

from __future__ import annotations

import pytest

from pf_catalog.domain.rules.html import ALLOWED_TAGS, sanitize_html

LINK = 'rel="nofollow noopener"'

CASES = [
    ("<p>Plain <em>text</em></p>", "<p>Plain <em>text</em></p>"),
    ("<p onclick='x()' class='a'>Hi</p>", "<p>Hi</p>"),
    ("<script>alert(1)</script><p>ok</p>", "<p>ok</p>"),
    ("<style>p{}</style>x", "x"),
    (
        '<a href="https://example.com/x?a=1&b=2">l</a>',
        f'<a href="https://example.com/x?a=1&amp;b=2" {LINK}>l</a>',
    ),
    ('<a href="javascript:alert(1)">l</a>', "<a>l</a>"),
    ('<img src=x onerror="alert(1)">after', "after"),
    ("<p>unclosed <strong>bold", "<p>unclosed <strong>bold</strong></p>"),
    ("a &lt;b&gt; &amp; c", "a &lt;b&gt; &amp; c"),
    ("line<br/>break<br>", "line<br>break<br>"),
    ("</p>stray close", "stray close"),
    ("<iframe src='x'>inside</iframe>", None),
    ("   ", None),
    (None, None),
]

SCRIPTS = [
    # script and the other dropped-with-content tags, wherever they are
    ("<p>a<script>document.cookie</script>b</p>", "<p>ab</p>"),
    ("<SCRIPT SRC=//evil.example/x.js></SCRIPT>t", "t"),
    ("<svg><script>alert(1)</script></svg>t", "t"),
    ("<object data='x.swf'>fallback</object><embed src='x'>t", "t"),
    ("<template><p>hidden</p></template>t", "t"),
    ("<noscript><p>x</p></noscript>y", "y"),
    ("<scr<script>ipt>alert(1)</script>", "ipt&gt;alert(1)"),  # text, never a tag
    ("<!-- <script>alert(1)</script> --><p>x</p>", "<p>x</p>"),  # comments go
]

EVENT_HANDLERS = [
    ('<p onmouseover="alert(1)">x</p>', "<p>x</p>"),
    ("<div style='background:url(javascript:alert(1))' id=a title=b>x</div>", "<div>x</div>"),
    (
        '<a href="https://ok.example" onclick="steal()" target="_blank">l</a>',
        f'<a href="https://ok.example" {LINK}>l</a>',
    ),
    ('<body onload="alert(1)"><p>x</p></body>', "<p>x</p>"),
    ("<input autofocus onfocus=alert(1)>t", "t"),
    ("<video><source onerror=alert(1)></video>t", "t"),
]

URLS = [
    ('<a href="JavaScript:alert(1)">l</a>', "<a>l</a>"),
    ('<a href="  javascript:alert(1)">l</a>', "<a>l</a>"),
    ('<a href="java&#x09;script:alert(1)">l</a>', "<a>l</a>"),  # an entity-encoded tab
    ('<a href="&#106;avascript:alert(1)">l</a>', "<a>l</a>"),
    ('<a href="data:text/html;base64,PHNjcmlwdD4=">l</a>', "<a>l</a>"),
    ('<a href="vbscript:msgbox(1)">l</a>', "<a>l</a>"),
    ('<a href="/relative/path">l</a>', "<a>l</a>"),
    ('<a href="//evil.example">l</a>', "<a>l</a>"),
    ("<a>no href</a>", "<a>no href</a>"),
    ('<a href="">empty</a>', "<a>empty</a>"),
    ('<a href=" https://ok.example/a ">l</a>', f'<a href="https://ok.example/a" {LINK}>l</a>'),
    ('<a href="HTTP://OK.example">l</a>', f'<a href="HTTP://OK.example" {LINK}>l</a>'),
    ('<a href="mailto:sales@example.com">m</a>', f'<a href="mailto:sales@example.com" {LINK}>m</a>'),
    (
        '<a href="https://ok.example/?q=&quot;&gt;">l</a>',
        f'<a href="https://ok.example/?q=&quot;&gt;" {LINK}>l</a>',
    ),
    ('<a href="https://ok.example" rel="opener">l</a>', f'<a href="https://ok.example" {LINK}>l</a>'),
]

STRUCTURE = [
    ("<p>a</p></p>b", "<p>a</p>b"),  # a stray close, after a paragraph
    ("<div><p>x</div>y", "<div><p>x</p></div>y"),  # closed inside what encloses it
    ("<ul><li>one<li>two</ul>", "<ul><li>one</li><li>two</li></ul>"),
    ("<b><i>x</b>y</i>", "<b><i>x</i></b><i>y</i>"),  # misnested: as a browser reads it
    ("<h2>Title<p>body", "<h2>Title<p>body</p></h2>"),
    ("<table><tr><td>1</td></tr></table>", "<table><tbody><tr><td>1</td></tr></tbody></table>"),
    ("<blockquote><unknown>kept text</unknown></blockquote>", "<blockquote>kept text</blockquote>"),
    (
        "<p>unclosed <a href='https://ok.example'>link",
        f'<p>unclosed <a href="https://ok.example" {LINK}>link</a></p>',
    ),
]

ENTITIES = [
    ("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
    ("<p>&eacute;&#169;&#x2713; caf\u00e9</p>", "<p>\u00e9\u00a9\u2713 caf\u00e9</p>"),
    ("<p>a&nbsp;b</p>", "<p>a&nbsp;b</p>"),
    ("Tom & Jerry < 3 > 2", "Tom &amp; Jerry &lt; 3 &gt; 2"),
    ("&amp;lt;b&amp;gt;", "&amp;lt;b&amp;gt;"),  # escaped once stays escaped once
    ("<p>\"quotes\" & 'apostrophes'</p>", "<p>\"quotes\" &amp; 'apostrophes'</p>"),
]


@pytest.mark.parametrize(("dirty", "clean"), CASES + SCRIPTS + EVENT_HANDLERS + URLS + STRUCTURE + ENTITIES)
def test_sanitize_html(dirty, clean):
    assert sanitize_html(dirty) == clean


@pytest.mark.parametrize(
    "tag", sorted(ALLOWED_TAGS - {"a", "br", "table", "thead", "tbody", "tr", "th", "td"})
)
def test_every_allowed_formatting_tag_is_kept_without_its_attributes(tag):
    assert sanitize_html(f'<{tag} class="c" style="color:red" id="i">x</{tag}>') == f"<{tag}>x</{tag}>"


@pytest.mark.parametrize("dirty", [c for c, _ in CASES + SCRIPTS + EVENT_HANDLERS + URLS + STRUCTURE] + ["x"])
def test_sanitising_twice_changes_nothing(dirty):
    once = sanitize_html(dirty)
    assert sanitize_html(once) == once


def test_the_vendor_products_use_cases_store_what_the_rule_returns():
    from pf_catalog.domain import vendor_products

    assert vendor_products.sanitize_html is sanitize_html
