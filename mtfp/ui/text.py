"""Text typed by people (scenario, group, savings, grant and option names, file names, values
echoed in error messages) shown in the app as plain text, never as markdown.

Streamlit renders markdown in st.markdown, st.caption, st.title, alerts, metric and widget
labels and tab names. A name such as `![x](https://example.com/pixel.png)` would make every
viewer's browser fetch that address; `:red[...]`, `$...$` and `**` would restyle the page.
`plain` backslash-escapes what gives markdown or Streamlit's extensions a meaning (CommonMark
shows a backslash-escaped punctuation character as itself): brackets and angle brackets (links,
images, autolinks, HTML) everywhere; emphasis, code, strike-through and $ maths; a colon that
could open a :directive[...] or :emoji:; and a leading #, >, -, +, = or "1." that would start a
heading, quote or list. Line breaks fold into spaces. Ordinary punctuation (". , ( ) !" and a
colon before a space, as in "file.yaml: field: value") is left alone, so messages read as
written.
"""
from __future__ import annotations

import re

_ANYWHERE = re.compile(r"([\\`*\[\]<>$~]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|:(?=[A-Za-z0-9_/\[]))")
_LEADING = re.compile(r"^(\s*)([#>+=-])")
_ORDERED = re.compile(r"^(\s*\d+)([.)])")  # "1." starts a list; the backslash goes before the dot
_BREAKS = re.compile(r"[\r\n\t\v\f\u2028\u2029]+")


def plain(text) -> str:
    """`text` (any value; str() is used) escaped so markdown shows it character for character."""
    out = _ANYWHERE.sub(lambda m: "\\" + m.group(0), _BREAKS.sub(" ", str(text)))
    out = _LEADING.sub(lambda m: m.group(1) + "\\" + m.group(2), out)
    return _ORDERED.sub(lambda m: m.group(1) + "\\" + m.group(2), out)
