"""The app in a real browser: Playwright drives the system Chromium (/usr/bin/chromium).

Starts `streamlit run app.py` on a free localhost port in its own process group (saving
into a tmp folder), moves the CSR-cut slider, waits for the gap chart's title to give the
model's new gap, downloads the gap chart as PNG and takes a screenshot into the test's tmp
folder (the README's pictures come from `python -m tests.e2e.screenshots`).
Never downloads a browser (no `playwright install`); skips only where Chromium is absent.
"""
from __future__ import annotations

import pytest

from tests.conftest import DEFAULT
from tests.e2e.browser_support import ARGS, CHROMIUM, WAIT_MS, needs_chromium, streamlit_server

pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
pytestmark = needs_chromium
CUT = "funding.spending_review.real_terms_cut"


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    with streamlit_server([], {"MTFP_SCENARIO_DIR": str(tmp_path_factory.mktemp("scenarios"))}) as url:
        yield url


@pytest.fixture(scope="module")
def page(app_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        pg = browser.new_page(viewport={"width": 1440, "height": 1100}, accept_downloads=True)
        pg.goto(app_url)
        yield pg
        browser.close()


def _expected_title(cut: float) -> str:
    import mtfp
    from mtfp.charts import plan as charts
    from mtfp.scenario import with_value

    p = mtfp.run(with_value(mtfp.load_scenario(DEFAULT), CUT, cut))
    return charts.gap_title(p["funding_gap"][0, -1], p.years[-1])


def test_slider_changes_the_gap_chart_then_png_download_and_screenshot(page, tmp_path):
    from playwright.sync_api import expect

    titles = page.locator('[data-testid="stPlotlyChart"] .gtitle')
    expect(titles.filter(has_text=_expected_title(1.3))).to_be_visible(timeout=WAIT_MS)

    # Click the CSR-cut track half way (its allowed range -50% to 90%, so about 20%), then read where it landed.
    slider = page.locator('[data-testid="stSlider"]').first
    expect(slider).to_contain_text("Central grant real-terms cut")
    box = slider.locator('[role="group"] > div').first.bounding_box()  # the track
    page.mouse.click(box["x"] + box["width"] * 0.5, box["y"] + box["height"] / 2)
    value_text = slider.get_by_test_id("stSliderThumbValue")
    expect(value_text).not_to_have_text("1.30", timeout=WAIT_MS)
    cut = float(value_text.inner_text())
    assert 15 <= cut <= 35, cut
    new_title = _expected_title(cut)
    expect(titles.filter(has_text=new_title)).to_be_visible(timeout=WAIT_MS)
    expect(titles.filter(has_text=_expected_title(1.3))).to_have_count(0, timeout=WAIT_MS)  # stale chart gone

    with page.expect_download(timeout=WAIT_MS) as download:
        page.get_by_test_id("stDownloadButton").filter(has_text="PNG").first.click()  # our button, not plotly's
    target = tmp_path / "gap.png"
    download.value.save_as(target)
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert download.value.suggested_filename.endswith("-gap.png")

    shot = tmp_path / "app.png"
    page.locator("h1").first.scroll_into_view_if_needed()  # the title, headline and gap chart
    page.wait_for_timeout(1000)  # let the chart's transition finish before the picture
    page.screenshot(path=str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
