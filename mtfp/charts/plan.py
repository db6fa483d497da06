"""Consultation-ready plotly charts of a projection (pure functions, no streamlit).

Every chart goes through `style()`: a plain-English title computed from the numbers ("We need
to save £28.4m by 2019/20"), a subtitle with the scenario name and date, a £m (or FTE) axis, a
source note, the Okabe-Ito colour-blind-safe palette, and a screen-reader sentence in
`fig.layout.meta["alt"]` (read it with `alt_text(fig)`). Charts must survive greyscale
printing, so series differ by lightness, bar pattern, line dash and marker, never by hue alone.

Charts only select result lines and convert pounds to £m for display; the numbers come from
the projection (`mtfp.results`, `mtfp.analysis.attribution`).
"""
from __future__ import annotations

import datetime as dt
import math
import textwrap
import zlib

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from mtfp.results import funding_by_source, gap_bridge, scenario_title, series
from mtfp.scenario.plandate import plan_date
from mtfp.units import fmt_gbp_m, fmt_pct

# Okabe & Ito (2008) colour-universal-design palette.
BLACK, ORANGE, SKY_BLUE, GREEN, YELLOW, BLUE, VERMILLION, PURPLE = (
    "#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")
# Series order chosen so neighbours differ in lightness as well as hue (greyscale print).
SERIES_COLOURS = [BLUE, ORANGE, BLACK, SKY_BLUE, VERMILLION, GREEN, PURPLE, YELLOW]
DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]
MARKERS = ["circle", "square", "diamond", "triangle-up", "x", "cross", "star", "hexagon"]
PATTERNS = ["", "/", ".", "x", "\\", "+", "-", "|"]

WIDTH, HEIGHT = 1000, 600  # 5:3, fits an A4 page width in portrait or landscape
FONT = dict(family="Liberation Sans, Arial, Helvetica, sans-serif", size=16, color="#222222")
TITLE_SIZE = 24
# Below the plot: the tick labels (19 px a line at 16 px), an x-axis title where there is one,
# then the source note (18 px a line) and a small edge. Sized to what is there, so no blank band
# opens between the axis and the note.
TICK_GAP, TICK_LINE, X_TITLE, NOTE_LINE, EDGE = 34, 19, 28, 18, 14
MARGIN_BOTTOM = TICK_GAP + NOTE_LINE + EDGE  # one line of ticks and of note, no x-axis title
# Wrapped step labels, never rotated over the source note.
WATERFALL_LAYOUT = dict(xaxis=dict(tickangle=0, tickfont=dict(size=14)))
TICK_FORMATS = {"£m": ",.1f", "FTE": ",.0f"}  # other units keep plotly's own ticks
TITLE_CHARS, SUBTITLE_CHARS, SOURCE_CHARS = 72, 105, 120  # what fits across 1000 px at 24 / 16 / 14 px


def _m(pounds) -> list[float]:
    """Pounds -> £m for plotting."""
    return [float(v) / 1e6 for v in pounds]


def _gbp(values) -> list[str]:
    """Hover labels: £m to 1 dp, negatives as -£1.2m."""
    return [fmt_gbp_m(float(v)) for v in values]


def _fte(value: float) -> str:
    return f"{value:,.0f} FTE"


def _date_text(as_of: dt.date | None) -> str:
    day = as_of or dt.date.today()
    return f"{day.day}\u00a0{day:%B}\u00a0{day.year}"  # no-break spaces: a wrapped subtitle keeps the date whole


def _sign(pounds: float) -> int | None:
    """+1 / -1 / 0 as displayed to £0.1m (a 'gap' of £20k reads as balanced); None if not a number."""
    pounds = float(pounds)
    if not math.isfinite(pounds):
        return None
    tenths = round(pounds / 1e5)
    return (tenths > 0) - (tenths < 0)


def subtitle_for(names: str | list[str], as_of: dt.date | None = None) -> str:
    """'Scenario: CSR 25% real-terms cut · Plan date: 22 November 2026' (the names as
    results.scenario_title gives them, so an edited plan says so)."""
    date = f"Plan\u00a0date:\u00a0{_date_text(as_of)}"
    if isinstance(names, str):
        return f"Scenario: {names}\u00a0·\u00a0{date}"
    return f"Scenarios: {', '.join(map(str, names))}\u00a0·\u00a0{date}"


