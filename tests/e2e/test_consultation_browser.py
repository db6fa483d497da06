"""A resident in a real browser: `streamlit run app.py -- --consultation consultation/options.yaml`
driven by Playwright on the system Chromium (/usr/bin/chromium, no `playwright install`).

The default scenario's 2019/20 gap is about £2.9m. The resident switches on two savings with
the keyboard-usable toggles (40 officer vacancies, £2.0m; four front counters, £1.0m), the
submit button becomes enabled, they submit, and the response is a row in the SQLite database
(MTFP_CONSULTATION_DB, a tmp file). Skips only where Chromium is absent.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip("Chromium is not installed (apt-get install -y chromium gives /usr/bin/chromium)",
                allow_module_level=True)
pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
WAIT_MS = 60_000  # a shared 2-core machine can be slow to draw the first page


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def consultation_app(tmp_path_factory):
    db = tmp_path_factory.mktemp("consultation") / "responses.sqlite"
    port = _free_port()
    env = {**os.environ, "MTFP_CONSULTATION_DB": str(db)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port),
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
         "--", "--consultation", "consultation/options.yaml"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=1)
            break
        except OSError:
            if time.time() > deadline or proc.poll() is not None:
                os.killpg(proc.pid, signal.SIGKILL)
                raise RuntimeError("streamlit did not start")
            time.sleep(0.2)
    yield url, db
    os.killpg(proc.pid, signal.SIGTERM)  # only our own process group
    proc.wait(timeout=20)


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
