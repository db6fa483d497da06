"""The consultation pack: a folder that can be published as is.

For the first scenario (and a comparison set): the gap chart, savings by year, the funding
mix, the CSR comparison and the household precept chart, each as HTML (always) and PNG (print
resolution), SVG and PDF where Chromium is available. The HTML charts share ONE copy of
plotly.js in the folder (plotly.min.js, ~4.8 MB; each chart page is then ~10 kB, where an
inlined copy made each 4.8 MB and a pack ~30 MB). PNGs use a 256-colour palette, and PDF charts
use solid fills where the PNG and SVG have patterns (Chromium's print-to-PDF turns pattern fills
into 1-3 MB images): the default scenario's full pack is about 6 MB, most of it plotly.js.

For every chart: `<chart>.csv`, the numbers as a reader wants them (£m to 1 dp, household
amounts in £ to the penny, plain headings); `<chart>-pounds.csv`, the same figures in pounds at
full precision for anyone re-using them; and `<chart>.alt.txt`, its alt text. A one-page
plain-English summary (HTML, and PDF via Chromium), and index.html showing a thumbnail of each
chart (the PNG where there is one, else the live HTML chart in a frame) with its alt text and a
link to every format.

The date on the charts and pages is the PLAN DATE, shown as "Plan date: 1 December 2026":
`as_of` when given (`mtfp pack --date`), else the first scenario's own date (mtfp.scenario.plandate:
the latest change-log entry's date, else the scenario file's modification date, else today).
Data files (CSV, alt text, summary.html, index.html) hold no other timestamps: rebuilding the
pack from the same inputs gives the same bytes.
"""
from __future__ import annotations

import datetime as dt
import io
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go

import mtfp
from mtfp import results
from mtfp.atomic import write_atomic
from mtfp.charts import plan as charts
from mtfp.charts import static as chart_export
from mtfp.charts.consultation import household_chart
from mtfp.consultation.household import band_long, precept_raised
from mtfp.consultation.options import load_options
from mtfp.consultation.summary import index_html, print_pdf, summary_html
from mtfp.outputs import safe
from mtfp.scenario import ScenarioError, load_scenario
from mtfp.scenario.plandate import date_text, plan_date

CSR_GLOB = "csr-*.yaml"
PLOTLY_JS = "plotly.min.js"  # one copy per pack, linked by every HTML chart

# Plain headings for the reader's CSV; money columns in £m to 1 dp unless named in HOUSEHOLD.
READER_HEADINGS = {
    "year": "Year", "recurring_gap": "Recurring gap before one-offs and reserves (£m)",
    "funding_gap": "Gap after one-offs and reserves (£m)",
    "cumulative_gap": "Cumulative gap after one-offs and reserves (£m)",
    "savings_planned": "Savings planned (£m)", "savings_delivered": "Savings delivered (£m)",
    "government_grants": "Government grants (£m)", "council_tax_precept": "Council tax precept (£m)",
    "other_income": "Other income (£m)", "all_funding": "All funding: grants and council tax and income (£m)",
    "band_d_rise": "Band D rise (£ a year)", "band": "Band", "ratio_to_band_d": "Share of Band D",
    "annual": "Extra a year (£)", "weekly": "Extra a week (£)", "raised": "Raises a year (£m)",
}
HOUSEHOLD = {"band_d_rise": 2, "annual": 2, "weekly": 2, "ratio_to_band_d": 4}  # column -> decimals, in £ (not £m)


@dataclass
class PackResult:
    out_dir: Path
    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    static: bool = False


def _csv(frame: pd.DataFrame) -> str:
    """The numbers behind a chart; names that a spreadsheet would run as a formula are prefixed with '."""
    return safe.to_csv(frame)


def _fixed(values: pd.Series, dp: int) -> list[str]:
    """Numbers as text to `dp` decimals, as a reader expects to see them ('2.0', '6.67'): no
    '-0.0' for a figure that rounds to zero, and an empty cell for an undefined one."""
    return ["" if not np.isfinite(v) else f"{round(v, dp) + 0.0:.{dp}f}" for v in values.astype(float)]


def reader_frame(data: pd.DataFrame) -> pd.DataFrame:
    """The chart's numbers as a reader wants them: money in £m to 1 dp, household amounts in £
    to the penny, plain headings (a scenario-named column becomes '<name> gap (£m)')."""
    out = pd.DataFrame(index=data.index)
    for column in data.columns:
        values = data[column]
        if column in ("year", "band"):
            out[READER_HEADINGS[column]] = values
        elif column in HOUSEHOLD:
            out[READER_HEADINGS[column]] = _fixed(values, HOUSEHOLD[column])
        else:
            out[READER_HEADINGS.get(column, f"{column} gap (£m)")] = _fixed(values / 1e6, 1)
    return out


