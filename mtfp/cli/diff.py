"""`python -m mtfp diff A.yaml B.yaml`: the assumptions that differ (field, unit, A, B),
the funding gap of each by year with the difference, and the difference in the final
year's gap attributed to drivers (spending review, precept, pay awards, ...).
"""
from __future__ import annotations

import argparse

import mtfp
from mtfp.cli.compare import load_all


def diff_text(a, b, label_a: str = "A", label_b: str = "B") -> str:
    """The three tables `diff` prints."""
    from mtfp.analysis import attribution as compare  # pandas: only when diff runs
    from mtfp.outputs.tables import format_value, text_grid

    differ = compare.diff_assumptions(a, b)
    out = [f"A = {label_a} ({a.name})", f"B = {label_b} ({b.name})", ""]
    if differ.empty:
        out.append("No assumptions differ.")
    else:
        rows = [[r.field, r.unit, _cell(r.a_value), _cell(r.b_value), compare.driver_of(r.field)]
                for r in differ.itertuples(index=False)]
        out += [f"Assumptions that differ ({len(rows)})", "",
                text_grid(["Field", "Unit", "A", "B", "Driver"], rows)]
    pa, pb = mtfp.run(a), mtfp.run(b)
    by_year = compare.gap_difference_by_year(pa, pb)
    rows = [[r.year, format_value(r.gap_a, "gbp"), format_value(r.gap_b, "gbp"), format_value(r.difference, "gbp")]
            for r in by_year.itertuples(index=False)]
    out += ["", "Funding gap by year (£m; positive = shortfall)", "",
            text_grid(["Year", "Gap A", "Gap B", "B - A"], rows)]
    drivers = compare.attribute_gap_difference(a, b)
    rows = [[r.driver, format_value(r.effect, "gbp")] for r in drivers.itertuples(index=False)]
    rows.append(["Total (gap B - gap A)", format_value(drivers["effect"].sum(), "gbp")])
    when = pa.years[-1] if pa.years == pb.years else f"final-year gap (A {pa.years[-1]}, B {pb.years[-1]})"
    out += ["", f"What explains the difference in the {when} gap (£m; drivers switched from A to B in this order)",
            "", text_grid(["Driver", "Effect"], rows)]
    if pa.years != pb.years:
        out.append("The scenarios cover different years: each driver is measured on A's years, and the change "
                   "of years is in 'Other / structure'.")
    return "\n".join(out)


def _cell(value) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _diff(args: argparse.Namespace) -> int:
    scenarios = list(load_all([args.a, args.b]).values())
    print(diff_text(scenarios[0], scenarios[1], args.a, args.b))
    return 0


def register(subparsers) -> None:
    parser = subparsers.add_parser("diff", help="assumptions that differ between two scenarios and their effect on the gap",
                                   description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("a", metavar="A.yaml", help="the first scenario")
    parser.add_argument("b", metavar="B.yaml", help="the second scenario")
    parser.set_defaults(func=_diff)
