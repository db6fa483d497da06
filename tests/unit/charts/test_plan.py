"""Consultation charts, as worked examples on scenarios/csr-25.yaml.

Given the illustrative force with a 25% real-terms grant cut over four years, the model's
2019/20 funding gap is about £29.0m (grant falls £20.7m, pay grows £14.5m, precept brings in
£6.9m more, ...). Each chart must state that figure in plain English, label the axis in £m
(or FTE), describe first and last years for screen readers, and stay readable in greyscale.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
import plotly.io
import pytest

import mtfp
from mtfp.charts import plan as charts
from mtfp.scenario import Scenario, with_value
from mtfp.units import fmt_gbp_m
from tests.conftest import SCENARIOS

AS_OF = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def csr25():
    return mtfp.run(mtfp.load_scenario(SCENARIOS / "csr-25.yaml"))


@pytest.fixture(scope="module")
def csr_set():
    return {f"CSR {c}%": mtfp.run(mtfp.load_scenario(SCENARIOS / f"csr-{c}.yaml")) for c in (25, 30, 35, 40)}


def luminance(hex_colour: str) -> float:
    """Greyscale lightness 0-255 of a #RRGGBB colour (ITU-R BT.601 weights, as printers use)."""
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b


def greyscale_look(trace) -> tuple:
    """What survives a greyscale print: dash, marker symbol, bar pattern, lightness band."""
    if trace.type == "scatter":
        return ("line", trace.line.dash, trace.marker.symbol, round(luminance(trace.line.color) / 40))
    return ("bar", trace.marker.pattern.shape, round(luminance(trace.marker.color) / 40))


def assert_consultation_style(fig: go.Figure, scenario_name: str, y_title: str = "£m"):
    assert fig.layout.template == plotly.io.templates["plotly_white"]
    assert fig.layout.paper_bgcolor == "white"
    assert (fig.layout.width, fig.layout.height) == (1000, 600)
    assert fig.layout.font.size >= 14 and fig.layout.title.font.size >= 20
    assert fig.layout.yaxis.title.text == y_title
    assert scenario_name in fig.layout.title.subtitle.text and "22\u00a0November\u00a02026" in fig.layout.title.subtitle.text
    notes = [a.text for a in fig.layout.annotations]
    assert any(n.startswith("Source: mtfp model") and "illustrative figures where marked" in n for n in notes)
    looks = [greyscale_look(t) for t in fig.data if t.type in ("scatter", "bar")]
    assert len(set(looks)) == len(looks), f"two series look the same in greyscale: {looks}"
    assert charts.alt_text(fig) == fig.layout.meta["alt"] != ""


def test_gap_chart_says_what_we_must_save_by_the_final_year(csr25):
    gap_2019 = csr25["funding_gap"][0, -1]
    fig = charts.gap_chart(csr25, as_of=AS_OF)
    # about £29.0m: the title quotes the model's own final-year gap after one-offs and reserves
    # (the bars), rounded to £0.1m; the recurring gap is the second line.
    assert fig.layout.title.text == f"We need to save {fmt_gbp_m(gap_2019)} by 2019/20"
    assert fig.layout.title.text.startswith("We need to save £29.0m")
    assert [t.type for t in fig.data] == ["bar", "scatter", "scatter"]
    assert fig.data[2].y[-1] == pytest.approx(csr25["recurring_gap"][0, -1] / 1e6)
    assert list(fig.data[0].x) == ["2016/17", "2017/18", "2018/19", "2019/20"]
    assert fig.data[0].y[-1] == pytest.approx(gap_2019 / 1e6)
    assert fig.data[1].y[-1] == pytest.approx(csr25["cumulative_gap"][0, -1] / 1e6)
    # Each bar carries its £m; the line says it is the yearly gaps added up, its total at the end.
    assert list(fig.data[0].text) == [fmt_gbp_m(g) for g in csr25["funding_gap"][0, 1:]]
    assert fig.data[0].name == "Gap in each year after one-offs and reserves (what that year's budget is short)"
    assert fig.data[1].name == "Cumulative gap (the yearly gaps added up)"
    assert list(fig.data[1].text)[-1] == f"{fmt_gbp_m(csr25['cumulative_gap'][0, -1])} in all"
    alt = charts.alt_text(fig)
    assert alt.startswith("Bar chart: the gap after one-offs and reserves grows from ")
    assert f"{fmt_gbp_m(csr25['funding_gap'][0, 1])} in 2016/17" in alt and f"{fmt_gbp_m(gap_2019)} in 2019/20" in alt
    assert fig.data[0].customdata[-1] == fmt_gbp_m(gap_2019)  # hover in £m to 1 dp
    assert_consultation_style(fig, "CSR 25% real-terms cut")


