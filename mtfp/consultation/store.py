"""Consultation responses in a local SQLite database (standard library sqlite3).

One row per response: id, UTC timestamp, the consultation's title, the choices as JSON and
the browser's response token (a random string kept in the resident's URL, UNIQUE: one response
per token). No personal data is asked for or stored. Every response is checked against the
options file before it is stored (mtfp.consultation.budget.check_response): unknown options,
values out of range and budgets that do not balance are refused with a message. Each response is written in its own transaction
(BEGIN IMMEDIATE ... COMMIT), so a crash or an error mid-write leaves no partial row and
loses nothing already accepted. WAL mode lets the finance view read while residents write.

The database path comes from the environment variable MTFP_CONSULTATION_DB, default
consultation/responses.sqlite (keep it out of version control).
"""
from __future__ import annotations

import json
import os
import re
import secrets
import sqlite3
import threading
import time
from collections import deque
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from mtfp.consultation.budget import GapToClose, ResponseRefused, check_response
from mtfp.consultation.options import ConsultationOptions

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
# Databases from before the token column get it on first open (ALTER TABLE); their rows keep
# a NULL token, which UNIQUE allows any number of times.
_TOKEN_INDEX = "CREATE UNIQUE INDEX IF NOT EXISTS responses_token ON responses (token)"

# A response token: what secrets.token_urlsafe gives (URL-safe base64), 16 to 64 characters.
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


class DuplicateResponse(ResponseRefused):
    """A response has already been stored for this browser's token."""


def new_token() -> str:
    """A fresh random response token (128 bits, URL-safe)."""
    return secrets.token_urlsafe(16)


def valid_token(token) -> bool:
    return isinstance(token, str) and bool(TOKEN_PATTERN.match(token))


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
    _migrate(conn)
    return conn


def _columns(conn: sqlite3.Connection) -> list[str]:
    return [row[1] for row in conn.execute("PRAGMA table_info(responses)")]


def _migrate(conn: sqlite3.Connection) -> None:
    """Add the token column and its UNIQUE index to an older database (idempotent; under the
    write lock, so two processes opening the same old file do not both alter it)."""
    if "token" in _columns(conn):
        conn.execute(_TOKEN_INDEX)
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        if "token" not in _columns(conn):
            conn.execute("ALTER TABLE responses ADD COLUMN token TEXT")
        conn.execute(_TOKEN_INDEX)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _now_utc() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _check_written(conn: sqlite3.Connection, row_id: int, text: str) -> None:
    """Read the row back inside the transaction before committing it."""
    stored = conn.execute("SELECT choices FROM responses WHERE id = ?", (row_id,)).fetchone()
    if stored is None or stored[0] != text:
        raise sqlite3.IntegrityError(f"response {row_id} was not stored as written")


def record_response(consultation: str, choices: dict, path: str | os.PathLike | None = None,
                    submitted_utc: str | None = None, *, options: ConsultationOptions, gap: GapToClose,
                    token: str | None = None) -> int:
    """Check one response against the options and the gap, then append it in its own
    transaction; returns its id.

    Raises ResponseRefused (a ValueError) with a message for a response the options do not
    allow or that does not balance, DuplicateResponse when `token` already has a response,
    ValueError for a malformed token. On any error the transaction is rolled back: no partial
    row is ever left.
    """
    if token is not None and not valid_token(token):
        raise ValueError("the response token is malformed (expected 16 to 64 URL-safe characters)")
    text = json.dumps(check_response(options, gap, choices), sort_keys=True, allow_nan=False)
    with closing(connect(path)) as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            cursor = conn.execute(
                "INSERT INTO responses (submitted_utc, consultation, choices, token) VALUES (?, ?, ?, ?)",
                (submitted_utc or _now_utc(), consultation, text, token))
            _check_written(conn, cursor.lastrowid, text)
            conn.execute("COMMIT")
        except sqlite3.IntegrityError as exc:
            conn.execute("ROLLBACK")
            if "token" in str(exc):
                raise DuplicateResponse("a budget has already been submitted from this browser; "
                                        "only one response per resident is counted") from None
            raise
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return int(cursor.lastrowid)


def has_response(token: str, path: str | os.PathLike | None = None) -> bool:
    """Whether a response is stored for this token (reads nothing else)."""
    path = Path(path) if path is not None else db_path()
    if not valid_token(token) or not path.exists():
        return False
    with closing(connect(path)) as conn:
        return conn.execute("SELECT 1 FROM responses WHERE token = ?", (token,)).fetchone() is not None


class RateLimit:
    """At most `per_minute` accepted responses a minute in this server process (a sliding
    60-second window shared by every session; thread-safe). It slows a script hammering the
    public page; it does not tell residents apart."""

    def __init__(self, per_minute: int, clock=time.monotonic):
        self.per_minute = int(per_minute)
        self._clock = clock
        self._times: deque[float] = deque()
        self._lock = threading.Lock()

    def allow(self) -> bool:
        """Take one slot if one is free in the last 60 seconds; False when the limit is reached."""
        with self._lock:
            now = self._clock()
            while self._times and now - self._times[0] >= 60.0:
                self._times.popleft()
            if len(self._times) >= self.per_minute:
                return False
            self._times.append(now)
            return True

    def release(self) -> None:
        """Give back the last slot (the response was refused, so it does not count)."""
        with self._lock:
            if self._times:
                self._times.pop()


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
    return pd.DataFrame([(i, t, c, _loads(j)) for i, t, c, j in rows], columns=columns)


def _loads(text):
    """Stored choices as Python; None for a row whose JSON cannot be read (an old or damaged
    database): the summary reports such rows instead of failing on them."""
    try:
        return json.loads(text)
    except (TypeError, ValueError, RecursionError):
        return None
