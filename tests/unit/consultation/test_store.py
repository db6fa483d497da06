"""Responses in SQLite: one row per response in its own transaction; concurrent residents all
land; an error or a crash mid-write leaves the database readable with no partial row.

Every response here closes the default scenario's 2019/20 gap (about £3.4m): holding 40
officer vacancies (£2.0m), closing four front counters (£1.0m), the vehicle fleet review (£0.3m)
and the dog section (£0.25m)."""
from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import threading

import pytest

from mtfp.consultation import store
from mtfp.consultation.budget import clean_choices, gap_to_close
from tests.conftest import OPTIONS

BALANCED = {"officer_vacancies": True, "front_counters": True, "vehicle_fleet": True, "dog_section": True}


@pytest.fixture(scope="module")
def check(consultation, projection):
    """What record_response checks each response against: the options and the gap."""
    return {"options": consultation.options, "gap": gap_to_close(consultation, projection)}


@pytest.fixture(scope="module")
def choice(consultation):
    return clean_choices(consultation.options, 4, BALANCED)


def test_a_response_is_one_row_with_choices_and_utc_time(db, check, choice):
    row_id = store.record_response("Balance the budget", choice, **check)
    frame = store.read_responses()
    assert list(frame["id"]) == [row_id]
    assert frame.loc[0, "choices"] == choice
    assert frame.loc[0, "choices"]["savings"]["front_counters"] == 1.0
    assert frame.loc[0, "submitted_utc"].endswith("+00:00")
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert [c[1] for c in conn.execute("PRAGMA table_info(responses)")] == [
            "id", "submitted_utc", "consultation", "choices", "token"]


def test_database_path_comes_from_the_environment(db):
    assert store.db_path() == db


def test_read_filters_by_consultation_and_handles_no_database(tmp_path, check, choice):
    path = tmp_path / "r.sqlite"
    assert store.read_responses(path).empty
    store.record_response("A", choice, path, **check)
    store.record_response("B", choice, path, **check)
    assert list(store.read_responses(path, consultation="B")["consultation"]) == ["B"]


def test_concurrent_submissions_from_several_threads_all_land(db, check, consultation):
    threads, per_thread = 8, 25
    errors: list[BaseException] = []
    rises = consultation.options.precept.band_d_rises

    def resident(n: int) -> None:
        try:
            for i in range(per_thread):
                store.record_response("Balance the budget",
                                      clean_choices(consultation.options, rises[n % len(rises)], BALANCED), **check,
                                      token=f"resident-{n:02d}-{i:04d}-abc")
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
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(DISTINCT token) FROM responses").fetchone()[0] == threads * per_thread


def test_an_error_mid_transaction_leaves_no_partial_row(db, monkeypatch, check, choice, consultation):
    store.record_response("Balance the budget", choice, **check)

    def fail(*args):  # the row is inserted, the transaction not yet committed
        raise RuntimeError("power cut")

    monkeypatch.setattr(store, "_check_written", fail)
    with pytest.raises(RuntimeError, match="power cut"):
        store.record_response("Balance the budget", clean_choices(consultation.options, 10, BALANCED), **check)
    monkeypatch.undo()
    frame = store.read_responses(db)
    assert [c["band_d_rise"] for c in frame["choices"]] == [4.0]
    store.record_response("Balance the budget", choice, db, **check)  # still writable
    assert len(store.read_responses(db)) == 2


def test_a_process_killed_mid_write_loses_only_its_own_response(db, check, choice):
    store.record_response("Balance the budget", choice, **check)
    # A child process inserts a row and dies (os._exit) before COMMIT.
    child = textwrap.dedent(f"""
        import os
        import mtfp
        from mtfp.consultation import store
        from mtfp.consultation.budget import clean_choices, gap_to_close
        from mtfp.consultation.options import load_consultation
        consultation = load_consultation({str(OPTIONS)!r})
        gap = gap_to_close(consultation, mtfp.run(consultation.scenario))
        def die(*args):
            os._exit(3)
        store._check_written = die
        choice = clean_choices(consultation.options, 10, {BALANCED!r})
        store.record_response("Balance the budget", choice, {str(db)!r}, options=consultation.options, gap=gap)
    """)
    done = subprocess.run([sys.executable, "-c", child], timeout=60)
    assert done.returncode == 3
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    frame = store.read_responses(db)
    assert [c["band_d_rise"] for c in frame["choices"]] == [4.0]


def test_choices_must_be_plain_json(db, check):
    with pytest.raises(ValueError):
        store.record_response("Balance the budget", {"band_d_rise": float("nan"), "savings": {}}, **check)
    assert store.read_responses().empty
