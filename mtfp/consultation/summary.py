"""The consultation pack's one-page plain-English summary and its index page (HTML), and
printing the summary to PDF with Playwright on the system Chromium.

Both pages are pure functions of the projection(s) and options: no timestamps, so a rebuild
gives the same bytes. kaleido cannot print HTML, so the PDF comes from Chromium's own
print-to-PDF (Playwright `page.pdf`).
"""
from __future__ import annotations

import html
import os
import shutil
from pathlib import Path

import numpy as np

from mtfp import results
from mtfp.consultation.household import BANDS, band_changes, precept_raised, weekly
from mtfp.model import indicators
from mtfp.outputs import safe
from mtfp.results import gap_bridge
from mtfp.units import fmt_gbp_m, fmt_gbp_m_or_k, fmt_money_small

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
PDF_TIMEOUT_MS = 60_000  # a busy 2-core machine starts Chromium in 2-5 s; never wait for ever

STYLE = """
body { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 13pt; line-height: 1.4;
       color: #111; max-width: 46em; margin: 1.5em auto; padding: 0 1em; }
h1 { font-size: 20pt; margin: 0 0 .3em; } h2 { font-size: 15pt; margin: 1em 0 .3em; }
table { border-collapse: collapse; font-size: 11.5pt; } th, td { border: 1px solid #555; padding: .2em .4em; text-align: right; white-space: nowrap; }
th:first-child, td:first-child { text-align: left; } caption { text-align: left; font-weight: bold; margin-bottom: .3em; }
.note { font-size: 10.5pt; color: #333; } a { color: #0045a0; }
ul.options { columns: 2; column-gap: 2em; } ul.options li { break-inside: avoid; }
.thumb img { max-width: 100%; height: auto; border: 1px solid #999; }
.thumb.frame { width: 400px; height: 240px; overflow: hidden; border: 1px solid #999; }
.thumb.frame iframe { border: 0; transform: scale(0.4); transform-origin: 0 0; pointer-events: none; }
section.chart { margin-bottom: 1.5em; }
@page { size: A4; margin: 12mm; }
@media print { body { font-size: 10pt; max-width: none; margin: 0; padding: 0; } h1 { font-size: 16pt; }
               h2 { font-size: 12pt; margin: .6em 0 .2em; } table { font-size: 9.5pt; } .note { font-size: 8.5pt; } }
"""


def _esc(text) -> str:
    return html.escape(str(text))


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n<title>{_esc(title)}</title>\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<style>{STYLE}</style>\n</head>\n'
            f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n")


def _pence(pounds_a_week: float) -> str:
    """A weekly amount as residents read it: 0.13 -> '13p', 1.2 -> '£1.20'."""
    return f"{round(pounds_a_week * 100):.0f}p" if pounds_a_week < 1 else fmt_money_small(pounds_a_week)


def _posts(value: float) -> str:
    return f"{value:,.0f}" if np.isfinite(value) else safe.NOT_APPLICABLE


def _share(part: float, whole: float) -> str:
    """part / whole as a percentage; 'n/a (no budget)' when the budget is zero."""
    share = safe.ratio(part, whole)
    return safe.percent(share) if np.isfinite(share) else f"{safe.NOT_APPLICABLE} (no budget)"


def drivers(projection, draw: int = 0, year: int = -1, top: int = 3) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
    """The biggest steps of the gap bridge (pounds): (widening steps, narrowing steps), largest first."""
    steps = gap_bridge(projection, draw=draw, year=year)
    moves = [(s, float(v)) for s, v, m in zip(steps["step"], steps["value"], steps["measure"]) if m == "relative"]
    widen = sorted([m for m in moves if m[1] > 0], key=lambda m: -m[1])[:top]
    narrow = sorted([m for m in moves if m[1] < 0], key=lambda m: m[1])[:top]
    return widen, narrow