def gap_data(p) -> pd.DataFrame:
    """Pounds behind the gap chart: projected years, the recurring gap, the annual and cumulative
    gap after one-offs and reserves."""
    return pd.DataFrame({"year": p.years[1:], "recurring_gap": results.series(p, "recurring_gap")[1:],
                         "funding_gap": results.series(p, "funding_gap")[1:],
                         "cumulative_gap": results.series(p, "cumulative_gap")[1:]})


def savings_data(p) -> pd.DataFrame:
    """Pounds behind the savings chart: projected years, savings planned and delivered."""
    return pd.DataFrame({"year": p.years[1:], "savings_planned": results.series(p, "savings_planned")[1:],
                         "savings_delivered": results.series(p, "savings_delivered")[1:]})


def funding_mix_data(p) -> pd.DataFrame:
    """Pounds behind the funding-mix chart: grants, precept (with collection fund), other income."""
    sources = results.funding_by_source(p)
    nil = np.zeros(len(p.years))
    return pd.DataFrame({"year": p.years,
                         "government_grants": sources.get("Government grants", nil),
                         "council_tax_precept": sources.get("Council-tax precept", nil),
                         "other_income": sources.get("Other income", nil),
                         "all_funding": results.series(p, "total_funding")
                         + results.series(p, "specific_grants_and_income")})


def comparison_data(projections: dict) -> pd.DataFrame:
    """Pounds behind the CSR comparison: the gap after one-offs and reserves of each scenario by projected year."""
    first = next(iter(projections.values()))
    frame = pd.DataFrame({name: results.series(p, "funding_gap")[1:] for name, p in projections.items()})
    frame.insert(0, "year", first.years[1:])
    return frame


def household_data(band_d_rises, tax_base: float) -> pd.DataFrame:
    """£ behind the household chart: each rise by band, annual and weekly, and what the rise raises."""
    frame = band_long(band_d_rises)
    rises = [float(r) for r in band_d_rises]
    raised = dict(zip(rises, precept_raised(rises, tax_base)))
    frame["raised"] = frame["band_d_rise"].map(raised)
    return frame


def _palette_png(path: Path) -> None:
    """Rewrite a chart PNG with a 256-colour palette: flat chart colours and anti-aliased text
    look the same, and the file is about a quarter of the size (a 2500 x 1500 chart ~0.5 MB -> ~0.13 MB)."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    small.save(buffer, "PNG", optimize=True)
    write_atomic(path, buffer.getvalue(), overwrite=True)


def _solid_fills(fig):
    """The chart for PDF: the same bars in solid colour with black outlines, without pattern
    fills, which Chromium's print-to-PDF turns into images of 1-3 MB a chart (the PNG and SVG
    keep the patterns)."""
    pdf = go.Figure(fig)
    for trace in pdf.data:
        marker = getattr(trace, "marker", None)
        if marker is not None and getattr(marker, "pattern", None) is not None and marker.pattern.shape:
            marker.pattern = {"shape": ""}
    return pdf


def plotly_js() -> str:
    """plotly.js from the installed plotly package (the version the charts were drawn for)."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def comparison_set(paths: list[Path]) -> list[Path]:
    """Scenarios for the CSR comparison: the files given when several, else the first file
    with the CSR scenarios (csr-*.yaml) beside it."""
    if len(paths) > 1:
        return paths
    siblings = sorted(p for p in paths[0].parent.glob(CSR_GLOB) if p.resolve() != paths[0].resolve())
    return [paths[0], *siblings] if siblings else []


def _check_out_dir(out_dir: Path, force: bool) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise FileExistsError(f"{out_dir}: exists and is not a directory")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not force:
        raise FileExistsError(f"{out_dir}: directory is not empty; choose an empty one or add --force to overwrite")


