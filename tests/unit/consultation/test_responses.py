"""Finance view of responses: count, distribution of each choice, average precept rise, CSV/XLSX."""
from __future__ import annotations

import io
import math

import openpyxl
import pandas as pd

import mtfp
from mtfp.consultation import store
from mtfp.consultation.budget import clean_choices, gap_to_close
from mtfp.consultation.responses import responses_csv, responses_xlsx, summary


def _three_responses(consultation, path):
    options = consultation.options
    gap = gap_to_close(consultation, mtfp.run(consultation.scenario))
    for rise, savings in [(0, {"officer_vacancies": True, "front_counters": True, "vehicle_fleet": True,
                               "dog_section": True}),
                          (6, {"pcsos": 1.5}),
                          (10, {"front_counters": True})]:
        store.record_response(options.title, clean_choices(options, rise, savings), path, options=options, gap=gap)
    return store.read_responses(path)


def test_summary_counts_and_averages(consultation, tmp_path):
    responses = _three_responses(consultation, tmp_path / "r.sqlite")
    result = summary(responses, consultation.options)
    assert result["count"] == 3
    assert result["average_band_d_rise"] == (0 + 6 + 10) / 3
    assert result["precept_distribution"] == {0: 1, 2: 0, 4: 0, 6: 1, 8: 0, 10: 1}
    savings = result["savings_distribution"].set_index("option")
    assert savings.loc["front_counters", "chosen"] == 2
    assert savings.loc["front_counters", "share"] == 2 / 3
    assert savings.loc["pcsos", "average_chosen_gbp_m"] == 1.5 / 3
    assert savings.loc["dog_section", "chosen"] == 1


def test_no_responses_yet(consultation):
    result = summary(store.read_responses("/nonexistent/none.sqlite"), consultation.options)
    assert result["count"] == 0 and math.isnan(result["average_band_d_rise"])


def test_csv_and_xlsx_hold_every_response(consultation, tmp_path):
    responses = _three_responses(consultation, tmp_path / "r.sqlite")
    frame = pd.read_csv(io.StringIO(responses_csv(responses, consultation.options)))
    assert list(frame.columns[:3]) == ["id", "submitted_utc", "band_d_rise"]
    assert list(frame["band_d_rise"]) == [0, 6, 10] and list(frame["pcsos"]) == [0, 1.5, 0]
    book = openpyxl.load_workbook(io.BytesIO(responses_xlsx(responses, consultation.options)))
    assert book.sheetnames == ["Responses", "Precept", "Savings"]
    assert book["Responses"].max_row == 4


def test_a_hostile_option_name_stays_text_in_the_xlsx(consultation, tmp_path):
    responses = _three_responses(consultation, tmp_path / "r.sqlite")
    hostile = "=cmd|' /C calc'!A0"
    savings = [o.model_copy(update={"name": hostile}) if o.id == "front_counters" else o
               for o in consultation.options.savings]
    options = consultation.options.model_copy(update={"savings": savings})
    book = openpyxl.load_workbook(io.BytesIO(responses_xlsx(responses, options)))
    cells = [c for ws in book for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert [c.value for c in cells if c.value == hostile] == [hostile]  # the name, intact, as a string
