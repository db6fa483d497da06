"""Save, load, upload and compare in the app, on a temporary scenarios folder."""
from __future__ import annotations

import re

import mtfp
from mtfp.scenario import dumps_scenario, load_scenario
from mtfp.ui.headline import file_stem
from mtfp.ui.state import BUILTIN_DIR
from mtfp.units import fmt_gbp_m
from tests.app.app_helpers import current, errors, metric

SCENARIOS_PAGE = "mtfp/ui/pages/scenarios.py"


def test_invalid_upload_shows_every_problem_and_keeps_the_scenario(app):
    before = current(app)
    text = dumps_scenario(before).replace("value: 1.3\n", "value: 95.0\n", 1).replace("over_years: 4", "over_years: 40")
    app.switch_page(SCENARIOS_PAGE).run()
    app.file_uploader(key="upload_yaml").set_value(("bad.yaml", text.encode(), "application/x-yaml")).run()
    assert not app.exception
    shown = " ".join(errors(app))
    assert "bad.yaml: funding.spending_review.real_terms_cut" in shown and "95" in shown
    assert "bad.yaml: funding.spending_review.over_years" in shown
    assert current(app) is before


def test_upload_that_is_not_yaml_or_too_big_is_refused(app):
    before = current(app)
    app.switch_page(SCENARIOS_PAGE).run()
    app.file_uploader(key="upload_yaml").set_value(("big.yaml", b"#" * 1_000_001, "application/x-yaml")).run()
    assert "at most 1,000,000 bytes" in " ".join(errors(app))
    app.file_uploader(key="upload_yaml").set_value(("list.yaml", b"- 1\n- 2\n", "application/x-yaml")).run()
    assert not app.exception
    assert errors(app)
    assert current(app) is before


def test_valid_upload_becomes_the_current_scenario(app):
    data = dumps_scenario(load_scenario(BUILTIN_DIR / "csr-35.yaml")).encode()
    app.switch_page(SCENARIOS_PAGE).run()
    app.file_uploader(key="upload_yaml").set_value(("csr-35.yaml", data, "application/x-yaml")).run()
    assert not app.exception and errors(app) == []
    assert current(app).name == "CSR 35% real-terms cut"
    # The Save-as box now names the uploaded scenario, not the default it replaced.
    assert app.text_input(key="save_name").value == "csr-35-real-terms-cut"


def test_the_save_as_name_follows_each_load_and_a_saved_file_keeps_its_name(app, scenario_dir):
    app.switch_page(SCENARIOS_PAGE).run()
    assert app.text_input(key="save_name").value == "illustrative-force-2015-16"  # the built-in default
    app.selectbox(key="load_pick").set_value("csr-25")
    app.button(key="load_button").click().run()
    assert app.text_input(key="save_name").value == file_stem(current(app)) == "csr-25-real-terms-cut"
    app.button[0].click().run()  # save under the name shown: the scenario keeps its own title
    assert load_scenario(scenario_dir / "csr-25-real-terms-cut.yaml").name == "CSR 25% real-terms cut"


def test_save_then_load_reproduces_the_same_results(app, scenario_dir):
    # Move the slider, save as "My Plan: 35%!", load the default, then load the saved file:
    # the headline figures are those on screen before saving, and the file runs the same.
    app.slider(key="csr_cut").set_value(35.0).run()
    shown = [m.value for m in app.metric]
    app.switch_page(SCENARIOS_PAGE).run()
    app.text_input(key="save_name").set_value("My Plan: 35%!")
    app.button[0].click().run()  # the form's submit button
    assert not app.exception, app.exception
    saved = scenario_dir / "my-plan-35.yaml"
    assert saved.exists(), list(scenario_dir.iterdir())
    assert any("Saved to" in s.value for s in app.success)

    app.selectbox(key="load_pick").set_value("default")
    app.button(key="load_button").click().run()
    assert current(app).name != "My Plan: 35%!"
    app.selectbox(key="load_pick").set_value("my-plan-35 (saved)")
    app.button(key="load_button").click().run()
    assert current(app).name == "My Plan: 35%!"
    assert [(c.field, c.new) for c in current(app).changes] == [("funding.spending_review.real_terms_cut", 35.0)]
    # Its description says what changed from the file it came from: the one slider move.
    assert current(app).description.endswith("Changed in mtfp from built-in default (scenarios/default.yaml): "
                                             "1 change (listed in the change log).")
    app.switch_page("mtfp/ui/pages/scenario.py").run()
    assert [m.value for m in app.metric] == shown
    # `python -m mtfp run` on the saved file prints the same final-year gap as the screen.
    import contextlib
    import io

    import pandas as pd

    from mtfp.cli import main
    from mtfp.units import fmt_gbp_m

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["run", "--format", "csv", str(saved)]) == 0
    cli = pd.read_csv(io.StringIO(out.getvalue()))
    assert metric(app, "Recurring gap 2019/20") == fmt_gbp_m(cli["recurring_gap"].iloc[-1])
    assert cli["funding_gap"].iloc[-1] == mtfp.run(load_scenario(saved))["funding_gap"][0, -1]


