"""AppTest of the resident view (mtfp/ui/consultation_public.py) and the finance results page.

Given the shipped options for the default scenario (2019/20 gap about £3.4m): the submit
button stays disabled until the gap is closed; holding 40 officer vacancies (£2.0m), closing
four front counters (£1.0m), the fleet review (£0.3m) and the dog section (£0.25m) close it; the submission lands in SQLite and shows in the
results page; a malformed options file gives a clear error; no widget touches the scenario.
"""
from __future__ import annotations

import io
import zipfile
from contextlib import closing

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from mtfp.consultation import store
from mtfp.consultation.pack import pack_zip
from tests.conftest import DEFAULT, OPTIONS, ROOT

RESULTS_PAGE = str(ROOT / "mtfp" / "ui" / "pages" / "consultation_results.py")


def _resident(path: str) -> None:
    from mtfp.ui.consultation_public import main

    main(path)


def resident(path=OPTIONS) -> AppTest:
    return AppTest.from_function(_resident, args=(str(path),), default_timeout=60).run()


@pytest.fixture(autouse=True)
def _fresh_caches(db):
    st.cache_resource.clear()
    yield


def _metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_submit_is_disabled_until_the_gap_is_closed(db):
    at = resident()
    assert not at.exception
    assert _metric(at, "Funding gap in 2019/20") == "£3.4m"
    assert _metric(at, "The same as the cost of") == "58 police officers"
    assert at.button(key="consult_submit").disabled
    at.toggle(key="consult_saving_officer_vacancies").set_value(True).run()
    assert at.button(key="consult_submit").disabled  # £2.0m of £3.4m
    assert any("Not balanced yet" in w.value for w in at.warning)
    at.toggle(key="consult_saving_front_counters").set_value(True).run()
    assert at.button(key="consult_submit").disabled  # £3.0m of £3.4m
    at.toggle(key="consult_saving_vehicle_fleet").set_value(True).run()
    at.toggle(key="consult_saving_dog_section").set_value(True).run()
    assert not at.button(key="consult_submit").disabled
    assert _metric(at, "Still to find") == "£0.0m"
    assert any(s.value.startswith("Balanced") for s in at.success)


def test_precept_and_a_range_option_can_balance_too(db):
    at = resident()
    at.radio(key="consult_precept_rise").set_value(6).run()  # £6 x 321,026 Band D = £1.93m
    assert _metric(at, "Raised from council tax") == "£1.9m"
    assert at.table[0].value["Extra a year"].tolist()[0] == "£4.00"  # Band A pays 6/9 of £6
    assert at.button(key="consult_submit").disabled
    at.slider(key="consult_saving_pcsos").set_value(1.5).run()  # £1.93m + £1.5m closes £3.42m
    assert not at.button(key="consult_submit").disabled


def test_a_submission_is_stored_and_shows_in_the_results_page(db):
    at = resident()
    at.toggle(key="consult_saving_officer_vacancies").set_value(True).run()
    at.toggle(key="consult_saving_front_counters").set_value(True).run()
    at.radio(key="consult_precept_rise").set_value(4).run()
    at.button(key="consult_submit").click().run()
    assert not at.exception
    assert any("Thank you" in i.value for i in at.info)
    assert len(at.button) == 0  # one response per visit
    frame = store.read_responses(db)
    assert len(frame) == 1
    assert frame.loc[0, "choices"]["band_d_rise"] == 4.0
    assert frame.loc[0, "choices"]["savings"]["front_counters"] == 1.0

    results = AppTest.from_file(RESULTS_PAGE, default_timeout=60).run()
    assert not results.exception
    assert _metric(results, "Responses") == "1"
    assert _metric(results, "Average Band D rise chosen") == "£4.00"
    assert [d.label for d in results.get("download_button")] == ["Responses (CSV)", "Responses (XLSX)"]
    assert results.button(key="results_build_pack").label == "Build consultation pack"
    # Money as the resident saw it; a whole-number count axis for one response.
    savings = results.dataframe[0].value.set_index("Option")
    assert savings.loc["Hold 40 police officer vacancies", "Full saving"] == "£2.0m"
    assert savings.loc["Hold 40 police officer vacancies", "Share of responses"] == 100.0
    assert set(savings["Full saving"]) >= {"£250k", "£1.5m"}
    import json

    layout = json.loads(next(iter(results.get("plotly_chart"))).proto.spec)["layout"]
    assert layout["yaxis"]["dtick"] == 1 and layout["yaxis"]["tickformat"] == ",d"


