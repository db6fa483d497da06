"""Chart files: PNG/SVG/PDF through kaleido where Chromium exists, HTML everywhere.

One real export per format at most (a Chromium start costs ~2 s); the no-browser path is
checked with a probe that fails, a probe that hangs, and a real process whose BROWSER_PATH
points at nothing.
"""
from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import plotly.graph_objects as go
import pytest

from mtfp.charts import plan as charts
from mtfp.charts import static as chart_export
from tests.conftest import ROOT

HAS_CHROMIUM = bool(os.environ.get("BROWSER_PATH") or shutil.which("chromium") or Path("/usr/bin/chromium").exists())


@pytest.fixture(scope="module")
def figure():
    return charts.style(go.Figure(go.Bar(x=["2016/17", "2017/18"], y=[4.1, 9.3], name="Annual funding gap")),
                        "We need to save £9.3m by 2017/18", "Scenario: test", "Source: mtfp model, scenario 'test'",
                        alt="Bar chart: the funding gap grows from £4.1m in 2016/17 to £9.3m in 2017/18.")


@pytest.fixture
def no_browser(monkeypatch):
    """This process behaves as if Chromium were missing (cached status cleared, restored after)."""
    def missing():
        raise RuntimeError("\n\nKaleido requires Google Chrome to be installed.\n\nEither download ...")

    def must_not_start(*args, **kwargs):
        raise AssertionError("the sync server must not start when the probe fails: it would hang")

    import kaleido
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    monkeypatch.setattr(chart_export, "_status", None)
    monkeypatch.setattr(chart_export, "_one_shot_probe", missing)
    monkeypatch.setattr(kaleido, "start_sync_server", must_not_start)


def test_html_is_standalone_and_titled(figure, no_browser):
    page = chart_export.figure_bytes(figure, "html").decode("utf-8")
    assert page.startswith("<!doctype html>\n<html lang=\"en-GB\">") and "<title>We need to save £9.3m by 2017/18</title>" in page
    assert 'content="Bar chart: the funding gap grows from £4.1m' in page
    assert 'aria-describedby="chart-description"' in page
    assert '<p id="chart-description" style="font-family: sans-serif; max-width: 60em">Bar chart: the funding gap' in page
    assert "cdn.plot.ly" not in page.split("<body>")[0] and len(page) > 1_000_000  # plotly.js inlined: offline


def test_missing_browser_is_reported_plainly_and_html_still_works(figure, no_browser, tmp_path):
    ok, message = chart_export.static_export_status()
    assert (ok, message) == (False, "Kaleido requires Google Chrome to be installed.")
    with pytest.raises(chart_export.ExportUnavailable, match="PNG export needs Chromium.*apt-get install chromium"):
        chart_export.figure_bytes(figure, "png")
    with pytest.raises(chart_export.ExportUnavailable):
        chart_export.write_figure(figure, tmp_path / "gap", ["html", "pdf"])
    assert list(tmp_path.iterdir()) == []  # nothing half-written
    assert chart_export.write_figure(figure, tmp_path / "gap", ["html"]) == [tmp_path / "gap.html"]
    assert (tmp_path / "gap.html").stat().st_mode & 0o777 == 0o644  # readable by others, like any saved document
    with pytest.raises(chart_export.ExportUnavailable) as raised:
        chart_export.figure_bytes(figure, "svg")
    assert str(raised.value) == ("SVG export needs Chromium, which is not available here (Kaleido requires Google "
                                 "Chrome to be installed). Install Chromium (Debian/Ubuntu: apt-get install chromium) "
                                 "or use the HTML download.")


def test_a_probe_that_never_answers_gives_up(monkeypatch):
    release = threading.Event()
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    monkeypatch.setattr(chart_export, "_status", None)
    monkeypatch.setattr(chart_export, "PROBE_TIMEOUT_S", 0.2)
    monkeypatch.setattr(chart_export, "_one_shot_probe", lambda: release.wait(30))
    try:
        assert chart_export.static_export_status() == (False, "Chromium did not answer within 0.2 s")
    finally:
        release.set()


def test_unknown_format_is_refused(figure):
    with pytest.raises(ValueError, match="unknown chart format 'jpeg': allowed are png, svg, pdf, html"):
        chart_export.figure_bytes(figure, "jpeg")


def test_browser_path_to_nothing_in_a_fresh_process():
    """A real process with BROWSER_PATH pointing at no file: False at once, HTML works, no hang."""
    code = (
        "import plotly.graph_objects as go\n"
        "from mtfp.charts import static as ce\n"
        "ok, msg = ce.static_export_status()\n"
        "print(ok, msg)\n"
        "try:\n"
        "    ce.figure_bytes(go.Figure(), 'svg')\n"
        "except ce.ExportUnavailable as e:\n"
        "    print('unavailable:', e)\n"
        "print(len(ce.figure_bytes(go.Figure(), 'html')) > 1000)\n"
    )
    env = {**os.environ, "BROWSER_PATH": "/nonexistent/chromium"}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)  # a hang fails the test instead of blocking the suite
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "False BROWSER_PATH is set to /nonexistent/chromium, which does not exist"
    assert lines[1].startswith("unavailable: SVG export needs Chromium")
    assert lines[2] == "True"


@pytest.mark.skipif(not HAS_CHROMIUM, reason="no Chromium on this machine (apt-get install chromium)")
def test_real_png_svg_pdf_html(figure, tmp_path):
    assert chart_export.static_export_status() == (True, None)
    paths = chart_export.write_figure(figure, tmp_path / "gap.2019-20", ["png", "svg", "pdf", "html"])
    assert [p.name for p in paths] == ["gap.2019-20.png", "gap.2019-20.svg", "gap.2019-20.pdf", "gap.2019-20.html"]
    png = paths[0].read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (2500, 1500)  # 1000x600 at scale 2.5: ~300 dpi across A4
    svg = ET.fromstring(paths[1].read_bytes())
    assert svg.tag.endswith("svg") and "We need to save £9.3m by 2017/18" in paths[1].read_text()
    assert paths[2].read_bytes().startswith(b"%PDF")
    assert paths[3].read_text().startswith("<!doctype html>")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