def test_save_refuses_to_overwrite_unless_replace_is_ticked(app, scenario_dir):
    app.switch_page(SCENARIOS_PAGE).run()
    app.text_input(key="save_name").set_value("plan")
    app.button[0].click().run()
    assert (scenario_dir / "plan.yaml").exists()
    first = (scenario_dir / "plan.yaml").read_text()
    app.switch_page("mtfp/ui/pages/scenario.py").run()
    app.slider(key="csr_cut").set_value(25.0).run()
    app.switch_page(SCENARIOS_PAGE).run()
    app.text_input(key="save_name").set_value("plan")
    app.button[0].click().run()
    assert "already exists" in " ".join(errors(app))
    assert (scenario_dir / "plan.yaml").read_text() == first
    app.checkbox(key="save_replace").check()
    app.button[0].click().run()
    assert load_scenario(scenario_dir / "plan.yaml").funding.spending_review.real_terms_cut.value == 25.0


def test_compare_shows_the_csr_set_in_rising_gap_order(app):
    app.switch_page("mtfp/ui/pages/compare.py").run()
    app.button[0].click().run()  # "CSR 25/30/35/40 set"
    assert not app.exception and errors(app) == []
    # The choices read as scenario titles, not file ids such as csr-25.
    options = app.multiselect(key="compare_pick").options  # as the list shows them
    assert {f"CSR {c}% real-terms cut" for c in (25, 30, 35, 40)} <= set(options)
    assert not {"csr-25", "csr-40", "default"} & set(options), options
    table = app.dataframe[0].value
    assert list(table["scenario"]) == [f"CSR {c}% real-terms cut" for c in (25, 30, 35, 40)]
    gaps = [float(re.sub(r"[£m,]", "", g)) for g in table["final_year_gap"]]
    assert gaps == sorted(gaps) and len(set(gaps)) == 4
    # The one display rule: £m to 1 dp, the same figure the headline shows for CSR 40%.
    expected = mtfp.run(load_scenario(BUILTIN_DIR / "csr-40.yaml"))["funding_gap"][0, -1]
    assert table["final_year_gap"].iloc[-1] == fmt_gbp_m(expected)
    # Two or more scenarios: the differing assumptions and the attribution waterfall.
    assert len(app.dataframe) == 2
    assert "funding.spending_review.real_terms_cut" in list(app.dataframe[1].value["field"])
    assert len(app.get("plotly_chart")) == 2


def test_baseline_template_upload_makes_the_scenario_and_bad_cells_are_named(app):
    import io

    import openpyxl

    from mtfp.workbook.reader import template_xlsx

    app.switch_page(SCENARIOS_PAGE).run()
    assert any(b.label.startswith("Download baseline template") for b in app.get("download_button"))
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx()))
    sheet = book["Grants"]
    row = next(r for r in range(1, 20) if sheet.cell(r, 1).value == "police_grant")
    sheet.cell(row, 3).value = 80.0  # our police grant is £80m, not the template's £70m
    good = io.BytesIO()
    book.save(good)
    app.file_uploader(key="upload_baseline").set_value(("force.xlsx", good.getvalue(), "application/octet-stream")).run()
    assert not app.exception and errors(app) == []
    assert current(app).funding.grants["police_grant"].base.value == 80.0
    assert "force.xlsx" in str(current(app).funding.grants["police_grant"].base.source)  # sourced to the file

    before = current(app)
    sheet.cell(row, 3).value = "lots"
    bad = io.BytesIO()
    book.save(bad)
    app.file_uploader(key="upload_baseline").set_value(("bad.xlsx", bad.getvalue(), "application/octet-stream")).run()
    assert not app.exception
    assert f"Grants!C{row}" in " ".join(errors(app))
    assert current(app) is before
