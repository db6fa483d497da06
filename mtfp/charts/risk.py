"""Charts of the analyses (pure plotly, no streamlit), in the consultation look of mtfp.charts.plan.

Fan charts of the gap and the general reserve, the probability by year that the reserve
breaks its minimum or runs out, the cumulative-gap distribution, the tornado and the Sobol
bars. Each goes through `mtfp.charts.plan.style` (plain-English title, scenario and date,
source note, Okabe-Ito colours told apart in greyscale, alt text in layout.meta["alt"]).
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from mtfp.analysis import assumptions, montecarlo
from mtfp.charts import plan as base
from mtfp.units import fmt_gbp_m

BAND_OUTER, BAND_INNER = "rgba(86, 180, 233, 0.30)", "rgba(0, 114, 178, 0.45)"  # sky blue / blue, light to dark


def _m(values) -> list[float]:
    """Pounds -> £m for plotting."""
    return [float(v) / 1e6 for v in values]


def _source(mc_or_name, origin: str | None = None) -> str:
    """The source note, with where the ranges came from in a few words (it must fit one line
    beside a chart with long axis labels)."""
    name = mc_or_name if isinstance(mc_or_name, str) else mc_or_name.scenario_name
    note = base.source_for(name)
    if not origin:
        return note
    short = "illustrative planning ranges" if origin == assumptions.PLANNING_RANGES else "ranges in the scenario file"
    return f"{note}; {short}"


def fan_chart(mc: montecarlo.MonteCarlo, line: str = "funding_gap", as_of: dt.date | None = None) -> go.Figure:
    """P5-P95 and P25-P75 bands, the median and the central case by year (£m). For the general
    reserve, the central case's minimum reserve is drawn too."""
    fan = montecarlo.fan(mc, line)
    years = list(fan["year"])
    traces = [
        go.Scatter(x=years, y=_m(fan["p95"]), mode="lines", line=dict(width=0), showlegend=False, hoverinfo="skip"),
        go.Scatter(x=years, y=_m(fan["p5"]), mode="lines", line=dict(width=0), fill="tonexty", fillcolor=BAND_OUTER,
                   name="9 in 10 draws", hoverinfo="skip"),
        go.Scatter(x=years, y=_m(fan["p75"]), mode="lines", line=dict(width=0), showlegend=False, hoverinfo="skip"),
        go.Scatter(x=years, y=_m(fan["p25"]), mode="lines", line=dict(width=0), fill="tonexty", fillcolor=BAND_INNER,
                   name="Half of draws", hoverinfo="skip"),
        go.Scatter(x=years, y=_m(fan["p50"]), name="Median draw", mode="lines",
                   line=dict(color=base.BLACK, width=2, dash="dot"),
                   customdata=[fmt_gbp_m(v) for v in fan["p50"]], hovertemplate="Median %{x}: %{customdata}<extra></extra>"),
        go.Scatter(x=years, y=_m(fan["central"]), name="Central case", mode="lines+markers",
                   line=dict(color=base.VERMILLION, width=3), marker=dict(symbol="diamond", size=11, color=base.VERMILLION),
                   customdata=[fmt_gbp_m(v) for v in fan["central"]],
                   hovertemplate="Central case %{x}: %{customdata}<extra></extra>"),
    ]
    final = fan.iloc[-1]
    if line == "general_reserve_closing":
        minimum = mc.lines["minimum_general_reserve"][0]
        traces.append(go.Scatter(x=years, y=_m(minimum), name="Minimum reserve", mode="lines",
                                 line=dict(color=base.ORANGE, width=3, dash="dash")))
        chance = float(montecarlo.probabilities(mc)["p_below_minimum_by_year"].iloc[-1])
        title = f"{chance:.0%} chance the general reserve falls below its minimum by {years[-1]}"
        what = "closing general reserve"
    else:
        title = f"The {years[-1]} gap is likely between {fmt_gbp_m(final['p5'])} and {fmt_gbp_m(final['p95'])}"
        what = "annual funding gap"
    alt = (f"Fan chart of the {what} over {mc.size:,} draws: in {years[-1]} the central case is "
           f"{fmt_gbp_m(final['central'])}, the median {fmt_gbp_m(final['p50'])}, and 9 in 10 draws lie between "
           f"{fmt_gbp_m(final['p5'])} and {fmt_gbp_m(final['p95'])}.")
    fig = base.style(go.Figure(traces), title, base.subtitle_for(mc.scenario_name, as_of), _source(mc, mc.origin), alt=alt)
    fig.update_layout(margin=dict(t=fig.layout.margin.t + 40))  # five legend entries need a second row
    return fig


