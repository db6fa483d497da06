"""A resident in a real browser: `streamlit run app.py -- --consultation consultation/options.yaml`
driven by Playwright on the system Chromium (/usr/bin/chromium, no `playwright install`).

The default scenario's 2019/20 gap is about £2.9m. The resident switches on two savings with
the keyboard-usable toggles (40 officer vacancies, £2.0m; four front counters, £1.0m), the
submit button becomes enabled, they submit, and the response is a row in the SQLite database
(MTFP_CONSULTATION_DB, a tmp file). Skips only where Chromium is absent.
"""
from __future__ import annotations

import pytest

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
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.goto(url)
            submit = page.get_by_role("button", name="Submit my budget")
            expect(submit).to_be_disabled(timeout=WAIT_MS)
            expect(page.get_by_text("Not balanced yet: you still need to find", exact=False)).to_be_visible(timeout=WAIT_MS)

            # Keyboard: focus each toggle and press Space, as a resident without a mouse would.
            for name in ("Hold 40 police officer vacancies", "Close four of the seven police station front counters"):
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
        finally:
            browser.close()

    frame = store.read_responses(db)
    assert len(frame) == 1
    savings = frame.loc[0, "choices"]["savings"]
    assert savings["officer_vacancies"] == 2.0 and savings["front_counters"] == 1.0
    assert frame.loc[0, "choices"]["band_d_rise"] == 0.0