# What each gap-bridge step means to a resident: (step, widens the gap?) -> sentence.
_DRIVER_TEXT = {
    ("Pay", True): "pay costs (pay awards, pensions and increments) rise by {}",
    ("Pay", False): "pay costs fall by {}",
    ("Non-pay", True): "other running costs rise by {}",
    ("Non-pay", False): "other running costs fall by {}",
    ("Grant change", True): "government grant falls by {} in cash",
    ("Grant change", False): "government grant rises by {} in cash",
    ("Precept", True): "council tax brings in {} less in cash",
    ("Precept", False): "council tax (the police precept) brings in {} more in cash",
    ("Other income", True): "other income falls by {}",
    ("Other income", False): "other income brings in {} more",
    ("Savings", True): "planned savings fall by {}",
    ("Savings", False): "savings already planned take off {}",
    ("One-off costs", True): "one-off costs add {}",
    ("One-off costs", False): "one-off costs fall by {}",
    ("Use of earmarked reserves", True): "using less from earmarked reserves adds {}",
    ("Use of earmarked reserves", False): "using earmarked reserves takes off {}",
}
# Funding steps whose cash change can hide the opposite real-terms change (after inflation).
_FUNDING_STEPS = {"Grant change": ("grant_", "specific_grant_"), "Precept": ("precept", "collection_fund")}


def real_terms_change(projection, keys: list[str], year: int = -1, draw: int = 0) -> float:
    """Change in the lines `keys` from the base year to `year` after inflation, as a fraction:
    (final cash / the GDP deflator's price index) / base cash - 1. NaN when the base is zero."""
    from mtfp.model.funding import growth_index

    price = growth_index(projection.inputs.get("gdp_deflator"))[draw, year]
    base = sum(float(projection[k][draw, 0]) for k in keys)
    final = sum(float(projection[k][draw, year]) for k in keys)
    return safe.ratio(final / price, base) - 1.0


def funding_keys(projection, step: str) -> list[str]:
    """The funding lines behind a funding step of the gap bridge (grants, or precept)."""
    prefixes = _FUNDING_STEPS[step]
    lines = projection.children("total_funding") + projection.children("specific_grants_and_income")
    if step == "Precept":
        return [k for k in lines if k in prefixes]
    return [k for k in lines if k.startswith(prefixes)]


def _driver_sentence(step: str, value: float, real_change: float | None = None) -> str:
    """One reason for the gap. A funding step says its cash change and its real-terms change
    (after inflation), so the sentence agrees with a chart showing grant falling in real terms
    while it rises in cash: "government grant rises by £4.8m in cash, but falls by 1.7% in real terms"."""
    template = _DRIVER_TEXT.get((step, value > 0), step.lower() + " changes the gap by {}")
    sentence = template.format(fmt_gbp_m(abs(value)))
    if step not in _FUNDING_STEPS or real_change is None or not np.isfinite(real_change):
        return sentence
    if round(abs(real_change) * 100, 1) == 0:
        return sentence + ", about the same in real terms (after inflation)"
    more_cash, more_real = value < 0, real_change > 0  # a funding step that narrows the gap is more money
    direction = "rises" if more_real else "falls"
    joiner = " and " if more_cash == more_real else ", but "
    return sentence + f"{joiner}{direction} by {safe.percent(abs(real_change))} in real terms (after inflation)"


