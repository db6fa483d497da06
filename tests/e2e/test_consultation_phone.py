"""A resident on a phone (390 x 844, the size of a common phone in portrait) and on a keyboard,
in a real browser (Playwright on Debian's Chromium), at the shipped consultation for the default
scenario (2019/20 gap about £3.4m).

On the phone: the gap chart's title, subtitle and source note wrap inside the screen, there is
no Plotly toolbar, and the running "Left to find" total stays in view while the resident goes
through the savings. On the keyboard: the first choice is a few Tab presses from page load,
every control shows a focus ring, and the budget is balanced and submitted without a mouse.

Set MTFP_DOCS_SCREENSHOTS=1 to refresh docs/consultation-phone.png and docs/consultation-phone-chart.png
(the README's pictures); otherwise screenshots go to the test's tmp folder.
"""
from __future__ import annotations

import os

import pytest

from tests.conftest import ROOT
from tests.e2e.browser_support import ARGS, CHROMIUM, WAIT_MS, needs_chromium, streamlit_server

pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
pytestmark = needs_chromium

PHONE = {"width": 390, "height": 844}
FIRST_CHOICE_WITHIN = 5  # Tab presses from page load to the first choice (the precept options)

ACTIVE = """(() => { const e = document.activeElement; const s = getComputedStyle(e);
  const ring = e.closest('label') || e;  // a hidden input shows its ring on its label
  const r = getComputedStyle(ring);
  return {tag: e.tagName, type: e.type || '', role: e.getAttribute('role') || '',
          text: (e.getAttribute('aria-label') || e.innerText || '').trim().slice(0, 80),
          outline: [s.outlineStyle, s.outlineWidth], ring: [r.outlineStyle, r.outlineWidth]}; })()"""


def _screenshots(tmp_path):
    return ROOT / "docs" if os.environ.get("MTFP_DOCS_SCREENSHOTS") else tmp_path


@pytest.fixture(scope="module")
def consultation_app(tmp_path_factory):
    db = tmp_path_factory.mktemp("consultation-phone") / "responses.sqlite"
    with streamlit_server(["--consultation", "consultation/options.yaml"], {"MTFP_CONSULTATION_DB": str(db)}) as url:
        yield url, db


def _inside(box: dict, width: int) -> bool:
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width


def test_on_a_phone_the_gap_chart_fits_and_the_running_total_stays_in_view(consultation_app, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    url, _ = consultation_app
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            page = browser.new_page(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
            page.goto(url)
            chart = page.locator(".st-key-consult_gap_chart_phone")
            title = chart.locator(".g-gtitle")
            expect(title).to_contain_text("We need to save £3.4m by", timeout=WAIT_MS)
            expect(page.locator(".st-key-consult_gap_chart_wide")).to_be_hidden()
            # Title, subtitle and source note all inside the 390 px screen, not cut at its edge.
            assert _inside(title.bounding_box(), PHONE["width"]), title.bounding_box()
            source = chart.locator(".annotation", has_text="Source")
            assert _inside(source.bounding_box(), PHONE["width"]), source.bounding_box()
            assert page.locator(".modebar").count() == 0 or not page.locator(".modebar").first.is_visible()
            chart.scroll_into_view_if_needed()
            page.wait_for_timeout(500)
            page.screenshot(path=str(_screenshots(tmp_path) / "consultation-phone-chart.png"))

            # The household chart, in its expander, fits the phone too.
            page.get_by_text("Chart of every option by band").click()
            household = page.locator(".st-key-consult_household_chart_phone .g-gtitle")
            expect(household).to_contain_text("rise on Band D", timeout=WAIT_MS)  # wrapped: lines run together in the text
            assert _inside(household.bounding_box(), PHONE["width"]), household.bounding_box()

            # Down among the savings, the running total is still on screen.
            toggle = page.get_by_role("switch", name="Close four of the seven police station front counters")
            toggle.scroll_into_view_if_needed()
            total = page.locator(".st-key-consult_running_total")
            expect(total).to_contain_text("Left to find", timeout=WAIT_MS)
            expect(total).to_be_in_viewport()
            box = total.bounding_box()
            assert 0 <= box["y"] and box["y"] + box["height"] <= PHONE["height"] / 3  # at the top, a third at most
            page.keyboard.press("Tab")  # (a switch just out of view scrolls in on focus)
            toggle.focus()
            toggle.press("Space")
            expect(total).to_contain_text("£2.4m", timeout=WAIT_MS)  # £3.42m less £1.0m
            expect(total).to_be_in_viewport()
            page.screenshot(path=str(_screenshots(tmp_path) / "consultation-phone.png"))
        finally:
            browser.close()


def test_a_keyboard_user_reaches_the_first_choice_sees_focus_and_submits(consultation_app):
    from playwright.sync_api import expect, sync_playwright

    from mtfp.consultation import store

    url, db = consultation_app
    before = len(store.read_responses(db))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            page = browser.new_page(viewport=PHONE)
            page.goto(url)
            expect(page.get_by_role("button", name="Submit my budget")).to_be_disabled(timeout=WAIT_MS)
            expect(page.locator("header[data-testid='stHeader']")).to_be_hidden()
            expect(page.get_by_text("Deploy", exact=True)).to_have_count(0)

            stops = []
            for _ in range(FIRST_CHOICE_WITHIN):
                page.keyboard.press("Tab")
                stops.append(page.evaluate(ACTIVE))
                if stops[-1]["type"] == "radio":
                    break
            assert stops[-1]["type"] == "radio", f"first choice not reached in {FIRST_CHOICE_WITHIN} Tabs: {stops}"
            # A visible focus ring on every stop: 3 px solid on the control or on its label.
            for stop in stops:
                assert ("solid", "3px") in (tuple(stop["outline"]), tuple(stop["ring"])), stop

            # Tab on to the four savings that close the gap, switch each on with Space, then submit with Enter.
            wanted = ["Hold 40 police officer vacancies", "Close four of the seven police station front counters",
                      "Reduce the vehicle fleet by a tenth", "Share the dog section with a neighbouring force"]
            for _ in range(40):
                page.keyboard.press("Tab")
                stop = page.evaluate(ACTIVE)
                assert ("solid", "3px") in (tuple(stop["outline"]), tuple(stop["ring"])), stop
                if wanted and stop["role"] == "switch" and stop["text"].startswith(wanted[0]):
                    page.keyboard.press("Space")
                    expect(page.get_by_role("switch", name=wanted.pop(0))).to_be_checked(timeout=WAIT_MS)
                    if not wanted:
                        expect(page.get_by_role("button", name="Submit my budget")).to_be_enabled(timeout=WAIT_MS)
                if not wanted and stop["tag"] == "BUTTON" and stop["text"].startswith("Submit my budget"):
                    page.keyboard.press("Enter")
                    break
            else:
                pytest.fail("the Submit button was never reached with Tab")
            expect(page.get_by_text("Thank you: your budget has been submitted", exact=False)).to_be_visible(
                timeout=WAIT_MS)
        finally:
            browser.close()
    assert len(store.read_responses(db)) == before + 1