def build_pack(scenario_paths, out_dir, options_path, as_of: dt.date | None = None, force: bool = False,
               static: bool = True) -> PackResult:
    """Write the consultation pack into `out_dir` and say what was written (and what skipped).

    Raises ScenarioError for a bad scenario or options file, FileExistsError for a non-empty
    `out_dir` without `force`. `static=False` writes HTML charts only (no Chromium needed).
    """
    paths = [Path(p) for p in scenario_paths]
    if not paths:
        raise ScenarioError(["pack: give at least one scenario file"])
    out_dir = Path(out_dir)
    _check_out_dir(out_dir, force)
    options = load_options(options_path)
    scenarios = {path: load_scenario(path) for path in dict.fromkeys(paths + comparison_set(paths))}
    as_of = as_of or plan_date(scenarios[paths[0]], paths[0])
    projections_by_path = {path: mtfp.run(sc) for path, sc in scenarios.items()}
    primary = projections_by_path[paths[0]]
    compared: dict[str, object] = {}
    for path in comparison_set(paths):
        title = results.scenario_title(scenarios[path])
        name = title if title not in compared else f"{title} ({path.name})"
        compared[name] = projections_by_path[path]
    mismatched = [n for n, q in compared.items() if q.years != primary.years]
    if mismatched:
        raise ScenarioError([f"pack: the CSR comparison needs scenarios with the same years as {paths[0]} "
                             f"({primary.years[0]} to {primary.years[-1]}); different: {', '.join(mismatched)}"])

    years = primary.years
    year_index = years.index(options.year) if options.year in years[1:] else len(years) - 1
    tax_base = float(results.series(primary, "tax_base")[year_index])
    rises = options.precept.band_d_rises
    name = results.scenario_title(primary.scenario)

    result = PackResult(out_dir=out_dir)
    figures = [
        ("gap", charts.gap_chart(primary, as_of=as_of), gap_data(primary)),
        ("savings_by_year", charts.savings_chart(primary, as_of=as_of), savings_data(primary)),
        ("funding_mix", charts.funding_mix_chart(primary, as_of=as_of), funding_mix_data(primary)),
    ]
    if compared:
        figures.append(("csr_comparison", charts.compare_gap_chart(compared, as_of=as_of), comparison_data(compared)))
    else:
        result.notes.append("CSR comparison skipped: give several scenario files, or put csr-*.yaml beside the scenario.")
    figures.append(("household_precept", household_chart(rises, name, years[year_index], as_of=as_of),
                    household_data(rises, tax_base)))

    formats = ["html"]
    if static:
        ok, message = chart_export.static_export_status()
        if ok:
            formats = ["png", "svg", "pdf", "html"]
        else:
            result.notes.append(f"PNG, SVG and PDF charts skipped: {str(message).rstrip('.')}. {chart_export.INSTALL_HINT}")
    else:
        result.notes.append("PNG, SVG and PDF charts skipped: HTML only was asked for.")
    result.static = "png" in formats
    out_dir.mkdir(parents=True, exist_ok=True)

    (out_dir / PLOTLY_JS).write_text(plotly_js(), encoding="utf-8")
    result.files.append(out_dir / PLOTLY_JS)
    chart_entries = []
    for stem, fig, data in figures:
        written = chart_export.write_figure(fig, out_dir / stem, [f for f in formats if f != "pdf"],
                                            include_plotlyjs=PLOTLY_JS)
        if "png" in formats:
            _palette_png(out_dir / f"{stem}.png")
        if "pdf" in formats:
            written += chart_export.write_figure(_solid_fills(fig), out_dir / stem, ["pdf"])
        # utf-8-sig: the byte-order mark makes Excel read the £ in the headings as £.
        (out_dir / f"{stem}.csv").write_text(_csv(reader_frame(data)), encoding="utf-8-sig")
        (out_dir / f"{stem}-pounds.csv").write_text(_csv(data), encoding="utf-8")
        alt = charts.alt_text(fig)
        (out_dir / f"{stem}.alt.txt").write_text(alt + "\n", encoding="utf-8")
        files = [p.name for p in written] + [f"{stem}.csv", f"{stem}-pounds.csv", f"{stem}.alt.txt"]
        result.files += [out_dir / f for f in files]
        title = " ".join(str(fig.layout.title.text or stem).replace("<br>", " ").split())
        chart_entries.append({"name": stem, "title": title, "alt": alt, "files": files,
                              "thumbnail": f"{stem}.png" if "png" in formats else None})

    shown_date = date_text(as_of)
    summary = summary_html(primary, year_index=year_index, band_d_rises=rises, comparisons=compared or None,
                           options=options, date_text=shown_date)
    (out_dir / "summary.html").write_text(summary, encoding="utf-8")
    summary_files = ["summary.html"]
    result.files.append(out_dir / "summary.html")
    if static:
        problem = print_pdf(out_dir / "summary.html", out_dir / "summary.pdf")
        if problem is None:
            summary_files.append("summary.pdf")
            result.files.append(out_dir / "summary.pdf")
        else:
            result.notes.append(f"Summary PDF skipped: {problem}.")
    index = index_html(f"Consultation pack: {options.title}", chart_entries, summary_files,
                       list(result.notes), date_text=shown_date)
    (out_dir / "index.html").write_text(index, encoding="utf-8")
    result.files.append(out_dir / "index.html")
    return result


def pack_zip(scenario_paths, options_path, as_of: dt.date | None = None, static: bool = True) -> tuple[bytes, list[str]]:
    """The pack built in a temporary folder and zipped (files under consultation-pack/), with its notes."""
    with tempfile.TemporaryDirectory(prefix="mtfp-pack-") as folder:
        result = build_pack(scenario_paths, Path(folder) / "pack", options_path, as_of=as_of, static=static)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(result.files):
                archive.write(path, f"consultation-pack/{path.name}")
        return buffer.getvalue(), result.notes
