"""Published per-force figures (package data mtfp/data/forces/) and a scenario to start from.

The files are copied as published (see mtfp/data/forces/SOURCES.md): 2025/26 core grant for all
43 forces, 2025/26 precept for 41 (Welsh rows are 2026/27 and are not used as 2025/26), Band D
2024/25-2026/27 with a status, officer FTE at 31 March 2025 and 2026, the 2015 workforce. Every
file is keyed by PFA code through one alias table (aliases.csv).

`force_scenario(name)` builds a scenario mapping for a force: every published figure with its
source, national rules left to inheritance, neutral settings elsewhere, and every figure the
data does not hold as a placeholder `{value, source: estimate, note: why}`.
"""
from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache

from mtfp import timeline
from mtfp.data import data_path
from mtfp.scenario.national import load_rules

SUPPORTED_BASE_YEARS = ("2025/26",)
NOT_HELD = "not published in the shipped data: enter your force's figure"

PGR_2025 = "https://www.gov.uk/government/publications/police-grant-report-england-and-wales-2025-to-2026"
FUNDING_STATS = "https://www.gov.uk/government/statistics/police-funding-for-england-and-wales-2015-to-2026"
WORKFORCE = "https://www.gov.uk/government/collections/police-workforce-england-and-wales"


def _rows(name: str) -> list[dict[str, str]]:
    with data_path("forces", name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def normalise(name: str) -> str:
    """A force name reduced for matching: case, '&'/'and', 'Police', 'Constabulary', punctuation and word order ignored."""
    words = re.sub(r"[^a-z0-9 ]", " ", name.lower().replace("&", " and ")).split()
    drop = {"and", "police", "constabulary", "service", "force", "the", "of"}
    return " ".join(sorted(w for w in words if w not in drop))


@dataclass(frozen=True)
class Force:
    """One force's published figures (None where the shipped data has none)."""

    code: str
    name: str
    nation: str
    core_grant_2025_26: float
    precept_2025_26: float | None
    precept_note: str
    band_d: dict[str, tuple[float | None, str, str, str]] = field(default_factory=dict)  # year -> (value, status, sources, note)
    officers_fte_31mar2025: float = 0.0
    officers_fte_31mar2026: float = 0.0
    workforce_2015: dict[str, float] = field(default_factory=dict)
    tax_base_derived: tuple[str, float] | None = None  # (year, Band D equivalents), derived in the shipped data


@lru_cache(maxsize=1)
def _aliases() -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """(normalised alias -> PFA code, PFA code -> (display name, nation))."""
    by_alias, by_code = {}, {}
    for row in _rows("aliases.csv"):
        by_alias[normalise(row["name"])] = row["pfa_code"]
        by_code.setdefault(row["pfa_code"], (row["name"], row["nation"]))
    return by_alias, by_code


def code_for(name: str) -> str | None:
    return _aliases()[0].get(normalise(name))


def closest_names(name: str, n: int = 5) -> list[str]:
    by_alias, by_code = _aliases()
    matches = difflib.get_close_matches(normalise(name), list(by_alias), n=n * 2, cutoff=0.4)
    names = []
    for alias in matches:
        display = by_code[by_alias[alias]][0]
        if display not in names:
            names.append(display)
    return names[:n]


def _keyed(file: str, column: str = "force") -> dict[str, dict[str, str]]:
    out = {}
    for row in _rows(file):
        code = code_for(row[column])
        if code is None:
            raise ValueError(f"{file}: force {row[column]!r} is not in aliases.csv")
        out[code] = row
    return out


def _number(text: str | None) -> float | None:
    return float(text) if text not in (None, "") else None


@lru_cache(maxsize=1)
def all_forces() -> dict[str, Force]:
    """Every force's published figures, by PFA code (43 forces)."""
    grant = _keyed("police-grant-report-2025-26-overall-total.csv")
    precept = _keyed("police-precept-2025-26-partial.csv")
    band_d = _keyed("police-band-d-precept-2024-25-to-2026-27.csv")
    fte_2025 = _keyed("police-officers-fte-31mar2025.csv")
    fte_2026 = _keyed("police-officers-fte-31mar2010-and-2026-rounded.csv")
    wf_2015 = _keyed("police-workforce-2015-home-office.csv", "force_name_as_published")
    tax_base = _keyed("police-tax-base-band-d-equivalents-derived.csv")
    forces = {}
    for code, (name, nation) in _aliases()[1].items():
        p = precept[code]
        note = p.get("note") or ""
        # Welsh rows hold 2026/27 precepts (SOURCES.md): never used as 2025/26.
        precept_2025 = None if "2026/27 figure" in note else _number(p["council_tax_precept_2025_26_gbp"])
        bd = band_d[code]
        bands = {year: (_number(bd[f"band_d_{year.replace('/', '_')}_gbp"]), bd[f"status_{year.replace('/', '_')}"],
                        bd["sources"], bd["note"]) for year in ("2024/25", "2025/26", "2026/27")}
        wf = wf_2015[code]
        forces[code] = Force(
            code=code, name=name, nation=nation,
            core_grant_2025_26=float(grant[code]["pgr_2025_26_overall_total_gbp"]),
            precept_2025_26=precept_2025, precept_note=note, band_d=bands,
            officers_fte_31mar2025=float(fte_2025[code]["police_officers_fte_31mar2025"]),
            officers_fte_31mar2026=float(fte_2026[code]["police_officers_fte_31mar2026_rounded"]),
            workforce_2015={k: float(v) for k, v in wf.items() if k != "force_name_as_published" and v != ""},
            tax_base_derived=None if not tax_base[code]["tax_base_band_d_equivalents_derived"] else
            (tax_base[code]["year"], float(tax_base[code]["tax_base_band_d_equivalents_derived"])),
        )
    return forces


def find_force(name: str) -> Force:
    """The force called `name` (forgiving spelling), or ValueError listing the closest names."""
    code = code_for(name) or (name.upper() if name.upper() in all_forces() else None)
    if code is None:
        close = closest_names(name)
        hint = f"; closest: {', '.join(close)}" if close else ""
        raise ValueError(f"no force called {name!r} in the shipped data{hint}")
    return all_forces()[code]


# --- the scenario -------------------------------------------------------------------------------

def estimate(value: float, reason: str = NOT_HELD) -> dict:
    return {"value": value, "source": "estimate", "note": reason}


def _illustrative(value, note: str | None = None) -> dict:
    d = {"value": value, "source": "illustrative"}
    if note:
        d["note"] = note
    return d


def _first_url(sources: str) -> str:
    first = sources.split(";")[0].strip().split(" ")[0]
    return first if first.startswith("http") else f"https://{first}"


def _national_band_d_average(year: str) -> float:
    stated = [f.band_d[year][0] for f in all_forces().values() if f.nation == "england" and f.band_d[year][1] == "stated"]
    return round(sum(stated) / len(stated), 2)


def _precept_to_grant_ratio() -> float:
    both = [f for f in all_forces().values() if f.precept_2025_26]
    return sum(f.precept_2025_26 for f in both) / sum(f.core_grant_2025_26 for f in both)


# Placeholder pay figures: not force data, so estimates the force must replace.
SALARY = {"police_officers": 48_000, "police_staff": 33_000, "pcsos": 30_000}
LGPS_RATE = 18.8  # an LGPS fund average (set per fund): a placeholder


def force_scenario(name: str, base_year: str = "2025/26", projected_years: int = 5) -> dict:
    """A scenario mapping for the named force (validate it with mtfp.scenario.validate).

    Published figures carry their source; missing ones are `source: estimate` placeholders
    with the reason. The base year is balanced through the non-pay placeholder where the
    figures allow (see `balance_base_year`).
    """
    if base_year not in SUPPORTED_BASE_YEARS:
        raise ValueError(f"base year {base_year!r}: the shipped force data is for {', '.join(SUPPORTED_BASE_YEARS)}")
    force = find_force(name)
    welsh = force.nation == "wales"
    rules = load_rules(force.nation)
    grants = {
        "core_grant": {
            "name": "Core grant (Police Main Grant, ex-DCLG Formula Funding, Legacy Council Tax Grants"
                    + (", Welsh Top-Up)" if welsh else ")"),
            "base": {"value": force.core_grant_2025_26 / 1e6, "source": {
                "title": "Police Grant Report (England and Wales) 2025-26, per-force Overall Total "
                         "(third-party transcription: isthisben/cbl-realcrime, data/raw/police-grant-2025-26.csv)",
                "url": PGR_2025},
                "note": "Home Office, laid 5 February 2025. Excludes specific grants (pension grant, NI compensation, "
                        "ring-fenced grants)." + (" Excludes the Welsh Government's share, paid outside the report." if welsh else "")},
            "csr_applies": True,
        },
    }
    if welsh:
        grants["welsh_government"] = {
            "name": "Welsh Government funding (revenue support grant and NDR share for policing)",
            "base": estimate(0.0, "not in the shipped data (paid outside the Police Grant Report): enter your force's "
                                  "Welsh Government funding for 2025/26"),
            "csr_applies": False, "cash_change": _illustrative(0.0, "Held at flat cash until you enter the settlement."),
        }

    # Band D and tax base: precept = tax base x Band D, so the derived tax base reproduces the precept.
    bd_value, bd_status, bd_sources, bd_note = force.band_d[base_year]
    if bd_value is not None and bd_status == "stated":
        band_d = {"value": bd_value, "source": {"title": f"Band D police precept {base_year}: stated ({bd_sources.split(';')[0].strip()})",
                                               "url": _first_url(bd_sources)},
                  "note": "Compiled from council and PCC pages; check against MHCLG's council-tax tables (StatsWales for Wales)."}
    elif bd_value is not None:
        band_d = estimate(bd_value, f"Band D {base_year} is {bd_status} in the shipped data ({bd_note or bd_sources}): "
                                    "confirm your force's figure")
    else:
        bd_value = _national_band_d_average(base_year)
        band_d = estimate(bd_value, f"{NOT_HELD} (placeholder: the average stated English Band D {base_year}, £{bd_value:.2f})")
    if force.precept_2025_26 is not None:
        tax_base = estimate(force.precept_2025_26 / bd_value,
                            f"derived: 2025/26 precept £{force.precept_2025_26:,.0f} (Home Office police funding statistics, "
                            f"Table 4a, via third-party transcription; {FUNDING_STATS}) / Band D £{bd_value:.2f}: "
                            "confirm with your billing authorities' tax base")
    elif force.tax_base_derived is not None:
        year, value = force.tax_base_derived
        tax_base = estimate(value, f"{NOT_HELD} (no 2025/26 precept in the shipped data; placeholder: the tax base derived "
                                   f"from the {year} precept and Band D)")
    else:
        why = force.precept_note or "no 2025/26 precept in the shipped data"
        guess = force.core_grant_2025_26 * _precept_to_grant_ratio() / bd_value
        tax_base = estimate(max(guess, 1_000.0), f"{NOT_HELD} ({why}; placeholder scaled from the national precept-to-grant ratio)")

    if welsh:
        rise = {"band_d_rise_pct": _illustrative(5.0, "A planning assumption: Welsh PCCs have no referendum principle.")}
    else:
        projected = timeline.year_labels(base_year, projected_years)[1:]
        limits = {y: rules.figure(y, "referendum_principle") for y in projected}
        rise = {"band_d_rise_gbp": _illustrative({y: (f.value if f.kind == "gbp" else 0.0) for y, f in limits.items()},
                                                 "Assumed at the referendum principle each year (national rules table).")}

    wf = force.workforce_2015
    staff_reason = ("the Home Office figure at 31 March 2015 (the shipped data has no later police staff FTE): "
                    "enter your force's current FTE")
    officers = {
        "name": "Police officers",
        "fte": {"value": force.officers_fte_31mar2026, "source": {
            "title": "Police officer FTE at 31 March 2026, rounded (Home Office police workforce open data, via "
                     "third-party derivation SGilr/justice-pipeline data/forces.json)", "url": WORKFORCE},
            "note": f"FTE at 31 March 2025: {force.officers_fte_31mar2025:,.2f} (Home Office open data)."},
        "salary": estimate(SALARY["police_officers"], f"{NOT_HELD} (average officer salary; placeholder)"),
        "attrition_rate": _illustrative(6.0), "recruitment": "replace_leavers",
        "redundancy_cost": _illustrative(0, "Police officers cannot be made redundant."),
        "drift": _illustrative(1.0),
    }
    groups = {"police_officers": officers}
    for gid, label, column, attrition in (("police_staff", "Police staff", "police_staff_fte_31mar2015", 9.0),
                                           ("pcsos", "PCSOs", "pcso_fte_31mar2015", 12.0)):
        groups[gid] = {
            "name": label,
            "fte": estimate(wf[column], staff_reason),
            "salary": estimate(SALARY[gid], f"{NOT_HELD} (average salary; placeholder)"),
            "attrition_rate": _illustrative(attrition), "recruitment": "replace_leavers",
            "redundancy_cost": _illustrative(30_000 if gid == "police_staff" else 25_000),
            "drift": _illustrative(0.5),
            "employer_pension_rate": estimate(LGPS_RATE, f"{NOT_HELD} (LGPS employer rate, set by your pension fund; placeholder)"),
        }

    data = {
        "schema_version": 1,
        "nation": force.nation,
        "name": f"{force.name} {base_year}",
        "description": f"{force.name} ({force.code}), started from the published figures shipped with mtfp. "
                       "Figures marked `source: estimate` are placeholders awaiting the force's own figure.",
        "base_year": base_year,
        "projected_years": projected_years,
        "funding": {
            "grants": grants,
            "specific_grants": {"specific_grants": {
                "name": "Specific grants (pension grant, NI compensation, Neighbourhood Policing Grant ...)",
                "base": estimate(0.0, f"{NOT_HELD} (specific grants paid outside the core grant)"),
                "cash_change": _illustrative(0.0)}},
            "spending_review": {"real_terms_cut": _illustrative(0.0), "over_years": 1, "profile": "flat_cash"},
            "other_income": {"base": estimate(0.0, f"{NOT_HELD} (fees, charges and other local income)"),
                             "growth": _illustrative(2.0)},
        },
        "precept": {"tax_base": tax_base, "tax_base_growth": _illustrative(1.0), "band_d": band_d, **rise},
        "workforce": {"officer_group": "police_officers", "groups": groups},
        "non_pay": {"lines": {"non_pay": {"name": "Non-pay (premises, transport, supplies, ICT, third parties)",
                                          "base": estimate(0.0, f"{NOT_HELD} (non-pay budget)"),
                                          "inflation": _illustrative(2.5)}},
                    "capital_financing": estimate(0.0, f"{NOT_HELD} (capital financing: MRP, interest, revenue contributions)")},
        "savings": {"count_in_gap": "risk_adjusted"},
        "reserves": {"general_opening": estimate(0.0, f"{NOT_HELD} (general reserve at the start of the base year)"),
                     "minimum_pct": _illustrative(3.0, "A typical policy minimum (2-5% of budget)."),
                     "fund_gap_from_reserves": True},
    }
    return balance_base_year(data)


NON_PAY_SHARE_OF_PAY = 0.25  # pay is typically about 80% of a force's spending


def balance_base_year(data: dict) -> dict:
    """Fill the balancing placeholders so the base year's spending equals its funding.

    England: grant and precept are published, so the non-pay placeholder is the rest of the
    funding after pay. Wales: the Welsh Government share is not published either, so non-pay is
    a quarter of pay and the Welsh Government placeholder the balance. Where pay alone exceeds
    the published funding, non-pay stays 0 and the base year shows the gap. The general reserve
    placeholder is 5% of base-year funding.
    """
    import mtfp
    from mtfp.scenario.files import validate

    p = mtfp.run(validate(data, data["name"]))
    gap = float(p["funding_gap"][0, 0])
    line = data["non_pay"]["lines"]["non_pay"]["base"]
    welsh = "welsh_government" in data["funding"]["grants"]
    if welsh:
        pay = sum(float(p[f"pay_{g}"][0, 0]) for g in data["workforce"]["groups"])
        non_pay = NON_PAY_SHARE_OF_PAY * pay
        wg = data["funding"]["grants"]["welsh_government"]["base"]
        wg["value"] = round(max(0.0, gap + non_pay) / 1e6, 6)
        wg["note"] += " (placeholder set so the base year balances with the pay and non-pay placeholders)"
        line["note"] = f"{NOT_HELD} (non-pay budget; placeholder: a quarter of the pay placeholders)"
    else:
        non_pay = max(0.0, -gap)
        line["note"] = (f"{NOT_HELD} (non-pay budget; placeholder set so the base year balances: published funding less pay"
                        + ("" if gap <= 0 else "; the pay placeholders alone exceed funding, so the base year does not balance") + ")")
    line["value"] = round(non_pay / 1e6, 6)
    base = mtfp.run(validate(data, data["name"]))  # all the base year's funding: general and specific grants, income
    funding = float(base["total_funding"][0, 0] + base["specific_grants_and_income"][0, 0])
    data["reserves"]["general_opening"]["value"] = round(0.05 * funding / 1e6, 3)
    data["reserves"]["general_opening"]["note"] = f"{NOT_HELD} (general reserve; placeholder: 5% of base-year funding)"
    return data
