"""The README's pictures of the app: one PNG of each main page, taken in a real browser.

    python -m tests.e2e.screenshots            # writes docs/app-<page>.png
    python -m tests.e2e.screenshots --out DIR  # anywhere else

Starts `streamlit run app.py` (and the public consultation view) on free localhost ports with
a temporary scenarios folder, opens each page in Playwright on Debian's Chromium
(/usr/bin/chromium; never `playwright install`) at 1440 x 900, waits for what the page draws
(a chart title, a table, the Monte Carlo fan charts), and saves the window. A picture over
MAX_BYTES is reduced to 256 colours (Pillow), which keeps text sharp. Stops only the servers it
started. tests/e2e/test_screenshots.py runs the same code into a tmp folder.
"""
from __future__ import annotations

import argparse
import io
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import ROOT
from tests.e2e.browser_support import ARGS, CHROMIUM, streamlit_server

VIEWPORT = {"width": 1440, "height": 900}
MAX_BYTES = 300_000
WAIT_MS = 240_000  # a Monte Carlo run of 10,000 draws on a busy 2-core machine


@dataclass(frozen=True)
class Shot:
    name: str  # docs/app-<name>.png
    path: str  # the page's address after the server's URL
    ready: Callable  # waits, given the page, until what the picture must show is drawn
    consultation: bool = False  # taken on the public consultation view's server


def _chart_titled(page, text: str | None = None, count: int = 1) -> None:
    from playwright.sync_api import expect

    titles = page.locator('[data-testid="stPlotlyChart"] .gtitle')
    if text:
        titles = titles.filter(has_text=text)
    expect(titles.nth(count - 1)).to_be_visible(timeout=WAIT_MS)


def _settled(page) -> None:
    """Wait until the script run has finished: no "Running..." status and no placeholder left."""
    page.wait_for_function("""() => !document.querySelector('[data-testid="stStatusWidget"]')
        && !document.querySelector('[data-testid="stSkeleton"]')""", timeout=WAIT_MS)


def _scenario(page) -> None:
    _chart_titled(page, "We need to save")


def _assumptions(page) -> None:
    from playwright.sync_api import expect

    expect(page.locator('[data-testid="stDataFrame"] [role="columnheader"]').first).to_be_attached(timeout=WAIT_MS)


def _compare(page) -> None:
    page.get_by_role("button", name="CSR 25/30/35/40 set").click()
    _chart_titled(page, "We need to save between")


def _risk(page) -> None:
    _chart_titled(page, count=2)  # the gap and reserve fan charts
    _settled(page)
    # The headline metrics and the gap fan chart under them: the chart's foot at the window's foot.
    page.locator('[data-testid="stPlotlyChart"]').first.evaluate("e => e.scrollIntoView({block: 'end'})")


def _goal_seek(page) -> None:
    from playwright.sync_api import expect

    expect(page.get_by_test_id("stAlert").first).to_be_visible(timeout=WAIT_MS)  # the answer, feasible or not
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible(timeout=WAIT_MS)  # and its table


def _consultation(page) -> None:
    _chart_titled(page, "We need to save")


SHOTS = [
    Shot("scenario", "", _scenario),
    Shot("assumptions", "/assumptions", _assumptions),
    Shot("compare", "/compare", _compare),
    Shot("risk", "/risk", _risk),
    Shot("goal-seek", "/goal_seek", _goal_seek),
    Shot("consultation", "", _consultation, consultation=True),
]


def small_png(png: bytes, limit: int = MAX_BYTES) -> bytes:
    """The PNG as it is when under `limit` bytes, else reduced to 256 colours."""
    if len(png) <= limit:
        return png
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _take(url: str, shots: list[Shot], out: Path, browser) -> list[Path]:
    written = []
    for shot in shots:
        page = browser.new_page(viewport=VIEWPORT)
        try:
            page.goto(url + shot.path)
            shot.ready(page)
            _settled(page)
            page.mouse.move(VIEWPORT["width"] - 10, VIEWPORT["height"] - 10)  # no tooltip over the picture
            page.wait_for_timeout(1_500)  # let the charts' transitions finish
            target = out / f"app-{shot.name}.png"
            target.write_bytes(small_png(page.screenshot(type="png")))
            written.append(target)
        finally:
            page.close()
    return written


def take_screenshots(out: Path, names: list[str] | None = None) -> list[Path]:
    """Save docs-style PNGs of the main pages (all, or those `names`) into `out`; their paths."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    chosen = [s for s in SHOTS if not names or s.name in names]
    written: list[Path] = []
    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            app_shots = [s for s in chosen if not s.consultation]
            if app_shots:
                with streamlit_server([], {"MTFP_SCENARIO_DIR": tmp}) as url:
                    written += _take(url, app_shots, out, browser)
            public = [s for s in chosen if s.consultation]
            if public:
                env = {"MTFP_CONSULTATION_DB": str(Path(tmp) / "responses.sqlite")}
                with streamlit_server(["--consultation", "consultation/options.yaml"], env) as url:
                    written += _take(url, public, out, browser)
        finally:
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.e2e.screenshots", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="folder for app-<page>.png (default docs/)")
    parser.add_argument("pages", nargs="*", help=f"only these pages: {', '.join(s.name for s in SHOTS)} (default: all)")
    args = parser.parse_args(argv)
    unknown = set(args.pages) - {s.name for s in SHOTS}
    if unknown:
        parser.error(f"no page {', '.join(sorted(unknown))}; choose from {', '.join(s.name for s in SHOTS)}")
    if not Path(CHROMIUM).exists():
        print(f"Chromium is not at {CHROMIUM}: apt-get install -y chromium", file=sys.stderr)
        return 1
    for path in take_screenshots(args.out, args.pages):
        print(f"wrote {path} ({path.stat().st_size / 1000:,.0f} kB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