def test_the_results_page_reports_malformed_rows_of_an_older_database(db):
    with closing(store.connect(db)) as conn:
        for choices in ('{"band_d_rise": 4.0, "savings": {"officer_vacancies": 2.0, "front_counters": 1.0}}',
                        '{"band_d_rise": 4.0, "savings": {"police_helicopter": 9.0}}'):
            conn.execute("INSERT INTO responses (submitted_utc, consultation, choices) VALUES (?, ?, ?)",
                         ("2026-01-01T00:00:00+00:00", "Help us balance the police budget for 2019/20", choices))
    results = AppTest.from_file(RESULTS_PAGE, default_timeout=60).run()
    assert not results.exception
    assert _metric(results, "Responses") == "1"
    warning = results.warning[0].value
    assert "1 stored response(s) do not match the options file" in warning and "id 2" in warning
    assert "unknown savings options: police_helicopter" in warning


def test_residents_never_see_other_responses(db, monkeypatch):
    # The public page never reads the responses table: reading it here would fail the run.
    with closing(store.connect(db)) as conn:  # another resident's row
        conn.execute("INSERT INTO responses (submitted_utc, consultation, choices) VALUES (?, ?, ?)",
                     ("2026-01-01T00:00:00+00:00", "Help us balance the police budget for 2019/20",
                      '{"band_d_rise": 10.0, "savings": {}}'))

    def forbidden(*args, **kwargs):
        raise AssertionError("the public view read other residents' responses")

    monkeypatch.setattr(store, "read_responses", forbidden)
    at = _balance_and_submit(resident())
    assert not at.exception
    assert not any(m.label == "Responses" for m in at.metric)


def _balance(at: AppTest) -> AppTest:
    for option in ("officer_vacancies", "front_counters", "vehicle_fleet", "dog_section"):  # £3.55m
        at.toggle(key=f"consult_saving_{option}").set_value(True).run()
    return at


def _balance_and_submit(at: AppTest) -> AppTest:
    return _balance(at).button(key="consult_submit").click().run()


def test_the_page_gives_the_browser_a_response_token_in_its_address(db):
    at = resident()
    token = at.query_params["response"]
    token = token[0] if isinstance(token, list) else token
    assert store.valid_token(token)
    assert "not someone set on responding twice" in at.button(key="consult_submit").help


def test_a_second_submission_from_the_same_browser_is_refused(db):
    first = _balance_and_submit(resident())
    assert any("Thank you" in i.value for i in first.info)
    token = first.query_params["response"]
    token = token[0] if isinstance(token, list) else token
    # A reload (or a new session) of the same address carries the same token: no submit button,
    # a clear message, and still one row.
    again = AppTest.from_function(_resident, args=(str(OPTIONS),), default_timeout=60)
    again.query_params["response"] = token
    again.run()
    assert not again.exception
    assert any("already been submitted from this browser" in i.value for i in again.info)
    assert not [b for b in again.button if b.key == "consult_submit"]
    assert len(store.read_responses(db)) == 1
    # Another browser (no token) may still respond.
    other = _balance_and_submit(resident())
    assert any("Thank you" in i.value for i in other.info)
    assert len(store.read_responses(db)) == 2


def test_the_server_rate_limit_turns_away_a_burst_with_a_clear_message(db, monkeypatch):
    monkeypatch.setenv("MTFP_CONSULTATION_RATE", "1")  # one response a minute per server process
    assert any("Thank you" in i.value for i in _balance_and_submit(resident()).info)
    busy = _balance_and_submit(resident())  # another browser within the minute
    assert not busy.exception
    assert any("Please wait a minute and press Submit again" in w.value for w in busy.warning)
    assert not busy.button(key="consult_submit").disabled  # they can try again
    assert len(store.read_responses(db)) == 1


def test_markdown_in_an_option_name_is_shown_as_text(db, tmp_path):
    hostile = OPTIONS.read_text().replace("../scenarios/default.yaml", str(ROOT / "scenarios/default.yaml")).replace(
        "name: Hold 40 police officer vacancies", "name: '![x](https://example.com/pixel.png) **Hold**'")
    path = tmp_path / "options.yaml"
    path.write_text(hostile)
    at = resident(path)
    assert not at.exception
    label = at.toggle(key="consult_saving_officer_vacancies").label
    assert label.startswith(r"!\[x\](https\://example.com/pixel.png) \*\*Hold\*\*: saves")


