"""A resident in a real browser: `streamlit run app.py -- --consultation consultation/options.yaml`
driven by Playwright on the system Chromium (/usr/bin/chromium, no `playwright install`).

The default scenario's 2019/20 gap is about £3.4m. The resident switches on four savings with
the keyboard-usable toggles (40 officer vacancies, £2.0m; four front counters, £1.0m; the fleet,
£0.3m; the dog section, £0.25m), the
submit button becomes enabled, they submit, and the response is a row in the SQLite database
(MTFP_CONSULTATION_DB, a tmp file). Reloading the page, or opening the consultation in a new tab
of the same browser, and trying again is refused with a clear message. A markdown image in an
option's name is shown as text: the browser never fetches it. Skips only where Chromium is absent.
"""
from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT
from tests.e2e.browser_support import ARGS, CHROMIUM, WAIT_MS, needs_chromium, streamlit_server

pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
pytestmark = needs_chromium


@pytest.fixture(scope="module")
def consultation_app(tmp_path_factory):
    db = tmp_path_factory.mktemp("consultation") / "responses.sqlite"
    with streamlit_server(["--consultation", "consultation/options.yaml"], {"MTFP_CONSULTATION_DB": str(db)}) as url:
        yield url, db


def test_a_resident_closes_the_gap_with_two_savings_and_submits(consultation_app, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    from mtfp.consultation import store

    url, db = consultation_app
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 1000})
            page = context.new_page()
            page.goto(url)
            submit = page.get_by_role("button", name="Submit my budget")
            expect(submit).to_be_disabled(timeout=WAIT_MS)
            expect(page.get_by_text("Not balanced yet: you still need to find", exact=False)).to_be_visible(timeout=WAIT_MS)

            # Keyboard: focus each toggle and press Space, as a resident without a mouse would.
            for name in ("Hold 40 police officer vacancies", "Close four of the seven police station front counters",
                         "Reduce the vehicle fleet by a tenth", "Share the dog section with a neighbouring force"):
                toggle = page.get_by_role("switch", name=name)
                toggle.focus()
                toggle.press("Space")
                expect(toggle).to_be_checked(timeout=WAIT_MS)
            expect(page.get_by_text("Balanced: your choices close the gap", exact=False)).to_be_visible(timeout=WAIT_MS)
            expect(submit).to_be_enabled(timeout=WAIT_MS)
            submit.click()
            expect(page.get_by_text("Thank you: your budget has been submitted", exact=False)).to_be_visible(
                timeout=WAIT_MS)
            page.screenshot(path=str(tmp_path / "consultation.png"), full_page=True)
            expect(page).to_have_url(re.compile(r"[?&]response=[A-Za-z0-9_-]{16,}"), timeout=WAIT_MS)

            # Reload the page (same address, same token) and try again: refused, clearly.
            page.reload()
            expect(page.get_by_text("A budget has already been submitted from this browser", exact=False)).to_be_visible(
                timeout=WAIT_MS)
            expect(page.get_by_role("button", name="Submit my budget")).to_have_count(0)
            # A new tab of the same browser at the bare address: the cookie carries the token.
            fresh = context.new_page()
            fresh.goto(url)
            expect(fresh.get_by_text("A budget has already been submitted from this browser", exact=False)).to_be_visible(
                timeout=WAIT_MS)
            expect(fresh.get_by_role("button", name="Submit my budget")).to_have_count(0)
        finally:
            browser.close()

    frame = store.read_responses(db)
    assert len(frame) == 1
    savings = frame.loc[0, "choices"]["savings"]
    assert savings["officer_vacancies"] == 2.0 and savings["front_counters"] == 1.0
    assert frame.loc[0, "choices"]["band_d_rise"] == 0.0


PIXEL = "https://tracker.example.invalid/pixel.png"


def test_markdown_in_an_option_name_is_shown_as_text_and_never_fetched(tmp_path):
    from playwright.sync_api import expect, sync_playwright

    options = (ROOT / "consultation" / "options.yaml").read_text().replace(
        "../scenarios/default.yaml", str(ROOT / "scenarios" / "default.yaml")).replace(
        "name: Hold 40 police officer vacancies", f"name: '![seen]({PIXEL}) Hold 40 vacancies'")
    path = tmp_path / "options.yaml"
    path.write_text(options)
    env = {"MTFP_CONSULTATION_DB": str(tmp_path / "responses.sqlite")}
    with streamlit_server(["--consultation", str(path)], env) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            page = browser.new_page()
            requested: list[str] = []
            page.on("request", lambda request: requested.append(request.url))
            page.goto(url)
            expect(page.get_by_text(f"![seen]({PIXEL}) Hold 40 vacancies", exact=False).first).to_be_visible(
                timeout=WAIT_MS)
            assert page.locator(f'img[src="{PIXEL}"]').count() == 0
            assert not [u for u in requested if "tracker.example.invalid" in u]
        finally:
            browser.close()
