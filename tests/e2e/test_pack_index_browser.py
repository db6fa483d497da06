"""The consultation pack's index.html opened in a real browser (Playwright on Debian's Chromium):
every chart's thumbnail loads (the PNG is really there and decodes), carries the chart's alt text,
and links to the interactive chart, which draws with the pack's one shared plotly.min.js.

Set MTFP_DOCS_SCREENSHOTS=1 to refresh docs/consultation-pack-index.png (the README's picture).
"""
from __future__ import annotations

import datetime as dt
import os

import pytest

from mtfp.charts import static as chart_export
from mtfp.consultation.pack import build_pack
from tests.conftest import DEFAULT, OPTIONS, ROOT
from tests.e2e.browser_support import ARGS, CHROMIUM, WAIT_MS, needs_chromium

pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
pytestmark = needs_chromium


def test_the_pack_index_shows_every_thumbnail_and_the_charts_draw_offline(tmp_path):
    from playwright.sync_api import expect, sync_playwright

    ok, message = chart_export.static_export_status()
    if not ok:
        pytest.skip(f"PNG thumbnails need Chromium for kaleido: {message}")
    pack = build_pack([DEFAULT], tmp_path / "pack", OPTIONS, as_of=dt.date(2026, 12, 1))
    shots = ROOT / "docs" if os.environ.get("MTFP_DOCS_SCREENSHOTS") else tmp_path
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 1300})
            requested: list[str] = []
            page.on("request", lambda request: requested.append(request.url))
            page.goto((pack.out_dir / "index.html").as_uri())
            images = page.locator("img")
            expect(images).to_have_count(5, timeout=WAIT_MS)
            for i in range(5):
                image = images.nth(i)
                image.scroll_into_view_if_needed()
                page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle(),
                                       timeout=WAIT_MS)
                assert len(image.get_attribute("alt")) > 40
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=str(shots / "consultation-pack-index.png"))
            # The interactive chart behind the first thumbnail draws from the folder's plotly.min.js.
            page.locator("a.thumb").first.click()
            expect(page.locator(".plotly-graph-div .main-svg").first).to_be_visible(timeout=WAIT_MS)
            assert not [u for u in requested if not u.startswith("file://")]  # nothing fetched from the web
        finally:
            browser.close()
