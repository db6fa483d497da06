"""Every bundled scenario's full results equal the committed snapshot, to the penny.

The snapshot (tests/golden/snapshots/<scenario>.csv) is rewritten only by regenerate.py, in a
commit that says which rule moved which figure and by how much.
"""
from __future__ import annotations

import csv
import io

import pytest

from tests.conftest import ROOT, SCENARIOS
from tests.golden.snapshots.regenerate import HERE, bundled, snapshot_text

MONEY_TOLERANCE = 0.01  # a penny either way, for float noise at a half-penny boundary
OTHER_TOLERANCE = 2e-6


def rows(text: str) -> dict[str, list[str]]:
    return {row[0]: row[1:] for row in csv.reader(io.StringIO(text))}


def close(expected: str, actual: str, unit: str) -> bool:
    if expected == actual:
        return True
    try:
        a, b = float(expected), float(actual)
    except ValueError:
        return False
    return abs(a - b) <= (MONEY_TOLERANCE if unit.startswith("gbp") else OTHER_TOLERANCE)


@pytest.mark.golden
@pytest.mark.parametrize("path", bundled(), ids=lambda p: p.stem)
def test_results_equal_the_snapshot(path):
    stored = rows((HERE / f"{path.stem}.csv").read_text())
    now = rows(snapshot_text(path))
    assert sorted(now) == sorted(stored), "result lines added or removed: regenerate the snapshot on purpose"
    header = stored["line"]
    moved = []
    for key, values in stored.items():
        if key == "line":
            continue
        unit = values[0]
        for year, old, new in zip(header[1:], values[1:], now[key][1:]):
            if not close(old, new, unit):
                moved.append(f"{key} {year}: {old} -> {new}")
    assert not moved, f"{len(moved)} figures moved:\n" + "\n".join(moved[:40])


@pytest.mark.golden
def test_readme_csr_table_is_what_the_model_gives():
    """The README's Blueprint 2020 table: final-year recurring gap, final-year gap after one-offs
    and reserves, cumulative gap and the recurring gap in officer posts."""
    import re

    import mtfp

    readme = (ROOT / "README.md").read_text()
    table = re.findall(r"^\| (\d\d)% \| £([\d.]+)m \| £([\d.]+)m \| £([\d.]+)m \| (\d+) \|", readme, flags=re.M)
    assert [row[0] for row in table] == ["25", "30", "35", "40"]
    for cut, recurring, final_gap, cumulative, posts in table:
        p = mtfp.run(mtfp.load_scenario(SCENARIOS / f"csr-{cut}.yaml"))
        assert f"{p['recurring_gap'][0, -1] / 1e6:.1f}" == recurring
        assert f"{p['funding_gap'][0, -1] / 1e6:.1f}" == final_gap
        assert f"{p['cumulative_gap'][0, -1] / 1e6:.1f}" == cumulative
        assert f"{p['officer_post_equivalent'][0, -1]:.0f}" == posts