def _labels(p, as_of: dt.date | None) -> tuple[str, str]:
    """(subtitle, source note) of a one-scenario chart: its title ('(edited)' once changed in
    mtfp) and its plan date (the date asked for, else the scenario's own)."""
    name = scenario_title(p.scenario)
    return subtitle_for(name, as_of or plan_date(p.scenario)), source_for(name)


def source_for(names: str | list[str]) -> str:
    """The source note printed under every chart."""
    names = [names] if isinstance(names, str) else names
    quoted = ", ".join(f"'{n}'" for n in names)
    label = "scenario" if len(names) == 1 else "scenarios"
    return f"Source: mtfp model, {label} {quoted}; illustrative figures where marked"


def _merged(base: dict, extra: dict) -> dict:
    """base updated with extra, nested dicts merged key by key (extra wins)."""
    out = dict(base)
    for key, value in extra.items():
        out[key] = _merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def _use_template(fig: go.Figure, name: str) -> None:
    """fig.layout.template = name, without re-validating plotly's own registered template.

    Validating a template costs ~10 ms a chart (benchmarks/bench_engine.py prints both ways:
    1 ms without, 10.5 ms with, on the 2-core benchmark machine; a Scenario page rerun builds
    two charts against a 150 ms target), so this private switch is kept; plotly skips the
    check the same way when it applies its default template (BaseFigure._initialize_layout_template).
    """
    layout = fig.layout
    validate = layout._validate
    layout._validate = False
    try:
        layout.template = pio.templates[name]
    finally:
        layout._validate = validate


def _tick_lines(fig: go.Figure) -> int:
    """Lines in the tallest category label under the x axis ('Use of<br>earmarked<br>reserves' = 3)."""
    labels = [v for t in fig.data if "x" in t and t.x is not None and getattr(t, "orientation", None) != "h"
              for v in t.x if isinstance(v, str)]
    return max([v.count("<br>") + 1 for v in labels] or [1])


def style(fig: go.Figure, title: str, subtitle: str, source: str, y_title: str = "£m",
          alt: str | None = None, x_title: str | None = None) -> go.Figure:
    """Apply the consultation look to any figure (in place) and return it.

    White plotly_white template, fixed 1000x600 print size, 16 px body and 24 px title,
    horizontal legend above the plot, source note just under the tick labels (and the x-axis
    title, if any), alt text in layout.meta.
    """
    meta = dict(fig.layout.meta) if isinstance(fig.layout.meta, dict) else {}
    if alt is not None:
        meta["alt"] = alt
    meta.setdefault("alt", f"Chart: {title}")
    # Long titles (scenario names in them) wrap rather than run off the printed page.
    title_lines = textwrap.wrap(title, TITLE_CHARS, break_on_hyphens=False) or [title]
    subtitle_lines = textwrap.wrap(subtitle, SUBTITLE_CHARS, break_on_hyphens=False) or [subtitle]
    source_lines = textwrap.wrap(source, SOURCE_CHARS, break_on_hyphens=False) or [source]
    extra_lines = len(title_lines) - 1 + len(subtitle_lines) - 1
    note_shift = TICK_GAP + TICK_LINE * (_tick_lines(fig) - 1) + (X_TITLE if x_title else 0)
    bottom = note_shift + NOTE_LINE * len(source_lines) + EDGE
    # plotly shows a legend for two or more traces unless told otherwise; without one, less headroom.
    entries = [t for t in fig.data if t.showlegend is not False]
    has_legend = fig.layout.showlegend if fig.layout.showlegend is not None else len(entries) > 1
    top = (130 if has_legend else 100) + 28 * extra_lines
    y_axis = dict(title=dict(text=y_title), zeroline=True, zerolinecolor="#444444", zerolinewidth=1.5,
                  gridcolor="#DDDDDD", rangemode="tozero")  # an axis from zero does not exaggerate change
    if y_title in TICK_FORMATS:
        y_axis["tickformat"] = TICK_FORMATS[y_title]
    x_axis = dict(showline=True, linecolor="#444444")
    if x_title:
        x_axis["title"] = dict(text=x_title, standoff=8)
    if fig.data and all(len(t.x or ()) and all(isinstance(v, str) for v in t.x) for t in fig.data if "x" in t):
        # Year labels such as '2016/17' must stay categories: plotly might otherwise read them as dates.
        x_axis["type"] = "category"
    # Pinned in pixels under the tick labels (and the x-axis title), clear of them.
    note = dict(text="<br>".join(source_lines), xref="paper", yref="paper", x=0, y=0, yshift=-note_shift,
                align="left", xanchor="left", yanchor="top", showarrow=False, font=dict(size=14, color="#444444"))
    look = dict(
        width=WIDTH, height=HEIGHT,
        paper_bgcolor="white", plot_bgcolor="white",
        font=FONT,
        title=dict(text="<br>".join(title_lines), x=0.02, xanchor="left", y=0.97, yanchor="top",
                   font=dict(size=TITLE_SIZE, color="#111111"),
                   subtitle=dict(text="<br>".join(subtitle_lines), font=dict(size=16, color="#444444"))),
        margin=dict(l=80, r=40, t=top, b=bottom),
        legend=dict(orientation="h", x=0, xanchor="left", y=1.02, yanchor="bottom", font=dict(size=15),
                    traceorder="normal"),
        hoverlabel=dict(font=dict(size=15)),
        meta=meta,
    )
    # One assignment of a plain dict: ~25 ms, where update_layout() calls cost ~100 ms a chart.
    layout = fig.layout.to_plotly_json()
    layout.pop("template", None)
    layout = _merged(layout, look)
    for key in [k for k in layout if k.startswith("yaxis")] or ["yaxis"]:
        layout[key] = _merged(layout.get(key, {}), y_axis)
    for key in [k for k in layout if k.startswith("xaxis")] or ["xaxis"]:
        layout[key] = _merged(layout.get(key, {}), x_axis)
    layout["annotations"] = list(layout.get("annotations", [])) + [note]
    fig.layout = layout
    _use_template(fig, "plotly_white")
    return fig


