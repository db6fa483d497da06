"""The Scenario page shows the plan by year: the table `mtfp run` prints, in £m."""
from __future__ import annotations


def test_the_scenario_page_shows_the_plan_by_year(app):
    import mtfp
    from mtfp import results
    from mtfp.ui.state import DEFAULT_FILE

    table = next(df for df in app.dataframe if "Line" in df.value.columns)
    p = mtfp.run(mtfp.load_scenario(DEFAULT_FILE))
    assert list(table.value.columns) == ["Line", *p.years]
    assert len(table.value) == len(results.plan_by_year(p))
    gap = table.value[table.value["Line"] == "Gap after one-offs and reserves (met from general reserve) (£m)"].iloc[0]
    assert gap[p.years[-1]] == f"{p['funding_gap'][0, -1] / 1e6:,.1f}"
