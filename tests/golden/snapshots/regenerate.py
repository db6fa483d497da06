"""Write the results snapshot of every bundled scenario (run by hand, never by the tests).

    python tests/golden/snapshots/regenerate.py          # with the package installed
    python -m tests.golden.snapshots.regenerate           # or from the repository root

It refuses to run if the mtfp Python imports is not this repository's own (an editable install
of another checkout). Each scenario's every line and every year goes to
`tests/golden/snapshots/<scenario>.csv`: money to the penny, everything else to six decimals,
plus its events (the year the reserve minimum is breached, the year reserves run out). A commit that changes these files on
purpose says which rule moved which figure and by how much.
"""
from __future__ import annotations

import csv
import io
import math
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parents[2]

MONEY_UNITS = {"gbp", "gbp_per_band_d", "gbp_per_fte"}


def cell(value: float, unit: str) -> str:
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    text = f"{value:.2f}" if unit in MONEY_UNITS else f"{value:.6f}"
    return "0.00" if text in ("-0.00",) else ("0.000000" if text == "-0.000000" else text)


def snapshot_text(path: Path) -> str:
    import mtfp

    projection = mtfp.run(mtfp.load_scenario(path))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["line", "unit", *projection.years])
    for key in sorted(projection.lines):
        line = projection.lines[key]
        writer.writerow([key, line.unit, *(cell(float(x), line.unit) for x in line.values[0])])
    for name in sorted(projection.events):
        writer.writerow([f"event:{name}", "year", projection.event_year(name) or "never"]
                        + [""] * (len(projection.years) - 1))
    return out.getvalue()


def bundled() -> list[Path]:
    """The bundled scenarios (mtfp/data/scenarios/*.yaml), found through the package."""
    from mtfp.data import scenarios_dir

    return sorted(scenarios_dir().glob("*.yaml"))


if __name__ == "__main__":
    import sys

    import mtfp

    imported = Path(mtfp.__file__).resolve().parent
    if imported != REPOSITORY / "mtfp":
        # An installed mtfp from another checkout would write that code's numbers here.
        sys.exit(f"mtfp is imported from {imported}, not from {REPOSITORY / 'mtfp'}: run\n"
                 f"    python -m tests.golden.snapshots.regenerate\nfrom {REPOSITORY}")
    for path in bundled():
        target = HERE / f"{path.stem}.csv"
        target.write_text(snapshot_text(path))
        print(f"wrote {target.relative_to(REPOSITORY)}")
