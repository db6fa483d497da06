"""The household precept chart and the responses chart: numbers from the band table, alt text
a screen reader can use, and series told apart by pattern as well as colour (greyscale print)."""
from __future__ import annotations

import numpy as np

from mtfp.charts import plan as charts
from mtfp.charts.consultation import household_chart, precept_responses_chart
from mtfp.consultation.household import band_changes


def test_household_chart_bars_are_the_band_table():
    fig = household_chart([0, 2, 10], "Illustrative force 2015/16", "2019/20")
    assert [t.name for t in fig.data] == ["£2.00 on Band D", "£10.00 on Band D"]  # no bar for no rise
    assert np.allclose(fig.data[1].y, band_changes([10.0])[0])
    assert fig.layout.title.text == "A £10.00 rise on Band D costs a Band A home £6.67 a year (13p a week)"
    assert fig.layout.yaxis.title.text == "£ a year"
    shapes = [t.marker.pattern.shape for t in fig.data]
    assert len(set(shapes)) == len(shapes)  # not colour alone
    assert charts.alt_text(fig) == (
        "Bar chart of the extra police council tax a year by band in 2019/20: a £2.00 rise on Band D is £1.33 "
        "for Band A, £2.00 for Band D and £4.00 for Band H; a £10.00 rise on Band D is £6.67 for Band A, "
        "£10.00 for Band D and £20.00 for Band H.")


def test_an_eight_pound_rise_reads_an_eight():
    fig = household_chart([8], "x", "2019/20")
    assert fig.layout.title.text.startswith("An £8.00 rise on Band D costs a Band A home £5.33 a year")


def test_responses_chart_counts_and_title():
    fig = precept_responses_chart({0.0: 1, 4.0: 3, 10.0: 0}, "Illustrative force 2015/16")
    assert list(fig.data[0].y) == [1, 3, 0]
    assert fig.layout.title.text == "Most respondents chose £4.00 on Band D (4 responses)"
    assert "£10.00 chosen by 0" in charts.alt_text(fig)
