"""Consultation charts in the look of mtfp.charts.plan: the household precept chart (what each
allowed Band D rise adds to a year's council tax for bands A to H, £ a year), the responses
chart (whole-number counts), and `fit_to_screen`, which re-lays out any of these print-sized
charts for a screen of a given width (a phone's 390 px or a desktop column) so that the title,
subtitle and source wrap and stay inside it."""
from __future__ import annotations

import datetime as dt
import textwrap

import plotly.graph_objects as go

from mtfp.charts import plan as charts
from mtfp.consultation.household import BANDS, band_changes, weekly
from mtfp.units import fmt_money_small


def _money(pounds: float) -> str:
    """A household amount, £ to the penny: 6.67 -> '£6.67' (units.fmt_money_small)."""
    return fmt_money_small(pounds)


def _a(amount_text: str) -> str:
    """'a £2.00' but 'an £8.00' / 'an £11.00' (read aloud: "an eight pound")."""
    return ("an " if amount_text.lstrip("£").startswith(("8", "11", "18")) else "a ") + amount_text


def _pence_a_week(pounds_a_year: float) -> str:
    week = float(weekly(pounds_a_year))
    return f"{round(week * 100):.0f}p a week" if week < 1 else f"{_money(week)} a week"


def household_chart(band_d_rises, scenario_name: str, year: str, as_of: dt.date | None = None) -> go.Figure:
    """Grouped bars: for each non-zero Band D rise (£ a year), the extra council tax a year
    for each band A-H. Bars of different rises differ by pattern as well as colour."""
    rises = [float(r) for r in band_d_rises if float(r) > 0]
    annual = band_changes(rises)
    traces = []
    for i, rise in enumerate(rises):
        colour = charts.SERIES_COLOURS[i % len(charts.SERIES_COLOURS)]
        traces.append(go.Bar(
            x=[f"Band {b}" for b in BANDS], y=list(annual[i]), name=f"{_money(rise)} on Band D",
            marker=dict(color=colour, line=dict(color=charts.BLACK, width=1),
                        pattern=dict(shape=charts.PATTERNS[i % len(charts.PATTERNS)], fgcolor=charts.BLACK,
                                     fgopacity=0.5, solidity=0.3)),
            customdata=[f"{_money(a)} a year ({_pence_a_week(a)})" for a in annual[i]],
            hovertemplate=f"{_money(rise)} on Band D<br>%{{x}}: %{{customdata}}<extra></extra>"))
    fig = go.Figure(traces)
    fig.update_layout(barmode="group")
    if rises:
        top = rises[-1]
        title = (f"{_a(_money(top)).capitalize()} rise on Band D costs a Band A home {_money(annual[-1][0])} a year "
                 f"({_pence_a_week(annual[-1][0])})")
        alt = ("Bar chart of the extra police council tax a year by band in " + year + ": " + "; ".join(
            f"{_a(_money(r))} rise on Band D is {_money(a[0])} for Band A, {_money(a[3])} for Band D "
            f"and {_money(a[-1])} for Band H" for r, a in zip(rises, annual)) + ".")
    else:
        title = f"No rise in the police council tax is proposed for {year}"
        alt = f"No precept rise options for {year}; the chart is empty."
    return charts.style(fig, title, charts.subtitle_for(scenario_name, as_of),
                        "Source: mtfp; band ratios 6/9 to 18/9 of Band D, Local Government Finance Act 1992 s.5",
                        y_title="£ a year", alt=alt)