def test_malformed_options_file_gives_a_clear_error(tmp_path):
    bad = tmp_path / "options.yaml"
    bad.write_text(OPTIONS.read_text().replace("../scenarios/default.yaml", str(DEFAULT))
                   .replace("saving: 2.0", "saving: lots"))
    at = resident(bad)
    assert not at.exception
    assert at.title[0].value == "This consultation cannot be opened"
    message = at.error[0].value
    assert f"{bad}: savings.0 (officer_vacancies).saving" in message and "'lots'" in message
    missing = resident(tmp_path / "none.yaml")
    assert f"{tmp_path / 'none.yaml'}: file not found" in missing.error[0].value


def test_the_public_page_cannot_alter_the_scenario(db):
    scenario_file = DEFAULT
    before = scenario_file.read_bytes()
    at = resident()
    for toggle in at.toggle:
        toggle.set_value(True).run()
    for slider in at.slider:
        slider.set_value(slider.max).run()
    at.radio(key="consult_precept_rise").set_value(10).run()
    # Every widget holds a resident's choice, none a scenario field; the gap shown is unchanged.
    keys = [w.key for w in [*at.toggle, *at.slider, *at.radio, *at.button]]
    assert keys and all(k.startswith("consult_") for k in keys)
    assert "mtfp_scenario" not in at.session_state
    assert _metric(at, "Funding gap in 2019/20") == "£3.4m"
    assert scenario_file.read_bytes() == before


def test_pack_zip_for_the_results_page_button():
    data, notes = pack_zip([DEFAULT], OPTIONS, static=False)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert "consultation-pack/index.html" in names and "consultation-pack/household_precept.csv" in names
    assert notes == ["PNG, SVG and PDF charts skipped: HTML only was asked for."]


def test_app_py_consultation_flag_opens_the_resident_view(db, monkeypatch):
    # `streamlit run app.py -- --consultation consultation/options.yaml`
    import sys

    monkeypatch.setattr(sys, "argv", ["app.py", "--consultation", str(OPTIONS)])
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "Help us balance the police budget for 2019/20"
    assert at.button(key="consult_submit").disabled


# --- a resident on a phone or a keyboard -----------------------------------------------------

def _charts(at: AppTest) -> list:
    return list(at.get("plotly_chart"))


def test_public_charts_have_no_plotly_toolbar_and_the_gap_chart_has_a_phone_layout(db):
    import json

    at = resident()
    charts = _charts(at)
    assert charts and all(json.loads(c.proto.config)["displayModeBar"] is False for c in charts)
    # The wide and the phone layout of the same gap chart: the phone one wraps its title short.
    wide, phone = (json.loads(c.proto.spec)["layout"] for c in charts[:2])
    assert wide["title"]["text"] == "We need to save £3.4m by 2019/20"
    assert phone["title"]["text"] == "We need to save £3.4m by<br>2019/20"
    assert max(len(line) for line in phone["title"]["subtitle"]["text"].split("<br>")) <= 40


def test_the_running_total_is_in_the_page_not_the_sidebar_and_follows_the_choices(db):
    at = resident()
    assert not list(at.sidebar.get("metric"))
    assert _metric(at, "Left to find") == "£3.4m"
    at.toggle(key="consult_saving_officer_vacancies").set_value(True).run()  # £2.0m of the £3.4m
    assert _metric(at, "Left to find") == "£1.4m"  # the 2019/20 gap to close (£3.42m) less £2.0m
    at.toggle(key="consult_saving_front_counters").set_value(True).run()
    assert _metric(at, "Left to find") == "£422k"  # £0.42m left: 1 dp would say £0.4m
    assert any("Not balanced yet" in m.value for m in at.markdown)


def test_the_available_when_balanced_hint_goes_once_the_budget_balances(db):
    at = resident()
    assert at.button(key="consult_submit").help.startswith("Available when your budget balances.")
    _balance(at)
    assert not at.button(key="consult_submit").disabled
    assert "Available when" not in at.button(key="consult_submit").help
    assert _metric(at, "Left to find") == "£0.0m"


def test_resident_amounts_follow_the_display_rule():
    from mtfp.ui.consultation_public import amount

    assert amount(2_000_000) == "£2.0m" and amount(2_851_234) == "£2.9m"
    assert amount(250_000) == "£250k" and amount(40_000) == "£40k" and amount(0) == "£0.0m"
    assert amount(1_926_156) == "£1.9m"  # £6 on 321,026 Band D homes
    assert amount(-40_000) == "-£40k"