def summary_html(projection, *, year_index: int = -1, band_d_rises=(), comparisons: dict | None = None,
                 options=None, date_text: str | None = None) -> str:
    """One page in plain English: the gap (£ and officer posts), why it arises (the bridge's
    main drivers), the precept options by band, and the savings options residents can choose.

    The gap is the one the consultation asks residents to close: the year's gap after one-off
    items and reserve movements, as a share of net revenue expenditure (the "budget" a
    resident reads) and in officer posts; the recurring (structural) gap is stated beside it."""
    p, t = projection, year_index % len(projection.years)
    year, base = p.years[t], p.years[0]
    gap = float(results.series(p, "funding_gap")[t])
    recurring = float(results.series(p, "recurring_gap")[t])
    officer_cost = float(results.series(p, f"cost_per_fte_{p.scenario.workforce.officer_group}")[t])
    posts = float(indicators.officer_post_equivalent(gap=gap, cost_per_officer=officer_cost))
    net = float(results.series(p, "net_revenue_expenditure")[t])
    title = options.title if options is not None else f"Our budget to {year}"
    parts = [f"<h1>{_esc(title)}</h1>"]
    parts.append(f'<p class="note">Scenario: {_esc(results.scenario_title(p.scenario))}'
                 + (f" · Plan date: {_esc(date_text)}" if date_text else "") + "</p>")
    if options is not None and options.introduction:
        parts.append(f"<p>{_esc(options.introduction)}</p>")
    if gap > 0:
        parts.append(f"<h2>The gap</h2><p>We need to find <strong>{fmt_gbp_m(gap)}</strong> a year by {year}: "
                     f"{_share(gap, net)} of the budget, or the cost of about <strong>{_posts(posts)} police officers</strong>. "
                     f"This is the gap after one-off costs and the use of reserves; before them, the recurring gap "
                     f"is {fmt_gbp_m(recurring)}.</p>")
    else:
        parts.append(f"<h2>The gap</h2><p>The plan balances in {year} (surplus {fmt_gbp_m(-gap)}).</p>")
    widen, narrow = drivers(p, year=t)
    if widen or narrow:
        items = [_driver_sentence(s, v, real_terms_change(p, funding_keys(p, s), year=t) if s in _FUNDING_STEPS
                                  else None) for s, v in widen + narrow]
        parts.append(f"<h2>Why</h2><p>Between {base} and {year}:</p><ul>"
                     + "".join(f"<li>{_esc(i[0].upper() + i[1:])}.</li>" for i in items) + "</ul>")
    if comparisons and len(comparisons) > 1:
        rows = "; ".join(f"{_esc(n)}: {fmt_gbp_m(float(results.series(q, 'funding_gap')[-1]))} by {q.years[-1]}"
                         for n, q in comparisons.items())
        parts.append(f"<h2>If government funding changes</h2><p>The gap under each scenario: {rows}.</p>")
    rises = [float(r) for r in band_d_rises if float(r) > 0]
    if rises:
        tax_base = float(results.series(p, "tax_base")[t])
        annual, raised = band_changes(rises), precept_raised(rises, tax_base)
        head = "".join(f'<th scope="col">Band {band}</th>' for band in BANDS)
        body = "".join(
            f"<tr><td>{fmt_money_small(r)}</td>"
            + "".join(f"<td>{fmt_money_small(a)} / {_pence(float(weekly(a)))}</td>" for a in annual[k])
            + f"<td>{fmt_gbp_m(raised[k])}</td></tr>" for k, r in enumerate(rises))
        parts.append("<h2>Council tax options</h2><table><caption>Extra police council tax in "
                     f"{year}: a year / a week, and the money it raises</caption><tr><th scope=\"col\">Band D rise</th>{head}"
                     f"<th scope=\"col\">Raises</th></tr>{body}</table>"
                     '<p class="note">Bands pay a fixed share of Band D set in law (A 6/9 to H 18/9; '
                     "Local Government Finance Act 1992 s.5). Weekly = yearly / 52.</p>")
    if options is not None:
        items = "".join(f"<li><strong>{_esc(s.name)}</strong> (up to {fmt_gbp_m_or_k(s.full_saving * 1e6)}): "
                        f"{_esc(s.consequence)}</li>" for s in options.savings)
        parts.append(f'<h2>Savings you can choose</h2><ul class="options">{items}</ul>'
                     '<p class="note">Savings options are illustrative.</p>')
    return _page(title, "\n".join(parts))


