"""Undo last change and Reset to file: a finance lead can try a figure and take it back."""
from __future__ import annotations

from mtfp.units import fmt_gbp_m
from tests.app.app_helpers import current, metric


def test_undo_takes_back_the_last_edit_and_reset_returns_to_the_file(app):
    import mtfp
    from mtfp.ui.state import DEFAULT_FILE

    default_sc = mtfp.load_scenario(DEFAULT_FILE)
    start = metric(app, "Recurring gap 2019/20")
    assert start == fmt_gbp_m(mtfp.run(default_sc)["recurring_gap"][0, -1])
    assert app.button(key="undo").disabled and app.button(key="reset_to_file").disabled
    app.slider(key="csr_cut").set_value(35.0).run()
    app.slider(key="csr_cut").set_value(40.0).run()
    assert current(app).funding.spending_review.real_terms_cut.value == 40.0
    app.button(key="undo").click().run()  # back to 35%, and the slider shows it
    assert current(app).funding.spending_review.real_terms_cut.value == 35.0
    assert app.slider(key="csr_cut").value == 35.0
    app.button(key="reset_to_file").click().run()  # the file's own figure, and the file's gap
    assert current(app) == default_sc and current(app).changes == []
    assert metric(app, "Recurring gap 2019/20") == start and app.button(key="reset_to_file").disabled
    app.button(key="undo").click().run()  # a reset can be undone too
    assert current(app).funding.spending_review.real_terms_cut.value == 35.0


def test_a_figure_can_be_typed_beside_the_slider_and_a_refused_one_is_put_back_with_its_reason(app):
    """The default file's cut is 1.3% (the 2015 spending review's -1.3% real terms): the slider
    reaches it exactly and spans the field's allowed range, -50% to 90%. Typing 40 sets 40,
    not 39.5; typing 95 is refused, the box goes back to 40 and the reason is shown beside it."""
    slider = app.slider(key="csr_cut")
    assert slider.value == 1.3 and (slider.min, slider.max) == (-50.0, 90.0)
    app.number_input(key="csr_cut_box").set_value(40.0).run()
    assert current(app).funding.spending_review.real_terms_cut.value == 40.0
    assert app.slider(key="csr_cut").value == 40.0 and app.number_input(key="csr_cut_box").value == 40.0
    app.number_input(key="csr_cut_box").set_value(95.0).run()
    assert current(app).funding.spending_review.real_terms_cut.value == 40.0
    assert app.number_input(key="csr_cut_box").value == 40.0
    beside = [e.value for e in app.sidebar.error]
    assert any(e.startswith("Not applied:") and "95 is outside" in e for e in beside), beside
    app.slider(key="csr_cut").set_value(30.0).run()  # and the box follows the slider
    assert app.number_input(key="csr_cut_box").value == 30.0