def probability_chart(mc: montecarlo.MonteCarlo, as_of: dt.date | None = None) -> go.Figure:
    """Chance (%) that the general reserve has fallen below its minimum / run out by each year."""
    probs = montecarlo.probabilities(mc).iloc[1:]
    years = list(probs["year"])
    below, out = 100 * probs["p_below_minimum_by_year"], 100 * probs["p_run_out_by_year"]
    traces = [
        go.Scatter(x=years, y=list(below), name="Below its minimum", mode="lines+markers",
                   line=dict(color=base.ORANGE, width=3), marker=dict(symbol="square", size=10),
                   hovertemplate="Below minimum by %{x}: %{y:.1f}%<extra></extra>"),
        go.Scatter(x=years, y=list(out), name="Run out (below zero)", mode="lines+markers",
                   line=dict(color=base.BLUE, width=3, dash="dash"), marker=dict(symbol="circle", size=10),
                   hovertemplate="Run out by %{x}: %{y:.1f}%<extra></extra>"),
    ]
    title = f"{below.iloc[-1]:.0f}% chance of breaking the minimum reserve by {years[-1]}"
    alt = (f"Line chart: the chance that the general reserve is below its minimum rises to {below.iloc[-1]:.0f}% "
           f"by {years[-1]}, and the chance it runs out to {out.iloc[-1]:.0f}%, over {mc.size:,} draws.")
    fig = go.Figure(traces)
    base.style(fig, title, base.subtitle_for(mc.scenario_name, as_of), _source(mc, mc.origin),
               y_title="Chance by this year (%)", alt=alt)
    fig.update_yaxes(range=[0, 100])
    return fig


def cumulative_gap_chart(mc: montecarlo.MonteCarlo, threshold: float | None = None,
                         as_of: dt.date | None = None) -> go.Figure:
    """Histogram of the cumulative gap at the end of the plan (£m), central case and X marked."""
    hist = montecarlo.cumulative_gap_distribution(mc)
    centres = (hist["bin_low"] + hist["bin_high"]) / 2
    fig = go.Figure([go.Bar(x=_m(centres), y=list(100 * hist["share"]), name="Share of draws",
                            width=float(hist["bin_high"].iloc[0] - hist["bin_low"].iloc[0]) / 1e6,
                            marker=dict(color=base.SKY_BLUE, line=dict(color=base.BLACK, width=1)),
                            hovertemplate="£%{x:.1f}m: %{y:.1f}% of draws<extra></extra>")])
    central = float(mc.lines["cumulative_gap"][0, -1])
    fig.add_vline(x=central / 1e6, line=dict(color=base.VERMILLION, width=3), annotation_text="Central case")
    final_year = mc.years[-1]
    alt = f"Histogram of the cumulative gap to {final_year} over {mc.size:,} draws; the central case is {fmt_gbp_m(central)}."
    if threshold is not None:
        share = float((mc.lines["cumulative_gap"][:, -1] > threshold).mean())
        fig.add_vline(x=threshold / 1e6, line=dict(color=base.BLACK, width=2, dash="dash"),
                      annotation_text=f"{share:.0%} above {fmt_gbp_m(threshold)}", annotation_position="bottom right")
        alt += f" {share:.0%} of draws exceed {fmt_gbp_m(threshold)}."
    p5, p95 = np.percentile(mc.lines["cumulative_gap"][:, -1], [5, 95])
    title = f"Savings needed to {final_year}: {fmt_gbp_m(p5)} to {fmt_gbp_m(p95)} in 9 draws out of 10"
    base.style(fig, title, base.subtitle_for(mc.scenario_name, as_of), _source(mc, mc.origin),
               y_title="Share of draws (%)", alt=alt, x_title="Cumulative gap (£m)")
    return fig