def alt_text(fig: go.Figure) -> str:
    """The screen-reader sentence describing a chart (set by every chart in this module)."""
    meta = fig.layout.meta
    return meta.get("alt", "") if isinstance(meta, dict) else ""


def _trend(first: float, last: float) -> str:
    """'grows' / 'falls' / 'stays' comparing two amounts in pounds, as displayed to £0.1m."""
    change = _sign(float(last) - float(first))
    return {1: "grows", -1: "falls", 0: "stays", None: "goes"}[change]


def gap_title(gap: float, year: str) -> str:
    """'We need to save £28.4m by 2019/20', or a surplus / balanced budget (gap in pounds)."""
    sign = _sign(gap)
    if sign == 1:
        return f"We need to save {fmt_gbp_m(gap)} by {year}"
    if sign == -1:
        return f"We expect a surplus of {fmt_gbp_m(-gap)} in {year}"
    if sign == 0:
        return f"We expect a balanced budget in {year}"
    return f"Funding gap to {year}"


def _line(x, pounds, name: str, i: int, **kwargs) -> go.Scatter:
    return go.Scatter(x=x, y=_m(pounds), name=name, mode="lines+markers",
                      line=dict(color=SERIES_COLOURS[i % 8], dash=DASHES[i % 6], width=3),
                      marker=dict(symbol=MARKERS[i % 8], size=10, color=SERIES_COLOURS[i % 8]),
                      customdata=_gbp(pounds), hovertemplate=f"{name}<br>%{{x}}: %{{customdata}}<extra></extra>",
                      **kwargs)


def _bar(x, pounds, name: str, i: int, **kwargs) -> go.Bar:
    return go.Bar(x=x, y=_m(pounds), name=name,
                  marker=dict(color=SERIES_COLOURS[i % 8], line=dict(color=BLACK, width=1),
                              pattern=dict(shape=PATTERNS[i % 8], fgcolor=BLACK, fgopacity=0.5, solidity=0.3)),
                  customdata=_gbp(pounds), hovertemplate=f"{name}<br>%{{x}}: %{{customdata}}<extra></extra>",
                  **kwargs)


GAP_NAME = "Gap in each year after one-offs and reserves (what that year's budget is short)"
CUMULATIVE_NAME = "Cumulative gap (the yearly gaps added up)"
RECURRING_NAME = "Recurring (structural) gap: what recurring savings must close"


