"""Write charts as PNG, SVG, PDF (kaleido + a system Chromium) or standalone HTML (always).

kaleido 1.x drives a Chrome/Chromium that pip cannot install (Debian: `apt-get install
chromium`). Where there is none, `static_export_status()` says so and the caller offers HTML.
Order matters (seen with kaleido 1.5 on Debian): probe with a one-shot tiny export first, and only if it works
start kaleido's persistent sync server; started without a browser, the server thread dies
silently and every later export blocks forever.
"""
from __future__ import annotations

import atexit
import html
import os
import threading
import warnings
from pathlib import Path

import plotly.graph_objects as go

from mtfp.atomic import write_atomic

FORMATS = ("png", "svg", "pdf", "html")
STATIC_FORMATS = ("png", "svg", "pdf")
# About 300 dpi across an A4 page (8.3 in): a 1000 px wide chart is written at scale 2.5.
PRINT_WIDTH_PX = 2500
MIN_PNG_SCALE = 2.0
# A first Chromium start on a busy 2-core machine takes 2-5 s; give up well before a user would.
PROBE_TIMEOUT_S = 60.0
INSTALL_HINT = "Install Chromium (Debian/Ubuntu: apt-get install chromium) or use the HTML download."

_status: tuple[bool, str | None] | None = None
_status_lock = threading.Lock()
_export_lock = threading.Lock()  # one sync server, one browser tab: exports go one at a time
_server_started = False

# Printed by plotly on every export through the sync server; cosmetic.
warnings.filterwarnings("ignore", message="The kopts argument is ignored")


class ExportUnavailable(RuntimeError):
    """PNG/SVG/PDF export is not possible on this machine (no Chromium); HTML still works."""


def _browser_path_problem() -> str | None:
    """A plain message if BROWSER_PATH names a browser that is not there (kaleido honours it first)."""
    path = os.environ.get("BROWSER_PATH")
    if path and not Path(path).is_file():
        return f"BROWSER_PATH is set to {path}, which does not exist"
    return None


def _one_shot_probe() -> None:
    """Export a 10x10 blank PNG with a fresh browser: raises at once when there is no browser."""
    go.Figure().to_image(format="png", width=10, height=10)


def _stop_server() -> None:
    global _server_started
    if _server_started:
        import kaleido

        try:
            kaleido.stop_sync_server(silence_warnings=True)
        finally:
            _server_started = False


def _probe() -> tuple[bool, str | None]:
    global _server_started
    problem = _browser_path_problem()
    if problem:
        return False, problem
    outcome: list[BaseException | None] = []
    worker = threading.Thread(target=lambda: outcome.append(_try(_one_shot_probe)), daemon=True)
    worker.start()
    worker.join(PROBE_TIMEOUT_S)
    if not outcome:
        return False, f"Chromium did not answer within {PROBE_TIMEOUT_S:g} s"
    if outcome[0] is not None:
        lines = str(outcome[0]).strip().splitlines()
        return False, lines[0] if lines else type(outcome[0]).__name__
    try:
        import kaleido

        kaleido.start_sync_server(silence_warnings=True)  # later exports ~0.15 s instead of ~2 s
        _server_started = True
        atexit.register(_stop_server)
    except Exception:  # noqa: BLE001 - per-call export still works without the server
        _server_started = False
    return True, None


def _try(func) -> BaseException | None:
    try:
        func()
        return None
    except BaseException as error:  # noqa: BLE001 - reported as the probe's message
        return error


def static_export_status() -> tuple[bool, str | None]:
    """(available, message): can this process write PNG/SVG/PDF? Probed once, then cached."""
    global _status
    with _status_lock:
        if _status is None:
            _status = _probe()
        return _status


def _html(fig: go.Figure, include_plotlyjs: bool | str = True) -> bytes:
    """A standalone page titled with the chart's alt text. plotly.js is inlined (works offline)
    unless `include_plotlyjs` names a script beside it (e.g. "plotly.min.js", shared by a folder of charts)."""
    width, height = fig.layout.width or 1000, fig.layout.height or 600
    page = fig.to_html(include_plotlyjs=include_plotlyjs, full_html=True, config={"displaylogo": False},
                       default_width=f"{width}px", default_height=f"{height}px")
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    title = fig.layout.title.text or "Chart"
    head = f'<meta charset="utf-8" />\n    <title>{html.escape(title)}</title>'
    if meta.get("alt"):
        head += f'\n    <meta name="description" content="{html.escape(meta["alt"])}">'
    page = page.replace('<meta charset="utf-8" />', head, 1).replace("<html>", '<html lang="en-GB">', 1)
    if meta.get("alt"):
        # The description is printed under the chart too, and tied to it for screen readers.
        page = page.replace('class="plotly-graph-div"', 'class="plotly-graph-div" aria-describedby="chart-description"', 1)
        page = page.replace("</body>", f'<p id="chart-description" style="font-family: sans-serif; max-width: 60em">'
                                        f'{html.escape(meta["alt"])}</p>\n</body>', 1)
    return page.encode("utf-8")


def _unavailable(what: str, reason: str | None) -> str:
    return f"{what} export needs Chromium, which is not available here ({(reason or 'unknown').rstrip('.')}). {INSTALL_HINT}"


def figure_bytes(fig: go.Figure, fmt: str, include_plotlyjs: bool | str = True) -> bytes:
    """The chart as a file's bytes: 'png' (print resolution), 'svg', 'pdf' or 'html'
    (`include_plotlyjs` as plotly's to_html: True inlines plotly.js, a file name links to it).

    Raises ExportUnavailable for png/svg/pdf where no Chromium is available, ValueError for
    an unknown format.
    """
    fmt = fmt.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"unknown chart format {fmt!r}: allowed are {', '.join(FORMATS)}")
    if fmt == "html":
        return _html(fig, include_plotlyjs)
    ok, message = static_export_status()
    if not ok:
        raise ExportUnavailable(_unavailable(fmt.upper(), message))
    width, height = fig.layout.width or 1000, fig.layout.height or 600
    scale = max(MIN_PNG_SCALE, PRINT_WIDTH_PX / width) if fmt == "png" else 1  # SVG and PDF are vectors
    with _export_lock:
        return fig.to_image(format=fmt, width=width, height=height, scale=scale)


def write_figure(fig: go.Figure, stem: Path, formats=("png", "svg", "pdf", "html"),
                 include_plotlyjs: bool | str = True) -> list[Path]:
    """Write `stem.<fmt>` for each format and return the paths (files replaced atomically).

    Checks every format before writing anything, so a missing Chromium leaves no half set.
    """
    stem = Path(stem)
    wanted = [f.lower().lstrip(".") for f in formats]
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown chart format {unknown[0]!r}: allowed are {', '.join(FORMATS)}")
    if any(f in STATIC_FORMATS for f in wanted):
        ok, message = static_export_status()
        if not ok:
            raise ExportUnavailable(_unavailable("PNG/SVG/PDF", message))
    stem.parent.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in wanted:
        target = stem.parent / f"{stem.name}.{fmt}"
        data = figure_bytes(fig, fmt, include_plotlyjs)
        write_atomic(target, data, overwrite=True)
        written.append(target)
    return written
