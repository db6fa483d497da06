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


def test_responses_axis_counts_in_whole_numbers():
    # Three responses: plotly's own ticks would be 0, 0.5, 1, ... and ",d" would print 0, 0, 1.
    few = precept_responses_chart({0.0: 1, 4.0: 2}, "Illustrative force 2015/16")
    assert few.layout.yaxis.dtick == 1 and few.layout.yaxis.tickformat == ",d"
    many = precept_responses_chart({0.0: 120, 4.0: 340}, "Illustrative force 2015/16")
    assert many.layout.yaxis.dtick is None and many.layout.yaxis.tickformat == ",d"


def test_fit_to_screen_wraps_title_subtitle_and_source_for_a_phone():
    import mtfp
    from mtfp.charts.consultation import SCREENS, fit_to_screen
    from tests.conftest import DEFAULT

    fig = charts.gap_chart(mtfp.run(mtfp.load_scenario(DEFAULT)))
    phone = fit_to_screen(fig, "phone")
    assert phone.layout.title.text == "We need to save £3.4m by<br>2019/20"
    assert all(len(line) <= SCREENS["phone"]["subtitle"] for line in phone.layout.title.subtitle.text.split("<br>"))
    source = next(a for a in phone.layout.annotations if a.text.startswith("Source"))
    assert all(len(line) <= SCREENS["phone"]["source"] for line in source.text.split("<br>"))
    assert phone.layout.width is None and phone.layout.margin.t > 2 * 19  # room for the two title lines
    assert list(phone.data[0].y) == list(fig.data[0].y) and charts.alt_text(phone) == charts.alt_text(fig)
    assert fig.layout.width == 1000  # the print-sized original is untouched
