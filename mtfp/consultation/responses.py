"""The finance view of consultation responses: how many, how each choice was distributed,
the average precept rise chosen, and the responses as CSV/XLSX. Pure functions of the
responses table (store.read_responses) and the options file.
"""
from __future__ import annotations

import io

import numpy as np
import pandas as pd

from mtfp.consultation.options import ConsultationOptions


def responses_wide(responses: pd.DataFrame, options: ConsultationOptions) -> pd.DataFrame:
    """One row per response: id, submitted_utc, band_d_rise (£), then one column per savings
    option (£m chosen; 0 = not chosen), in the options file's order."""
    ids = [o.id for o in options.savings]
    rows = [
        {"id": r.id, "submitted_utc": r.submitted_utc, "band_d_rise": float(r.choices.get("band_d_rise", np.nan)),
         **{i: float(r.choices.get("savings", {}).get(i, 0.0)) for i in ids}}
        for r in responses.itertuples()
    ]
    return pd.DataFrame(rows, columns=["id", "submitted_utc", "band_d_rise", *ids])


def summary(responses: pd.DataFrame, options: ConsultationOptions) -> dict:
    """count, average_band_d_rise (£, NaN with no responses), precept_distribution
    (rise -> count, every allowed rise present) and savings_distribution (a DataFrame:
    option id, name, chosen (count choosing any of it), share, average_chosen £m)."""
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
    }


def responses_csv(responses: pd.DataFrame, options: ConsultationOptions) -> str:
    """The responses as CSV (one row per response, full precision)."""
    return responses_wide(responses, options).to_csv(index=False, lineterminator="\n")


def responses_xlsx(responses: pd.DataFrame, options: ConsultationOptions) -> bytes:
    """Workbook with sheets Responses, Precept, Savings."""
    result = summary(responses, options)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter") as writer:
        responses_wide(responses, options).to_excel(writer, sheet_name="Responses", index=False)
        pd.DataFrame({"band_d_rise": list(result["precept_distribution"]),
                      "responses": list(result["precept_distribution"].values())}
                     ).to_excel(writer, sheet_name="Precept", index=False)
        result["savings_distribution"].to_excel(writer, sheet_name="Savings", index=False)
    return buffer.getvalue()