def test_a_negative_gap_is_called_a_surplus():
    # Given police grant of £120m instead of £70m, funding exceeds spending by about £50m.
    base = mtfp.load_scenario(SCENARIOS / "default.yaml")
    p = mtfp.run(with_value(base, "funding.grants.police_grant.base", 120.0))
    surplus = -p["funding_gap"][0, -1]
    assert surplus > 40e6
    assert charts.gap_chart(p).layout.title.text == f"We expect a surplus of {fmt_gbp_m(surplus)} in 2019/20"
    assert charts.reserves_chart(p).layout.title.text == "Our general reserve stays above its minimum to 2019/20"
    assert charts.gap_title(20_000, "2019/20") == "We expect a balanced budget in 2019/20"


def test_funding_spending_chart_gap_between_the_lines(csr25):
    fig = charts.funding_spending_chart(csr25, as_of=AS_OF)
    assert fig.layout.title.text == f"Spending outgrows funding by {fmt_gbp_m(csr25['funding_gap'][0, -1])} by 2019/20"
    assert len(fig.data) == 2
    funding, spending = fig.data
    assert spending.y[-1] - funding.y[-1] == pytest.approx(csr25["funding_gap"][0, -1] / 1e6)
    assert funding.line.dash != spending.line.dash and funding.marker.symbol != spending.marker.symbol
    alt = charts.alt_text(fig)
    assert fmt_gbp_m(csr25["total_funding"][0, 0]) + " in 2015/16" in alt
    assert fmt_gbp_m(csr25["total_funding"][0, -1]) + " in 2019/20" in alt
    # Funding (general grants, council tax, collection fund) £152.0m-£165.8m and the budget
    # requirement £165.8m-£180.9m: a zero axis would flatten a £29.0m gap into a sliver, so the
    # axis starts at a round £120m below both lines (the space under them no more than 1.5 times
    # their own spread), and says so.
    floor, top = fig.layout.yaxis.range
    assert floor == 120.0 and top > max(spending.y) and 0 < min(funding.y) - floor < 1.5 * (max(spending.y) - min(funding.y))
    assert_consultation_style(fig, "CSR 25% real-terms cut", y_title="£m (axis starts at £120.0m)")
    # The gap is shaded between the lines and written in each projected year.
    assert spending.fill == "tonexty"
    labels = [a.text for a in fig.layout.annotations if a.text.startswith("Gap ")]
    assert labels == [f"Gap {fmt_gbp_m(g)}" for g in csr25["funding_gap"][0, 1:]]


def test_bridge_chart_walks_from_base_year_to_final_gap(csr25):
    fig = charts.bridge_chart(csr25, as_of=AS_OF)
    (waterfall,) = fig.data
    assert waterfall.type == "waterfall"
    assert waterfall.measure[0] == "absolute" and waterfall.measure[-1] == "total"
    steps = [m for m in waterfall.measure if m == "relative"]
    # the relative steps (grant change, pay, ...) add up to the final-year gap less the base-year gap
    assert sum(waterfall.y[1:-1]) + waterfall.y[0] == pytest.approx(csr25["funding_gap"][0, -1] / 1e6)
    assert len(steps) >= 4 and "Grant change" in waterfall.x and "Base-year<br>gap" in waterfall.x
    assert fig.layout.title.text == f"Why the gap reaches {fmt_gbp_m(csr25['funding_gap'][0, -1])} by 2019/20"
    alt = charts.alt_text(fig)
    assert alt.startswith("Waterfall chart: from a gap of ") and "grant change adds £20." in alt
    assert alt.endswith(f"giving a gap of {fmt_gbp_m(csr25['funding_gap'][0, -1])} in 2019/20.")
    # rises and falls differ in lightness, not only hue, for greyscale print
    assert abs(luminance(waterfall.increasing.marker.color) - luminance(waterfall.decreasing.marker.color)) > 50
    assert_consultation_style(fig, "CSR 25% real-terms cut")