def gap_chart(p, draw: int = 0, as_of: dt.date | None = None) -> go.Figure:
    """The funding gap in each year (bars with their £m on them) and the cumulative gap (line,
    its total labelled at the end), £m, over the projected years.

    The title's "We need to save £X" is the final year's gap (the bar); the legend and the end
    label say what the line is (every year's gap added up), so £X and the cumulative total are
    never read as two answers to one question. The base year is the set budget, so the chart
    starts at the first projected year.
    """
    years = p.years[1:]
    gap, cumulative = series(p, "funding_gap", draw)[1:], series(p, "cumulative_gap", draw)[1:]
    recurring = series(p, "recurring_gap", draw)[1:]
    bars = _bar(years, gap, GAP_NAME, 0, text=_gbp(gap), textposition="auto", cliponaxis=False,
                textfont=dict(size=15), insidetextanchor="end")
    end_label = [""] * (len(years) - 1) + [f"{fmt_gbp_m(cumulative[-1])} in all"]
    line = _line(years, cumulative, CUMULATIVE_NAME, 1, text=end_label, textposition="top left",
                 textfont=dict(size=15, color=SERIES_COLOURS[1]), cliponaxis=False)
    line.update(mode="lines+markers+text")
    fig = go.Figure([bars, line, _line(years, recurring, RECURRING_NAME, 2)])
    alt = (f"Bar chart: the gap after one-offs and reserves {_trend(gap[0], gap[-1])} from {fmt_gbp_m(gap[0])} in "
           f"{years[0]} to {fmt_gbp_m(gap[-1])} in {years[-1]}; added up over the plan, the yearly gaps come to "
           f"{fmt_gbp_m(cumulative[-1])} (the line); the recurring gap is {fmt_gbp_m(recurring[-1])} in {years[-1]}.")
    # The title quotes the bars (the year's gap after one-offs and reserves, as the consultation
    # asks residents to close); the recurring line shows how much of it is structural.
    return style(fig, gap_title(gap[-1], years[-1]), *_labels(p, as_of), alt=alt)


def _nice_floor(value: float, span: float) -> float:
    """A round £m (1, 2 or 5 x 10^k) at or below `value`, stepping in about a fifth of `span`."""
    raw = max(span / 5, 1e-9)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return math.floor(value / step) * step


def funding_spending_chart(p, draw: int = 0, as_of: dt.date | None = None) -> go.Figure:
    """Total funding against the budget requirement (spending after savings,
    specific grants, income and reserves), £m, with the gap
    between them shaded and its £m written in each year.

    The axis starts at a round figure below both lines (said on the axis), not at zero: two
    lines of £150m-£180m on a zero axis leave a £2.9m gap invisible.
    """
    years = p.years
    funding, spending = series(p, "total_funding", draw), series(p, "budget_requirement", draw)
    gaps = series(p, "funding_gap", draw)
    gap = gaps[-1]
    shade = _line(years, spending, "Budget requirement (spending after savings, income and reserves)", 1, fill="tonexty",
                  fillcolor="rgba(230, 159, 0, 0.18)")
    fig = go.Figure([_line(years, funding, "Total funding", 0), shade])
    low, high = min(map(float, [*funding, *spending])) / 1e6, max(map(float, [*funding, *spending])) / 1e6
    span = max(high - low, 0.05 * high, 1.0)
    floor = max(0.0, _nice_floor(low - 0.8 * span, span))
    for year, f, s_, g in zip(years, funding, spending, gaps):
        if _sign(g):
            fig.add_annotation(x=year, y=(float(f) + float(s_)) / 2e6, text=f"Gap {fmt_gbp_m(g)}", showarrow=False,
                               font=dict(size=14, color="#7A4F00"), bgcolor="rgba(255, 255, 255, 0.85)")
    title = {1: f"Spending outgrows funding by {fmt_gbp_m(gap)} by {years[-1]}",
             -1: f"Funding exceeds spending by {fmt_gbp_m(-gap)} in {years[-1]}",
             0: f"Funding matches spending in {years[-1]}"}.get(_sign(gap), f"Funding and spending to {years[-1]}")
    alt = (f"Line chart: total funding {_trend(funding[0], funding[-1])} from {fmt_gbp_m(funding[0])} in {years[0]} "
           f"to {fmt_gbp_m(funding[-1])} in {years[-1]}, while spending after savings "
           f"{_trend(spending[0], spending[-1])} from {fmt_gbp_m(spending[0])} to {fmt_gbp_m(spending[-1])}; "
           f"the gap between them is {fmt_gbp_m(gap)} in {years[-1]}.")
    y_title = "£m" if floor == 0 else f"£m (axis starts at {fmt_gbp_m(floor * 1e6)})"
    style(fig, title, *_labels(p, as_of), y_title=y_title, alt=alt)
    fig.update_yaxes(range=[floor, high + 0.35 * span], tickformat=",.0f" if span >= 5 else ",.1f")
    return fig


