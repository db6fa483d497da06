"""Any text at all: a CSV field mtfp writes never starts like a formula unless it is a number,
and the app's plain() leaves no unescaped character that opens a link, image or HTML tag."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from mtfp.outputs.safe import FORMULA_START, csv_field
from mtfp.ui.text import plain

# Text biased towards the characters that matter, plus anything else.
HOSTILE = st.text(alphabet=st.sampled_from(list("=+-@\t\r![]()<>*_`$~:#.0123456789eE\\ abc/\n")) | st.characters(),
                  max_size=40)


@settings(max_examples=2000)
@given(HOSTILE)
def test_a_csv_field_never_starts_a_formula_unless_it_is_a_number(text):
    written = csv_field(text)
    if written.startswith(FORMULA_START):
        assert re.fullmatch(r"[+-][0-9.eE+-]+", written), written  # a number such as -1.5 or +3
        float(written)
        assert written == text
    else:
        assert written in (text, "'" + text)


def _unescaped(text: str, char: str) -> bool:
    """Whether `char` occurs with an even number of backslashes before it (so it is live)."""
    return any(len(m.group(1)) % 2 == 0 for m in re.finditer(r"(\\*)" + re.escape(char), text))


@settings(max_examples=2000)
@given(HOSTILE)
def test_plain_leaves_no_live_bracket_angle_or_line_break(text):
    shown = plain(text)
    for char in "[]<>`$*~":
        assert not _unescaped(shown, char), (text, shown)
    assert "\n" not in shown and "\r" not in shown