def precept_responses_chart(distribution: dict, title_name: str, as_of: dt.date | None = None) -> go.Figure:
    """Bars: how many responses chose each Band D rise (count axis). `distribution` maps
    rise (£) -> responses, as responses.summary gives it."""
    rises = list(distribution)
    counts = [int(distribution[r]) for r in rises]
    labels = [f"{_money(float(r))}" for r in rises]
    fig = go.Figure([go.Bar(x=labels, y=counts, name="Responses", text=counts, textposition="outside",
                            marker=dict(color=charts.BLUE, line=dict(color=charts.BLACK, width=1)),
                            hovertemplate="%{x} on Band D: %{y} responses<extra></extra>")])
    total = sum(counts)
    if total:
        top = max(zip(counts, rises))[1]
        title = f"Most respondents chose {_money(float(top))} on Band D ({total:,} responses)"
    else:
        title = "No responses yet"
    alt = "Bar chart of responses by Band D rise: " + "; ".join(
        f"{label} chosen by {c}" for label, c in zip(labels, counts)) + "."
    fig = charts.style(fig, title, charts.subtitle_for(title_name, as_of), "Source: consultation responses",
                       y_title="Responses", alt=alt)
    # Counts are whole numbers: a step of 1 while a few responses are in (plotly would put a
    # tick at 0.5 and ",d" would print it as a second "0" or "1"), plotly's own whole steps after.
    fig.update_yaxes(tickformat=",d", rangemode="tozero", **({"dtick": 1} if max(counts, default=0) <= 10 else {}))
    return fig


# Characters that fit across a screen at the fonts used there (measured on Liberation Sans):
# "phone" ~360 px of chart in a 390 px viewport, "wide" a desktop column of ~700 px.
SCREENS = {
    "phone": dict(title=26, subtitle=40, source=46, title_size=19, font_size=13, height=520, left=48, right=12),
    "wide": dict(title=52, subtitle=80, source=92, title_size=22, font_size=15, height=560, left=70, right=30),
}


def _plain(text) -> str:
    return " ".join(str(text or "").replace("<br>", " ").split())


def _wrapped(text: str, chars: int) -> list[str]:
    return textwrap.wrap(text, chars, break_on_hyphens=False) or [text]


def fit_to_screen(fig: go.Figure, screen: str = "phone") -> go.Figure:
    """A copy of a chart re-laid out for `screen` ("phone" or "wide", SCREENS): title, subtitle
    and the source note re-wrapped to what fits across it, smaller fonts, the legend under the
    title and margins that leave room for every line. The figures and alt text are unchanged."""
    size = SCREENS[screen]
    out = go.Figure(fig)
    title_lines = _wrapped(_plain(out.layout.title.text), size["title"])
    subtitle_lines = _wrapped(_plain(out.layout.title.subtitle.text), size["subtitle"])
    notes = list(out.layout.annotations or ())
    source = next((a for a in notes if _plain(a.text).startswith("Source")), None)
    source_lines = _wrapped(_plain(source.text), size["source"]) if source is not None else []
    entries = [t for t in out.data if t.showlegend is not False]
    legend_rows = 0 if len(entries) < 2 else (2 if screen == "phone" else 1)
    title_px = size["title_size"] * 1.25 * len(title_lines)
    subtitle_px = (size["font_size"] + 2) * 1.3 * len(subtitle_lines)
    top = int(22 + title_px + subtitle_px + 30 * legend_rows + 24)
    bottom = int(56 + 17 * len(source_lines))
    if source is not None:
        source.update(text="<br>".join(source_lines), yshift=-46, font=dict(size=size["font_size"] - 1))
    out.update_layout(
        width=None, height=size["height"] + 18 * (len(title_lines) + len(subtitle_lines)), autosize=True,
        font=dict(size=size["font_size"]),
        title=dict(text="<br>".join(title_lines), x=0, xref="paper", xanchor="left", y=1, yref="container",
                   yanchor="top", pad=dict(t=22), automargin=False, font=dict(size=size["title_size"]),
                   subtitle=dict(text="<br>".join(subtitle_lines), font=dict(size=size["font_size"] + 1))),
        margin=dict(l=size["left"], r=size["right"], t=top, b=bottom),
        legend=dict(orientation="h", x=0, xanchor="left", y=1.0, yanchor="bottom", font=dict(size=size["font_size"])),
        annotations=notes,
    )
    out.update_xaxes(tickfont=dict(size=size["font_size"] - 1))
    out.update_yaxes(tickfont=dict(size=size["font_size"] - 1), title=dict(font=dict(size=size["font_size"])))
    return out