def _wrap(label: str, width: int = 12) -> str:
    """Break a long category label over lines so ten waterfall steps fit across the page."""
    return "<br>".join(textwrap.wrap(str(label), width)) or str(label)


def _waterfall(steps: pd.DataFrame, value_col: str, label_col: str, measures: list[str]) -> go.Waterfall:
    values = steps[value_col].to_numpy(dtype=float)
    width = 12 if len(values) <= 8 else 10
    text = [fmt_gbp_m(v) if m != "relative" else ("+" if v >= 0 else "") + fmt_gbp_m(v)
            for v, m in zip(values, measures)]
    return go.Waterfall(
        x=[_wrap(v, width) for v in steps[label_col]], y=_m(values), measure=measures, text=text, textposition="outside",
        textfont=dict(size=15), customdata=[[label, t] for label, t in zip(steps[label_col], text)],
        hovertemplate="%{customdata[0]}: %{customdata[1]}<extra></extra>",
        # Increases light (orange), decreases dark (blue), totals black: distinct in greyscale too.
        increasing=dict(marker=dict(color=ORANGE, line=dict(color=BLACK, width=1))),
        decreasing=dict(marker=dict(color=BLUE, line=dict(color=BLACK, width=1))),
        totals=dict(marker=dict(color=BLACK, line=dict(color=BLACK, width=1))),
        connector=dict(line=dict(color="#666666", dash="dot")), showlegend=False)


def _step_phrase(label: str, value: float) -> str:
    verb = "adds" if value >= 0 else "takes off"
    return f"{label.lower()} {verb} {fmt_gbp_m(abs(value))}"


def bridge_chart(p, draw: int = 0, as_of: dt.date | None = None) -> go.Figure:
    """Waterfall from the base-year gap to the final-year gap (results.gap_bridge), £m."""
    steps = gap_bridge(p, draw=draw)
    # Steps that are exactly nil (no one-off costs, say) only add clutter; the rest still sum to the gap.
    steps = steps[(steps["measure"] != "relative") | (steps["value"] != 0.0)].reset_index(drop=True)
    measures = ["relative" if m == "relative" else ("absolute" if m == "absolute" else "total")
                for m in steps["measure"]]
    fig = go.Figure([_waterfall(steps, "value", "step", measures)], layout=WATERFALL_LAYOUT)
    base, final = steps["value"].iloc[0], steps["value"].iloc[-1]
    moves = [_step_phrase(s, v) for s, v, m in zip(steps["step"], steps["value"], measures)
             if m == "relative" and _sign(v) != 0]
    alt = (f"Waterfall chart: from a gap of {fmt_gbp_m(base)} in {p.years[0]}, " + ", ".join(moves)
           + f", giving a gap of {fmt_gbp_m(final)} in {p.years[-1]}.")
    title = f"Why the gap reaches {fmt_gbp_m(final)} by {p.years[-1]}"
    return style(fig, title, *_labels(p, as_of), alt=alt)


def fte_chart(p, draw: int = 0, as_of: dt.date | None = None) -> go.Figure:
    """Closing FTE by workforce group (one line each, FTE axis)."""
    groups = p.scenario.workforce.groups
    years = p.years
    traces, changes = [], []
    for i, (key, group) in enumerate(groups.items()):
        fte = series(p, f"fte_{key}", draw)
        trace = _line(years, fte, group.name, i)
        trace.update(y=list(map(float, fte)), customdata=[_fte(v) for v in fte])
        traces.append(trace)
        changes.append((group.name, float(fte[0]), float(fte[-1])))
    fig = go.Figure(traces)
    first_year, last_year = years[0], years[-1]
    biggest = max(changes, key=lambda c: abs(c[2] - c[1]))
    if round(biggest[2] - biggest[1]) == 0:
        title = f"Workforce numbers hold steady to {last_year}"
    else:
        verb = "fall" if biggest[2] < biggest[1] else "rise"
        title = f"{biggest[0]} {verb} by {_fte(abs(biggest[2] - biggest[1]))} by {last_year}"
    alt = "Line chart of workforce by group: " + "; ".join(
        f"{g} {_fte(a)} in {first_year} and {_fte(b)} in {last_year}" for g, a, b in changes) + "."
    return style(fig, title, *_labels(p, as_of), y_title="FTE", alt=alt)


