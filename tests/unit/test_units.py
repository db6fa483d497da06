"""Units: files speak £m and %, the model pounds and fractions, and figures are rounded only
for display."""
from __future__ import annotations

import math

import pytest

from mtfp import units


def test_file_units_become_pounds_and_fractions():
    assert units.to_internal(23.4, "gbp_m") == pytest.approx(23_400_000)
    assert units.to_internal(2.5, "pct_per_year") == pytest.approx(0.025)
    assert units.to_internal(40_000, "gbp_per_fte") == 40_000
    assert units.unit_label("pct_per_year") == "% a year"


def test_money_is_shown_in_millions_to_one_decimal_with_the_sign_in_front():
    assert units.fmt_gbp_m(28_412_345) == "£28.4m"
    assert units.fmt_gbp_m(-1_240_000) == "-£1.2m"
    assert units.fmt_gbp_m(1_234_567_890) == "£1,234.6m"
    assert units.fmt_gbp_m(math.nan) == "n/a" and units.fmt_gbp_m(None) == "n/a"


def test_a_fraction_is_shown_as_a_percentage():
    # Leicestershire 2010/11: £7,662k of cashable savings on a £175,277k net budget.
    assert units.fmt_pct(7_662 / 175_277) == "4.4%"
    assert units.fmt_pct(1.258, dp=1) == "125.8%"


def test_a_figure_that_rounds_to_zero_has_no_sign():
    # A surplus of £40,000 is 0.04 of a million: to 1 dp it is nothing, not "minus nothing".
    assert units.fmt_gbp_m(-40_000) == "£0.0m"
    assert units.fmt_gbp_m(-0.0) == "£0.0m"
    assert units.fmt_gbp_m(-60_000) == "-£0.1m"
    assert units.fmt_gbp_m(40_000) == "£0.0m"


def test_one_decimal_is_the_display_rule_for_millions():
    # The default scenario's 2019/20 gap, £2,851,234: headline, chart title and table all say £2.9m.
    assert units.fmt_gbp_m(2_851_234) == "£2.9m"
    assert "£m" not in units.fmt_gbp_m(2_851_234).replace("£2.9m", "")  # never "2.9 £m"


def test_household_amounts_are_pounds_and_pence():
    # A £10 rise on Band D is 6/9 of £10 for Band A: £6.67 a year.
    assert units.fmt_money_small(10 * 6 / 9) == "£6.67"
    assert units.fmt_money_small(1_234.5) == "£1,234.50"
    assert units.fmt_money_small(-1.5) == "-£1.50"
    assert units.fmt_money_small(-0.001) == "£0.00"
    assert units.fmt_money_small(math.inf) == "n/a"


def test_an_amount_one_decimal_would_misstate_is_shown_in_thousands():
    # The shipped options: sharing the dog section saves £250,000 (not "£0.2m"); after the
    # £2.0m of officer vacancies, £853,000 of the default scenario's gap is still to find.
    assert units.fmt_gbp_m_or_k(250_000) == "£250k"
    assert units.fmt_gbp_m_or_k(853_456) == "£853k"
    assert units.fmt_gbp_m_or_k(-40_000) == "-£40k"
    # Round tenths of a million, and anything from £1m, keep the one display rule.
    assert units.fmt_gbp_m_or_k(300_000) == "£0.3m" and units.fmt_gbp_m_or_k(0) == "£0.0m"
    assert units.fmt_gbp_m_or_k(2_851_234) == "£2.9m" and units.fmt_gbp_m_or_k(math.nan) == "n/a"


def test_no_module_asks_for_another_precision_or_writes_the_unit_after_the_number():
    """One display rule: no caller passes a precision to fmt_gbp_m (it takes none), and no
    f-string writes "2.9 £m" (the unit after the figure) or formats £m to 2 dp its own way."""
    import inspect
    import re

    from tests.conftest import ROOT

    assert list(inspect.signature(units.fmt_gbp_m).parameters) == ["pounds"]
    unit_after = re.compile(r"\}\s*£m")              # f"{x:,.1f} £m"
    own_two_dp = re.compile(r"1e6:,?\.2f\}m")        # f"£{x / 1e6:,.2f}m"
    offenders = []
    for path in sorted((ROOT / "mtfp").rglob("*.py")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if unit_after.search(line) or (own_two_dp.search(line) and "workbook/balance.py" not in path.as_posix()):
                offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert offenders == []


def test_an_assumption_is_shown_in_its_unit_as_a_finance_lead_reads_it():
    # File units in, text out: £m to 1 dp (£k under £1m where 1 dp would misstate it), rates as
    # %, counts with thousands separators and their unit, a limit not set that year as "none".
    assert units.fmt_value(101.63, "gbp_m") == "£101.6m" and units.fmt_value(0.015, "gbp_m") == "£15k"
    assert units.fmt_value(24.2, "pct") == "24.2%" and units.fmt_value(0.25, "pct_per_year") == "0.25%"
    assert units.fmt_value(308_500, "band_d_equivalents") == "308,500 Band D equivalents"
    assert units.fmt_value(38_500, "gbp_per_fte") == "£38,500 per FTE"
    assert units.fmt_value(178.47, "gbp_per_band_d") == "£178.47 per Band D"
    assert units.fmt_value(1_150, "fte") == "1,150 FTE" and units.fmt_value(12.5, "fte") == "12.5 FTE"
    assert units.fmt_value(None, "pct_per_year") == "none" and units.fmt_value(math.nan, "gbp_m") == "n/a"


def test_a_per_pound_of_band_d_figure_is_in_thousands():
    # example-2026: each £1 on Band D in 2026/27 raises 423,360 Band D equivalents x £1 = £423k.
    assert units.fmt_gbp_k(423_360) == "£423k"
    assert units.fmt_gbp_k(-100_000) == "-£100k"
    assert units.fmt_gbp_k(-400) == "£0k"
    assert units.fmt_gbp_k(1_234_567) == "£1,235k"
    assert units.fmt_gbp_k(math.nan) == "n/a"