def test_fte_chart_names_the_biggest_change():
    base = mtfp.load_scenario(SCENARIOS / "default.yaml")
    data = base.model_dump(mode="python")
    data["workforce"]["groups"]["police_staff"]["recruitment"] = "freeze"  # 8% a year leave, none replaced
    p = mtfp.run(Scenario.model_validate(data))
    staff = p["fte_police_staff"][0]
    fig = charts.fte_chart(p, as_of=AS_OF)
    assert staff[-1] < staff[0]
    assert fig.layout.title.text == f"Police staff fall by {staff[0] - staff[-1]:,.0f} FTE by 2019/20"
    assert len(fig.data) == len(p.scenario.workforce.groups) == 3
    assert len({t.line.dash for t in fig.data}) == 3 and len({t.marker.symbol for t in fig.data}) == 3
    alt = charts.alt_text(fig)
    assert f"Police staff {staff[0]:,.0f} FTE in 2015/16 and {staff[-1]:,.0f} FTE in 2019/20" in alt
    assert_consultation_style(fig, p.scenario.name, y_title="FTE")


def test_fte_chart_steady_workforce(csr25):
    fig = charts.fte_chart(csr25, as_of=AS_OF)
    assert fig.layout.title.text == "Workforce numbers hold steady to 2019/20"
    assert fig.data[0].y[-1] == pytest.approx(csr25["fte_police_officers"][0, -1])


def test_reserves_chart_reports_when_the_reserve_runs_out(csr25):
    fig = charts.reserves_chart(csr25, as_of=AS_OF)
    # the 2016/17 gap (about £9.1m) exceeds the £8.5m general reserve, so it runs out that year
    assert fig.layout.title.text == f"Our general reserve runs out in {csr25.event_year('reserves_run_out')}"
    assert csr25.event_year("reserves_run_out") == "2016/17"
    assert [t.name for t in fig.data] == ["General reserve (closing)", "Minimum general reserve"]
    alt = charts.alt_text(fig)
    assert fmt_gbp_m(csr25["general_reserve_closing"][0, 0]) + " in 2015/16" in alt
    assert fmt_gbp_m(csr25["general_reserve_closing"][0, -1]) + " in 2019/20" in alt
    assert_consultation_style(fig, "CSR 25% real-terms cut")


def test_savings_chart_planned_and_delivered(csr25):
    fig = charts.savings_chart(csr25, as_of=AS_OF)
    delivered = csr25["savings_delivered"][0, -1]
    assert fig.layout.title.text == f"Our savings plan delivers {fmt_gbp_m(delivered)} a year by 2019/20"
    assert len(fig.data) == 2 and fig.layout.barmode == "group"
    assert fig.data[0].marker.pattern.shape != fig.data[1].marker.pattern.shape
    assert f"{fmt_gbp_m(delivered)} in 2019/20" in charts.alt_text(fig)
    assert_consultation_style(fig, "CSR 25% real-terms cut")


def test_funding_mix_chart_precept_share(csr25):
    fig = charts.funding_mix_chart(csr25, as_of=AS_OF)
    share = csr25["precept"][0] + csr25["collection_fund"][0]
    share = share / (csr25["total_funding"][0] + csr25["specific_grants_and_income"][0])  # of all funding
    # grant falls while precept rises: council tax pays about 33% in 2015/16 and 40% by 2019/20
    assert fig.layout.title.text == (f"Council tax pays for {share[-1]:.0%} of our funding by 2019/20, "
                                     f"up from {share[0]:.0%}")
    assert len(fig.data) == 3 and fig.layout.barmode == "stack"
    assert sum(t.y[-1] for t in fig.data) == pytest.approx(
        (csr25["total_funding"][0, -1] + csr25["specific_grants_and_income"][0, -1]) / 1e6)
    assert f"{share[0]:.0%} of funding in 2015/16 and {share[-1]:.0%} in 2019/20" in charts.alt_text(fig)
    assert_consultation_style(fig, "CSR 25% real-terms cut")


def test_compare_gap_chart_spans_the_csr_range(csr_set):
    fig = charts.compare_gap_chart(csr_set, as_of=AS_OF)
    low, high = csr_set["CSR 25%"]["funding_gap"][0, -1], csr_set["CSR 40%"]["funding_gap"][0, -1]
    assert low < high
    assert fig.layout.title.text == f"We need to save between {fmt_gbp_m(low)} and {fmt_gbp_m(high)} by 2019/20"
    assert [t.name for t in fig.data] == list(csr_set)
    assert len({t.line.dash for t in fig.data}) == 4 and len({t.marker.symbol for t in fig.data}) == 4
    alt = charts.alt_text(fig)
    assert f"'CSR 40%' reaches {fmt_gbp_m(high)} in 2019/20" in alt
    assert_consultation_style(fig, "CSR 40%")