def reserves_chart(p, draw: int = 0, as_of: dt.date | None = None) -> go.Figure:
    """Closing general reserve (bars, £m) against the minimum the policy requires (line, £m)."""
    years = p.years
    closing, minimum = series(p, "general_reserve_closing", draw), series(p, "minimum_general_reserve", draw)
    fig = go.Figure([_bar(years, closing, "General reserve (closing)", 0),
                     _line(years, minimum, "Minimum general reserve", 2)])
    breached, run_out = p.event_year("minimum_breached", draw), p.event_year("reserves_run_out", draw)
    if run_out:
        title = f"Our general reserve runs out in {run_out}"
    elif breached:
        title = f"Our general reserve falls below its minimum in {breached}"
    else:
        title = f"Our general reserve stays above its minimum to {years[-1]}"
    alt = (f"Bar chart: the general reserve {_trend(closing[0], closing[-1])} from {fmt_gbp_m(closing[0])} in {years[0]} "
           f"to {fmt_gbp_m(closing[-1])} in {years[-1]}, against a minimum of {fmt_gbp_m(minimum[-1])} in {years[-1]}"
           + (f"; it falls below the minimum in {breached}." if breached else "."))
    return style(fig, title, *_labels(p, as_of), alt=alt)


def savings_chart(p, draw: int = 0, as_of: dt.date | None = None) -> go.Figure:
    """Savings planned and savings delivered after delivery risk, by projected year (bars, £m)."""
    years = p.years[1:]
    planned, delivered = series(p, "savings_planned", draw)[1:], series(p, "savings_delivered", draw)[1:]
    fig = go.Figure([_bar(years, planned, "Savings planned", 1),
                     _bar(years, delivered, "Savings delivered (after delivery risk)", 0)],
                    layout=dict(barmode="group"))
    title = (f"Our savings plan delivers {fmt_gbp_m(delivered[-1])} a year by {years[-1]}"
             if _sign(delivered[-1]) != 0 else f"No savings are planned by {years[-1]}")
    alt = (f"Bar chart: savings delivered each year {_trend(delivered[0], delivered[-1])} from {fmt_gbp_m(delivered[0])} "
           f"in {years[0]} to {fmt_gbp_m(delivered[-1])} in {years[-1]}, against {fmt_gbp_m(planned[-1])} planned "
           f"in {years[-1]}.")
    return style(fig, title, *_labels(p, as_of), alt=alt)


def funding_mix_chart(p, draw: int = 0, as_of: dt.date | None = None) -> go.Figure:
    """Funding by source, stacked (£m): government grants (general and specific), council-tax
    precept, other income; shares are of all of them (total funding + specific grants and income)."""
    years = p.years
    total = series(p, "total_funding", draw) + series(p, "specific_grants_and_income", draw)
    traces, shares = [], {}
    for i, (label, values) in enumerate(funding_by_source(p, draw).items()):
        traces.append(_bar(years, values, label, i))
        shares[label] = (values[0] / total[0], values[-1] / total[-1])
    fig = go.Figure(traces, layout=dict(barmode="stack"))
    first, last = shares["Council-tax precept"]
    title = f"Council tax pays for {fmt_pct(last, 0)} of our funding by {years[-1]}, up from {fmt_pct(first, 0)}" \
        if math.isfinite(first + last) and round(last * 100) > round(first * 100) else \
        f"Council tax pays for {fmt_pct(last, 0)} of our funding in {years[-1]} ({fmt_pct(first, 0)} in {years[0]})"
    alt = "Stacked bar chart of funding by source: " + "; ".join(
        f"{label} {fmt_pct(a, 0)} of funding in {years[0]} and {fmt_pct(b, 0)} in {years[-1]}"
        for label, (a, b) in shares.items()) + f"; total funding {fmt_gbp_m(total[0])} in {years[0]} and {fmt_gbp_m(total[-1])} in {years[-1]}."
    return style(fig, title, *_labels(p, as_of), alt=alt)