def tornado_chart(frame: pd.DataFrame, scenario_name: str, top: int = 12, as_of: dt.date | None = None) -> go.Figure:
    """Bars from the central gap to the gap with each assumption at its low and its high (£m)."""
    rows = frame.head(top).iloc[::-1]  # biggest swing at the top
    central = float(frame["central_value"].iloc[0])
    labels = list(rows["assumption"])
    fig = go.Figure([
        go.Bar(y=labels, x=_m(rows["at_low"] - central), base=central / 1e6, orientation="h", name="At its low value",
               marker=dict(color=base.BLUE, line=dict(color=base.BLACK, width=1)),
               customdata=[fmt_gbp_m(v) for v in rows["at_low"]], hovertemplate="%{y} low: gap %{customdata}<extra></extra>"),
        go.Bar(y=labels, x=_m(rows["at_high"] - central), base=central / 1e6, orientation="h", name="At its high value",
               marker=dict(color=base.ORANGE, line=dict(color=base.BLACK, width=1),
                           pattern=dict(shape="/", fgcolor=base.BLACK, fgopacity=0.5, solidity=0.3)),
               customdata=[fmt_gbp_m(v) for v in rows["at_high"]], hovertemplate="%{y} high: gap %{customdata}<extra></extra>"),
    ])
    fig.update_layout(barmode="overlay")
    year = frame.attrs.get("year", "the final year")
    first = frame.iloc[0]
    title = f"{first['assumption']} moves the {year} gap most: {fmt_gbp_m(first['swing'])} from low to high"
    alt = (f"Tornado chart: with every assumption central the {year} gap is {fmt_gbp_m(central)}; "
           + "; ".join(f"{r.assumption} moves it from {fmt_gbp_m(r.at_low)} to {fmt_gbp_m(r.at_high)}"
                       for r in frame.head(3).itertuples(index=False)) + ".")
    base.style(fig, title, base.subtitle_for(scenario_name, as_of), _source(scenario_name, frame.attrs.get("origin")),
               y_title="", alt=alt, x_title=f"Funding gap {year} (£m)")
    fig.update_xaxes(tickformat=",.1f")
    fig.update_yaxes(rangemode="normal", automargin=True)
    return fig


def sobol_chart(frame: pd.DataFrame, scenario_name: str, top: int = 12, as_of: dt.date | None = None) -> go.Figure:
    """First-order (S1) and total (ST) Sobol indices with 95% intervals, as % of the variance."""
    rows = frame.head(top).iloc[::-1]
    labels = list(rows["assumption"])
    fig = go.Figure([
        go.Bar(y=labels, x=list(100 * rows["S1"]), orientation="h", name="Alone (first-order, S1)",
               error_x=dict(type="data", array=list(100 * rows["S1_conf"]), color=base.BLACK),
               marker=dict(color=base.BLUE, line=dict(color=base.BLACK, width=1))),
        go.Bar(y=labels, x=list(100 * rows["ST"]), orientation="h", name="With interactions (total, ST)",
               error_x=dict(type="data", array=list(100 * rows["ST_conf"]), color=base.BLACK),
               marker=dict(color=base.ORANGE, line=dict(color=base.BLACK, width=1),
                           pattern=dict(shape="/", fgcolor=base.BLACK, fgopacity=0.5, solidity=0.3))),
    ])
    fig.update_layout(barmode="group")
    year = frame.attrs.get("year", "the final year")
    first = frame.iloc[0]
    title = f"{first['assumption']} explains {first['ST']:.0%} of the uncertainty in the {year} gap"
    alt = ("Bar chart of Sobol indices: " + "; ".join(
        f"{r.assumption} {r.S1:.0%} alone, {r.ST:.0%} with interactions" for r in frame.head(3).itertuples(index=False)) + ".")
    base.style(fig, title, base.subtitle_for(scenario_name, as_of), _source(scenario_name, frame.attrs.get("origin")),
               y_title="", alt=alt, x_title="Share of the variance of the gap (%)")
    fig.update_yaxes(rangemode="normal", automargin=True)
    return fig