def test_attribution_chart_ends_on_the_difference():
    # A worked attribution: grant cut +£9.0m, precept -£1.0m, pay +£2.5m -> £10.5m more to save.
    df = pd.DataFrame({"driver": ["Grant cut", "Precept", "Pay"], "effect": [9.0e6, -1.0e6, 2.5e6]})
    fig = charts.attribution_chart(df, "CSR 25%", "CSR 40%", year="2019/20", as_of=AS_OF)
    (waterfall,) = fig.data
    assert list(waterfall.measure) == ["relative", "relative", "relative", "total"]
    assert waterfall.y[-1] == pytest.approx(10.5)
    assert fig.layout.title.text == "'CSR 40%' needs £10.5m more savings than 'CSR 25%' in 2019/20"
    assert charts.alt_text(fig) == ("Waterfall chart: moving from 'CSR 25%' to 'CSR 40%', grant cut adds £9.0m, "
                                    "precept takes off £1.0m, pay adds £2.5m; the gap in 2019/20 changes by £10.5m in total.")
    assert_consultation_style(fig, "CSR 40%")
    less = charts.attribution_chart(df.assign(effect=-df["effect"]), "A", "B")
    assert less.layout.title.text == "'B' needs £10.5m less savings than 'A'"


def test_style_works_on_any_figure():
    fig = charts.style(go.Figure(go.Bar(x=["2016/17"], y=[1.0])), "Title", "Scenario: X", "Source: X",
                       y_title="FTE", alt="Bar chart: one bar.")
    assert fig.layout.yaxis.title.text == "FTE" and charts.alt_text(fig) == "Bar chart: one bar."
    assert fig.layout.xaxis.type == "category"  # '2016/17' is a year label, never a date
    assert charts.alt_text(charts.style(go.Figure(), "Only a title", "s", "src")) == "Chart: Only a title"
    # a figure with a numeric x axis (a histogram of ensemble draws, say) keeps it
    histogram = charts.style(go.Figure(go.Histogram(x=[1.0, 2.0])), "Spread", "s", "src", y_title="Draws")
    assert histogram.layout.xaxis.type is None and histogram.layout.yaxis.tickformat is None
    # what the caller set before styling stays: bar mode, axis settings, its own annotations
    own = go.Figure(go.Bar(x=["Band A", "Band D"], y=[120.0, 180.0]),
                    layout=dict(barmode="group", xaxis=dict(tickangle=0), annotations=[dict(text="Band D = 9/9")]))
    own = charts.style(own, "A £5 rise costs Band A £3.33 a year", "s", "Source: X", y_title="£ a year")
    assert own.layout.barmode == "group" and own.layout.xaxis.tickangle == 0
    assert [a.text for a in own.layout.annotations] == ["Band D = 9/9", "Source: X"]
    assert own.layout.template.layout.plot_bgcolor == "white" and own.layout.yaxis.title.text == "£ a year"
    # the alt text survives the JSON the app and AppTest see
    assert plotly.io.from_json(fig.to_json()).layout.meta["alt"] == "Bar chart: one bar."


def test_long_titles_and_notes_wrap_instead_of_running_off_the_page():
    long_name = "Illustrative force with a 40% real-terms cut"
    df = pd.DataFrame({"driver": ["Spending review"], "effect": [16.2e6]})
    fig = charts.attribution_chart(df, "CSR 25% real-terms cut", long_name, year="2019/20", as_of=AS_OF)
    title_lines = fig.layout.title.text.split("<br>")
    assert len(title_lines) == 2 and all(len(line) <= charts.TITLE_CHARS for line in title_lines)
    assert fig.layout.title.text.replace("<br>", " ") == (
        f"'{long_name}' needs £16.2m more savings than 'CSR 25% real-terms cut' in 2019/20")
    subtitle_lines = fig.layout.title.subtitle.text.split("<br>")
    assert "Plan\u00a0date:\u00a022\u00a0November\u00a02026" in subtitle_lines[-1]  # date kept whole
    # No legend on a waterfall (100 px); room made for the second title line and the second subtitle line.
    assert len(subtitle_lines) == 2 and fig.layout.margin.t == 100 + 28 + 28
    (note,) = fig.layout.annotations
    assert note.text.count("<br>") == 1 and fig.layout.margin.b > charts.MARGIN_BOTTOM