def scenario_styles(names: list[str]) -> dict[str, int]:
    """The series index (colour, dash and marker) of each scenario, by its name, so a scenario
    keeps its colour wherever it is drawn (the app's Compare page, the pack's CSR comparison)
    whichever others are beside it and in whatever order: each name's place in the palette comes
    from a stable hash of the name (CRC-32), moved on to the next free place if another name
    took it. Names are scenario names as in the file (not '(edited)' titles)."""
    taken: dict[str, int] = {}
    for name in sorted(dict.fromkeys(names)):
        index = zlib.crc32(name.encode("utf-8")) % len(SERIES_COLOURS)
        while index in taken.values() and len(taken) < len(SERIES_COLOURS):
            index = (index + 1) % len(SERIES_COLOURS)
        taken[name] = index
    return taken


def compare_gap_chart(projections: dict, draw: int = 0, as_of: dt.date | None = None) -> go.Figure:
    """Gap after one-offs and reserves of several scenarios overlaid (one line each, £m), projected years. Each line
    is labelled with its key (the caller's display title); its colour follows the scenario's own
    name (scenario_styles), the same in the app and in the pack."""
    names = [str(n) for n in projections]
    own = [p.scenario.name for p in projections.values()]
    # Two files with one name (told apart by the caller's labels) are styled by their labels.
    keys = [o if own.count(o) == 1 else n for o, n in zip(own, names)]
    styles = scenario_styles(keys)
    traces, finals = [], []
    for key, (name, p) in zip(keys, projections.items()):
        gap = series(p, "funding_gap", draw)[1:]
        traces.append(_line(p.years[1:], gap, str(name), styles[key]))
        finals.append((str(name), float(gap[-1]), p.years[-1]))
    # '2015/16' labels sort as years, whichever scenario comes first
    fig = go.Figure(traces, layout=dict(xaxis=dict(categoryorder="category ascending")))
    low, high = min(finals, key=lambda f: f[1]), max(finals, key=lambda f: f[1])
    if len(finals) == 1:
        title = gap_title(low[1], low[2])
    else:
        title = f"We need to save between {fmt_gbp_m(low[1])} and {fmt_gbp_m(high[1])} by {high[2]}"
    alt = "Line chart comparing the gap after one-offs and reserves: " + "; ".join(
        f"'{n}' reaches {fmt_gbp_m(g)} in {y}" for n, g, y in finals) + "."
    as_of = as_of or max(plan_date(p.scenario) for p in projections.values())
    return style(fig, title, subtitle_for(names, as_of), source_for(names), alt=alt)


def attribution_chart(df: pd.DataFrame, name_a: str, name_b: str, year: str | None = None,
                      as_of: dt.date | None = None) -> go.Figure:
    """Waterfall of what explains the gap difference between two scenarios (£m).

    `df` is compare.attribute_gap_difference(a, b): columns driver, effect (pounds), whose
    effects sum to gap_b - gap_a; the last bar is that difference.
    """
    # Drivers with exactly no effect are left out; the rest still sum to the difference.
    df = df[df["effect"] != 0.0]
    steps = pd.concat([df[["driver", "effect"]],
                       pd.DataFrame({"driver": ["Difference in gap"], "effect": [float(df["effect"].sum())]})],
                      ignore_index=True)
    measures = ["relative"] * len(df) + ["total"]
    fig = go.Figure([_waterfall(steps, "effect", "driver", measures)], layout=WATERFALL_LAYOUT)
    difference = float(steps["effect"].iloc[-1])
    when = f" in {year}" if year else ""
    title = {1: f"'{name_b}' needs {fmt_gbp_m(difference)} more savings than '{name_a}'{when}",
             -1: f"'{name_b}' needs {fmt_gbp_m(-difference)} less savings than '{name_a}'{when}",
             0: f"'{name_b}' and '{name_a}' need the same savings{when}"}.get(
        _sign(difference), f"What explains the gap difference between '{name_a}' and '{name_b}'{when}")
    moves = [_step_phrase(d, v) for d, v in zip(df["driver"], df["effect"]) if _sign(v) != 0]
    alt = (f"Waterfall chart: moving from '{name_a}' to '{name_b}', " + (", ".join(moves) or "no driver changes the gap")
           + f"; the gap{when} changes by {fmt_gbp_m(difference)} in total.")
    return style(fig, title, subtitle_for([name_a, name_b], as_of), source_for([name_a, name_b]), alt=alt)
