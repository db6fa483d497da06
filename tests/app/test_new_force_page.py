"""The app's "Start from your force" page makes the current scenario from a force's published figures."""
from __future__ import annotations

from tests.app.app_helpers import current, errors


def test_choosing_a_force_makes_it_the_current_scenario_and_lists_the_estimates(app):
    app.switch_page("mtfp/ui/pages/new_force.py").run()
    assert not app.exception and errors(app) == []
    app.selectbox(key="new_force_name").select("Dyfed-Powys (Wales)").run()
    app.button(key="new_force_start").click().run()
    assert not app.exception, app.exception
    scenario = current(app)
    assert scenario.name == "Dyfed-Powys 2025/26" and scenario.nation == "wales"
    assert "welsh_government" in scenario.funding.grants
    app.switch_page("mtfp/ui/pages/new_force.py").run()
    warnings = [w.value for w in app.warning]
    assert any("The plan is incomplete: 15 figures are estimates" in w for w in warnings), warnings


def test_after_start_from_your_force_the_save_as_box_names_that_force(app):
    app.switch_page("mtfp/ui/pages/scenarios.py").run()
    assert app.text_input(key="save_name").value == "illustrative-force-2015-16"
    app.switch_page("mtfp/ui/pages/new_force.py").run()
    app.selectbox(key="new_force_name").select("Dyfed-Powys (Wales)").run()
    app.button(key="new_force_start").click().run()
    app.switch_page("mtfp/ui/pages/scenarios.py").run()
    assert not app.exception and app.text_input(key="save_name").value == "dyfed-powys-2025-26"


def test_the_scenario_page_says_the_plan_is_incomplete_while_estimates_remain(app):
    # Cumbria started from the shipped figures: its staff, reserves and non-pay are estimates,
    # so the headline on the Scenario page carries the warning beside the master check.
    app.switch_page("mtfp/ui/pages/new_force.py").run()
    app.selectbox(key="new_force_name").select("Cumbria (England)").run()
    app.button(key="new_force_start").click().run()
    app.switch_page("mtfp/ui/pages/scenario.py").run()
    assert not app.exception, app.exception
    assert any(w.value.startswith("The plan is incomplete:") for w in app.warning), [w.value for w in app.warning]