def _format_label(file_name: str) -> str:
    """What a link opens, as a reader says it: 'PNG', 'HTML (interactive)', 'CSV (£m)', 'alt text'."""
    if file_name.endswith(".alt.txt"):
        return "alt text"
    if file_name.endswith("-pounds.csv"):
        return "CSV (£, full precision)"
    suffix = Path(file_name).suffix.lstrip(".").upper()
    return {"CSV": "CSV (£m)", "HTML": "HTML (interactive)"}.get(suffix, suffix)


def _thumbnail(chart: dict) -> str:
    """A small picture of the chart: the PNG where there is one, else the live HTML chart in a
    frame (scaled down); the alt text goes with it either way."""
    html_file = next((f for f in chart["files"] if f.endswith(".html")), None)
    alt = _esc(chart["alt"])
    if chart.get("thumbnail"):
        image = (f'<img src="{_esc(chart["thumbnail"])}" alt="{alt}" width="400" height="240" loading="lazy">')
        return f'<a class="thumb" href="{_esc(html_file or chart["thumbnail"])}">{image}</a>'
    if html_file:
        return (f'<div class="thumb frame"><iframe src="{_esc(html_file)}" title="{alt}" width="1000" height="600" '
                f'loading="lazy" tabindex="-1"></iframe></div>')
    return ""


def index_html(title: str, charts: list[dict], summary_files: list[str], notes: list[str],
               date_text: str | None = None) -> str:
    """The pack's front page: a thumbnail of every chart with its alt text and a link to each of
    its formats, data (CSV) and alt text, and the summary. `charts`: dicts with name, title, alt,
    files (list of file names) and thumbnail (the PNG's file name, or None)."""
    parts = [f"<h1>{_esc(title)}</h1>"]
    if date_text:
        parts.append(f'<p class="note">Plan date: {_esc(date_text)}</p>')
    parts.append("<h2>Summary</h2><ul>" + "".join(f'<li><a href="{_esc(f)}">{_esc(f)}</a></li>' for f in summary_files)
                 + "</ul>")
    parts.append("<h2>Charts</h2>")
    for chart in charts:
        links = " · ".join(f'<a href="{_esc(f)}">{_esc(_format_label(f))}</a>' for f in chart["files"])
        parts.append(f'<section class="chart"><h3>{_esc(chart["title"])}</h3>{_thumbnail(chart)}'
                     f"<p>{_esc(chart['alt'])}</p><p>{links}</p></section>")
    if notes:
        parts.append("<h2>Notes</h2><ul>" + "".join(f"<li>{_esc(n)}</li>" for n in notes) + "</ul>")
    return _page(title, "\n".join(parts))


def chromium_path() -> str | None:
    """The system Chromium (CHROMIUM_PATH, PATH, or /usr/bin/chromium), or None."""
    env = os.environ.get("CHROMIUM_PATH")
    if env:
        return env if Path(env).is_file() else None
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    return next((c for c in CHROMIUM_CANDIDATES if Path(c).is_file()), None)


def print_pdf(html_file: Path, pdf_file: Path) -> str | None:
    """Print an HTML file to an A4 PDF with Chromium. Returns None on success, else why not
    (no Chromium, Playwright missing, or a timeout): the caller reports it, never hangs."""
    browser_path = chromium_path()
    if browser_path is None:
        return "no Chromium found (Debian: apt-get install chromium)"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return "Playwright is not installed (pip install playwright)"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=browser_path, headless=True, timeout=PDF_TIMEOUT_MS,
                                         args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            try:
                page = browser.new_page()
                page.goto(Path(html_file).resolve().as_uri(), timeout=PDF_TIMEOUT_MS, wait_until="load")
                page.pdf(path=str(pdf_file), format="A4", print_background=True,
                         margin={"top": "12mm", "bottom": "12mm", "left": "12mm", "right": "12mm"})
            finally:
                browser.close()
    except Exception as exc:  # noqa: BLE001 - a PDF we cannot print is reported, not fatal
        return f"printing to PDF failed: {str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__}"
    return None

