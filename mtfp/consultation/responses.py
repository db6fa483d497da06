"""The finance view of consultation responses: how many, how each choice was distributed,
the average precept rise chosen, and the responses as CSV/XLSX. Pure functions of the
responses table (store.read_responses) and the options file.

A row the options file does not allow (an unknown option, a value out of range, unreadable
JSON: possible in a database written before responses were checked on the way in) is left
out of every figure and export and reported by id (`malformed`).
"""
from __future__ import annotations

import io

import numpy as np
import pandas as pd

from mtfp.consultation.budget import ResponseRefused, valid_choices
from mtfp.consultation.options import ConsultationOptions
from mtfp.outputs import safe


def split_valid(responses: pd.DataFrame, options: ConsultationOptions) -> tuple[list[tuple], dict[int, str]]:
    """(valid rows as (id, submitted_utc, cleaned choices), {id: why refused} for the rest)."""
    valid, malformed = [], {}
    for r in responses.itertuples():
        try:
            valid.append((r.id, r.submitted_utc, valid_choices(options, r.choices)))
        except ResponseRefused as exc:
            malformed[int(r.id)] = str(exc)
    return valid, malformed


def responses_wide(responses: pd.DataFrame, options: ConsultationOptions) -> pd.DataFrame:
    """One row per valid response: id, submitted_utc, band_d_rise (£), then one column per
    savings option (£m chosen; 0 = not chosen), in the options file's order."""
    ids = [o.id for o in options.savings]
    valid, _ = split_valid(responses, options)
    rows = [{"id": i, "submitted_utc": t, "band_d_rise": c["band_d_rise"], **{k: c["savings"][k] for k in ids}}
            for i, t, c in valid]
    return pd.DataFrame(rows, columns=["id", "submitted_utc", "band_d_rise", *ids])


def summary(responses: pd.DataFrame, options: ConsultationOptions) -> dict:
    """count (valid responses), average_band_d_rise (£, NaN with no responses),
    precept_distribution (rise -> count, every allowed rise present), savings_distribution (a
    DataFrame: option id, name, chosen (count choosing any of it), share, average_chosen £m)
    and malformed ({id: why} of rows left out)."""
    _, malformed = split_valid(responses, options)
    wide = responses_wide(responses, options)
    n = len(wide)
    rises = options.precept.band_d_rises
    precept_counts = {r: int((wide["band_d_rise"] == r).sum()) for r in rises}
    rows = []
    for o in options.savings:
        values = wide[o.id].to_numpy(dtype=float)
        chosen = int((values > 0).sum())
        rows.append({"option": o.id, "name": o.name, "chosen": chosen, "share": chosen / n if n else np.nan,
                     "average_chosen_gbp_m": float(values.mean()) if n else np.nan,
                     "full_saving_gbp_m": o.full_saving})
    return {
        "count": n,
        "average_band_d_rise": float(wide["band_d_rise"].mean()) if n else float("nan"),
        "precept_distribution": precept_counts,
        "savings_distribution": pd.DataFrame(rows),
        "malformed": malformed,
    }


def responses_csv(responses: pd.DataFrame, options: ConsultationOptions) -> str:
    """The responses as CSV (one row per response, full precision)."""
    return safe.to_csv(responses_wide(responses, options))


def responses_xlsx(responses: pd.DataFrame, options: ConsultationOptions) -> bytes:
    """Workbook with sheets Responses, Precept, Savings (text written as text, never a formula)."""
    result = summary(responses, options)
    buffer = io.BytesIO()
    with safe.excel_writer(buffer) as writer:
        safe.excel_frame(responses_wide(responses, options)).to_excel(writer, sheet_name="Responses", index=False)
        pd.DataFrame({"band_d_rise": list(result["precept_distribution"]),
                      "responses": list(result["precept_distribution"].values())}
                     ).to_excel(writer, sheet_name="Precept", index=False)
        safe.excel_frame(result["savings_distribution"]).to_excel(writer, sheet_name="Savings", index=False)
    return buffer.getvalue()
