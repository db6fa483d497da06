"""Responses in SQLite: one row per response in its own transaction; concurrent residents all
land; an error or a crash mid-write leaves the database readable with no partial row."""
from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import threading

import pytest

from mtfp.consultation import store

CHOICE = {"band_d_rise": 4.0, "savings": {"pcsos": 0.5}}


def test_a_response_is_one_row_with_choices_and_utc_time(db):
    row_id = store.record_response("Balance the budget", CHOICE)
    frame = store.read_responses()
    assert list(frame["id"]) == [row_id]
    assert frame.loc[0, "choices"] == CHOICE
    assert frame.loc[0, "submitted_utc"].endswith("+00:00")
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert [c[1] for c in conn.execute("PRAGMA table_info(responses)")] == [
            "id", "submitted_utc", "consultation", "choices"]


def test_database_path_comes_from_the_environment(db):
    assert store.db_path() == db


def test_read_filters_by_consultation_and_handles_no_database(tmp_path):
    path = tmp_path / "r.sqlite"
    assert store.read_responses(path).empty
    store.record_response("A", CHOICE, path)
    store.record_response("B", CHOICE, path)
    assert list(store.read_responses(path, consultation="B")["consultation"]) == ["B"]


def test_concurrent_submissions_from_several_threads_all_land(db):
    threads, per_thread = 8, 25
    errors: list[BaseException] = []

    def resident(n: int) -> None:
        try:
            for i in range(per_thread):
                store.record_response("Balance the budget", {"band_d_rise": float(n), "savings": {"i": i}})
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    workers = [threading.Thread(target=resident, args=(n,)) for n in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert errors == []
    frame = store.read_responses()
    assert len(frame) == threads * per_thread
    assert frame["id"].is_unique
    pairs = {(c["band_d_rise"], c["savings"]["i"]) for c in frame["choices"]}
    assert len(pairs) == threads * per_thread


def test_an_error_mid_transaction_leaves_no_partial_row(db, monkeypatch):
    store.record_response("Balance the budget", CHOICE)

    def fail(*args):  # the row is inserted, the transaction not yet committed
        raise RuntimeError("power cut")

    monkeypatch.setattr(store, "_check_written", fail)
    with pytest.raises(RuntimeError, match="power cut"):
        store.record_response("Balance the budget", {"band_d_rise": 99.0, "savings": {}})
    monkeypatch.undo()
    frame = store.read_responses(db)
    assert [c["band_d_rise"] for c in frame["choices"]] == [4.0]
    store.record_response("Balance the budget", CHOICE, db)  # still writable
    assert len(store.read_responses(db)) == 2


def test_a_process_killed_mid_write_loses_only_its_own_response(db):
    store.record_response("Balance the budget", CHOICE)
    # A child process inserts a row and dies (os._exit) before COMMIT.
    child = textwrap.dedent(f"""
        import os
        from mtfp.consultation import store
        def die(*args):
            os._exit(3)
        store._check_written = die
        store.record_response("Balance the budget", {{"band_d_rise": 99.0, "savings": {{}}}}, {str(db)!r})
    """)
    done = subprocess.run([sys.executable, "-c", child], timeout=60)
    assert done.returncode == 3
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    frame = store.read_responses(db)
    assert [c["band_d_rise"] for c in frame["choices"]] == [4.0]


def test_choices_must_be_plain_json(db):
    with pytest.raises(ValueError):
        store.record_response("Balance the budget", {"band_d_rise": float("nan")})
    assert store.read_responses().empty
