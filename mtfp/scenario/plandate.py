"""The plan date: the one date printed on a scenario's pack, charts and workbook footer.

A scenario's date is, in order:
1. the date of the latest entry in its change log (`changes[].when`, ISO 8601 as mtfp writes it,
   or "1 Dec 2026 14:05"), because an edited plan is dated by its last edit;
2. else the modification date of the scenario file it was read from;
3. else today (a scenario built in memory).
It is shown as "Plan date: 1 December 2026".
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

_WRITTEN = ("%d %b %Y %H:%M", "%d %B %Y %H:%M", "%d %b %Y", "%d %B %Y")


def _change_date(when) -> dt.date | None:
    """The date of one change-log entry, or None when it cannot be read as a date."""
    if isinstance(when, dt.datetime):
        return when.date()
    if isinstance(when, dt.date):
        return when
    text = str(when or "").strip()
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    for fmt in _WRITTEN:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def plan_date(scenario, path: str | Path | None = None) -> dt.date:
    """The scenario's own date (see the module docstring for the order of preference)."""
    dates = [d for d in (_change_date(c.when) for c in getattr(scenario, "changes", []) or []) if d]
    if dates:
        return max(dates)
    if path is not None:
        try:
            return dt.date.fromtimestamp(Path(path).stat().st_mtime)
        except OSError:
            pass
    return dt.date.today()


def date_text(date: dt.date) -> str:
    """1 December 2026 (no leading zero), as a finance reader writes it."""
    return f"{date.day} {date:%B %Y}"


def plan_date_text(date: dt.date) -> str:
    return f"Plan date: {date_text(date)}"
