"""Reading the app under AppTest: headline metrics, error messages, the scenario it holds."""
from __future__ import annotations

import json

TIMEOUT = 120


def metric(at, starts: str) -> str:
    """The displayed value of the headline metric whose label starts with `starts`."""
    found = [m.value for m in at.metric if m.label.startswith(starts)]
    assert len(found) == 1, [m.label for m in at.metric]
    return found[0]


def errors(at) -> list[str]:
    return [e.value for e in at.error]


def current(at):
    """The Scenario the app holds."""
    from mtfp.ui import state

    return at.session_state[state._SCENARIO]


def chart_titles(at) -> list[str]:
    """Titles of the plotly charts on the page, in order."""
    return [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]


def open_group(at, name: str):
    """Open a sidebar group (its widgets only run while it is open), as a click would."""
    at.session_state[f"group_{name}"] = True
    return at.run()
