"""The README's pictures of the app (tests/e2e/screenshots.py): every page it takes is shown in the
README and committed under docs/ as a PNG of the 1440 x 900 window, small enough to keep in git;
the script itself takes a page in a real browser."""
from __future__ import annotations

import io
import re

import pytest

from tests.conftest import ROOT
from tests.e2e import screenshots
from tests.e2e.browser_support import needs_chromium

PNG = b"\x89PNG\r\n\x1a\n"


def test_every_page_picture_is_in_the_readme_and_committed_small():
    from PIL import Image

    shown = set(re.findall(r"\(docs/(app-[a-z-]+\.png)\)", (ROOT / "README.md").read_text(encoding="utf-8")))
    assert shown == {f"app-{s.name}.png" for s in screenshots.SHOTS}
    for name in shown:
        data = (ROOT / "docs" / name).read_bytes()
        assert data[:8] == PNG and len(data) <= screenshots.MAX_BYTES, (name, len(data))
        assert Image.open(io.BytesIO(data)).size == (screenshots.VIEWPORT["width"], screenshots.VIEWPORT["height"])


def test_a_picture_over_the_limit_is_cut_to_256_colours():
    from PIL import Image

    noisy = Image.effect_noise((1440, 900), 80).convert("RGB")  # noise: the worst case for PNG
    raw = io.BytesIO()
    noisy.save(raw, format="PNG")
    assert len(raw.getvalue()) > screenshots.MAX_BYTES
    small = screenshots.small_png(raw.getvalue(), limit=screenshots.MAX_BYTES)
    assert small[:8] == PNG and len(small) < len(raw.getvalue())
    assert Image.open(io.BytesIO(small)).mode == "P"  # a palette image
    tiny = io.BytesIO()
    Image.new("RGB", (10, 10), "white").save(tiny, format="PNG")
    assert screenshots.small_png(tiny.getvalue()) == tiny.getvalue()  # under the limit: untouched


@needs_chromium
def test_the_script_takes_the_scenario_page_in_a_browser(tmp_path):
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
    from PIL import Image

    (path,) = screenshots.take_screenshots(tmp_path, ["scenario"])
    assert path == tmp_path / "app-scenario.png" and path.read_bytes()[:8] == PNG
    assert Image.open(path).size == (1440, 900)