def test_charts_read_the_requested_draw_of_an_ensemble():
    # Draw 1 of this two-draw ensemble is the 40% cut: its title must quote that draw's gap, not draw 0's.
    import numpy as np
    sc = mtfp.load_scenario(SCENARIOS / "csr-25.yaml")
    ensemble = mtfp.run_ensemble(sc, {"funding.spending_review.real_terms_cut": np.array([25.0, 40.0])})
    gaps, recurring = ensemble["funding_gap"][:, -1], ensemble["recurring_gap"][:, -1]
    assert gaps[1] > gaps[0]
    assert charts.gap_chart(ensemble, draw=1).layout.title.text == f"We need to save {fmt_gbp_m(gaps[1])} by 2019/20"
    assert recurring[1] > recurring[0]
    assert charts.bridge_chart(ensemble, draw=1).data[0].y[-1] == pytest.approx(gaps[1] / 1e6)
    assert charts.gap_title(float("nan"), "2019/20") == "Funding gap to 2019/20"


def test_charts_of_an_edited_scenario_say_edited_and_its_plan_date():
    # CSR 25% with the cut moved to 30% in mtfp on 1 Dec 2026: every chart's subtitle and source
    # note name "CSR 25% ... (edited)", and the subtitle's date is that edit's plan date.
    from mtfp.ui.editing import edit_scenario

    sc = mtfp.load_scenario(SCENARIOS / "csr-25.yaml")
    edited = mtfp.run(edit_scenario(sc, "funding.spending_review.real_terms_cut", 30.0, when="2026-12-01T14:05:00+00:00"))
    title = f"{sc.name} (edited)"
    for chart in (charts.gap_chart, charts.funding_spending_chart, charts.bridge_chart, charts.fte_chart,
                  charts.reserves_chart, charts.savings_chart, charts.funding_mix_chart):
        fig = chart(edited)
        subtitle = fig.layout.title.subtitle.text.replace("<br>", " ")
        assert f"Scenario: {title}" in subtitle and "Plan\u00a0date:\u00a01\u00a0December\u00a02026" in subtitle, chart
        assert f"'{title}'" in fig.layout.annotations[-1].text.replace("<br>", " "), chart


def test_a_scenario_keeps_its_colour_whichever_scenarios_are_beside_it(csr_set):
    # The app's Compare page and the pack's CSR comparison draw the same scenario in the same
    # colour, dash and marker: the CSR set in either's order, and with the current scenario beside it.
    def looks(fig):
        return {t.name: (t.line.color, t.line.dash, t.marker.symbol) for t in fig.data}

    whole = looks(charts.compare_gap_chart(csr_set, as_of=AS_OF))
    reversed_set = looks(charts.compare_gap_chart(dict(reversed(list(csr_set.items()))), as_of=AS_OF))
    assert whole == reversed_set and len({c for c, _, _ in whole.values()}) == 4
    default = mtfp.run(mtfp.load_scenario(SCENARIOS / "default.yaml"))
    # The current scenario beside the set: the four keep theirs, it takes a colour none of them has.
    beside = looks(charts.compare_gap_chart({"Current": default, **csr_set}, as_of=AS_OF))
    assert {k: v for k, v in beside.items() if k != "Current"} == whole
    assert beside["Current"][0] not in {c for c, _, _ in whole.values()}
    # The colour follows the scenario's name, not the label it is drawn under.
    styles = charts.scenario_styles([p.scenario.name for p in csr_set.values()])
    assert whole["CSR 30%"][0] == charts.SERIES_COLOURS[styles[csr_set["CSR 30%"].scenario.name]]


def test_no_blank_band_opens_between_the_axis_and_the_source_note(csr25):
    # One line of year labels: the note sits 34 px under the plot and the margin ends 14 px below
    # it; the bridge chart's wrapped step labels (up to three lines) push it down by 19 px a line.
    gap = charts.gap_chart(csr25, as_of=AS_OF)
    (note,) = [a for a in gap.layout.annotations if a.text.startswith("Source")]
    assert note.yshift == -charts.TICK_GAP and gap.layout.margin.b == charts.TICK_GAP + charts.NOTE_LINE + charts.EDGE
    bridge = charts.bridge_chart(csr25, as_of=AS_OF)
    lines = max(x.count("<br>") + 1 for x in bridge.data[0].x)
    (note,) = [a for a in bridge.layout.annotations if a.text.startswith("Source")]
    assert lines > 1 and note.yshift == -(charts.TICK_GAP + charts.TICK_LINE * (lines - 1))
