"""Consultation responses in a local SQLite database (standard library sqlite3).

One row per response: id, UTC timestamp, the consultation's title and the choices as JSON.
No personal data is asked for or stored. Each response is written in its own transaction
(BEGIN IMMEDIATE ... COMMIT), so a crash or an error mid-write leaves no partial row and
loses nothing already accepted. WAL mode lets the finance view read while residents write.

The database path comes from the environment variable MTFP_CONSULTATION_DB, default
consultation/responses.sqlite (keep it out of version control).
"""
from __future__ import annotations

import json
import os
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

DB_ENV = "MTFP_CONSULTATION_DB"
DEFAULT_DB = Path("consultation/responses.sqlite")
BUSY_TIMEOUT_S = 30.0  # concurrent residents queue for the write lock rather than fail

_SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    submitted_utc TEXT NOT NULL,
    consultation TEXT NOT NULL,
    choices TEXT NOT NULL CHECK (json_valid(choices))
)
"""


def db_path() -> Path:
    """Where responses are stored: $MTFP_CONSULTATION_DB or consultation/responses.sqlite."""
    return Path(os.environ.get(DB_ENV) or DEFAULT_DB)


def connect(path: str | os.PathLike | None = None) -> sqlite3.Connection:
    """Open (creating if needed) the responses database in WAL mode. The caller closes it."""
    path = Path(path) if path is not None else db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    # isolation_level=None: we issue BEGIN/COMMIT ourselves, one transaction per response.
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")  # an accepted response survives a power cut
    conn.execute(_SCHEMA)
    return conn


def _now_utc() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _check_written(conn: sqlite3.Connection, row_id: int, text: str) -> None:
    """Read the row back inside the transaction before committing it."""
    stored = conn.execute("SELECT choices FROM responses WHERE id = ?", (row_id,)).fetchone()
    if stored is None or stored[0] != text:
        raise sqlite3.IntegrityError(f"response {row_id} was not stored as written")


def record_response(consultation: str, choices: dict, path: str | os.PathLike | None = None,
                    submitted_utc: str | None = None) -> int:
    """Append one response in its own transaction; returns its id. On any error the
    transaction is rolled back and the error raised: no partial row is ever left."""
    text = json.dumps(choices, sort_keys=True, allow_nan=False)
    with closing(connect(path)) as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            cursor = conn.execute(
                "INSERT INTO responses (submitted_utc, consultation, choices) VALUES (?, ?, ?)",
                (submitted_utc or _now_utc(), consultation, text))
            _check_written(conn, cursor.lastrowid, text)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return int(cursor.lastrowid)


def read_responses(path: str | os.PathLike | None = None, consultation: str | None = None) -> pd.DataFrame:
    """All responses (optionally of one consultation): id, submitted_utc, consultation, choices (dict)."""
    path = Path(path) if path is not None else db_path()
    columns = ["id", "submitted_utc", "consultation", "choices"]
    if not path.exists():
        return pd.DataFrame(columns=columns)
    with closing(connect(path)) as conn:
        sql, args = "SELECT id, submitted_utc, consultation, choices FROM responses", ()
        if consultation is not None:
            sql, args = sql + " WHERE consultation = ?", (consultation,)
        rows = conn.execute(sql + " ORDER BY id", args).fetchall()
    return pd.DataFrame([(i, t, c, json.loads(j)) for i, t, c, j in rows], columns=columns)
