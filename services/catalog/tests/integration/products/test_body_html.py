"""``body_html`` is stored sanitised (DOMAIN §5.3): an allow-list of formatting tags, no attributes
but a safe link's ``href``, no scripts or styles (their text dropped too). Pure function, no I/O."""

from __future__ import annotations

import pytest

from pf_catalog.domain.products import sanitize_html

CASES = [
    ("<p>Plain <em>text</em></p>", "<p>Plain <em>text</em></p>"),
    ("<p onclick='x()' class='a'>Hi</p>", "<p>Hi</p>"),
    ("<script>alert(1)</script><p>ok</p>", "<p>ok</p>"),
    ("<style>p{}</style>x", "x"),
    (
        '<a href="https://example.com/x?a=1&b=2">l</a>',
        '<a href="https://example.com/x?a=1&amp;b=2" rel="nofollow noopener">l</a>',
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


@pytest.mark.parametrize(("dirty", "clean"), CASES)
def test_sanitize_html(dirty, clean):
    assert sanitize_html(dirty) == clean
