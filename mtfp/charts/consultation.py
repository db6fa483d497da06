"""The household precept chart: what each allowed Band D rise adds to a year's council tax
for bands A to H (£ a year), in the consultation look of mtfp.charts.plan."""
from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go

from mtfp.charts import plan as charts
from mtfp.consultation.household import BANDS, band_changes, weekly


def _money(pounds: float) -> str:
    """£ to the penny: 6.67 -> '£6.67'."""
    return f"£{pounds:,.2f}"


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
    fig.update_yaxes(tickformat=",d")
    return fig
