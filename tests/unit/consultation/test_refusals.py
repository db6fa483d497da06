"""The store refuses what the options file does not allow, one response per browser token, a
rate limit per server process, and an older database (no token column, rows stored before
responses were checked) is migrated and summarised without crashing.

The default scenario's 2019/20 gap is about £3.4m: holding 40 officer vacancies (£2.0m),
closing four front counters (£1.0m), the vehicle fleet review (£0.3m) and the dog section
(£0.25m) close it; the vacancies alone do not.
"""
from __future__ import annotations

import json
import re
import sqlite3

import pytest

from mtfp.consultation import store
from mtfp.consultation.budget import ResponseRefused, clean_choices, gap_to_close
from mtfp.consultation.responses import responses_csv, summary

BALANCED = {"officer_vacancies": 2.0, "front_counters": 1.0, "vehicle_fleet": 0.3, "dog_section": 0.25}
TOKEN = "Zm9yLXRoZS10ZXN0LW9ubHk"


@pytest.fixture(scope="module")
def check(consultation, projection):
    return {"options": consultation.options, "gap": gap_to_close(consultation, projection)}


@pytest.mark.parametrize("choices, why", [
    ({"band_d_rise": 0.0, "savings": {**BALANCED, "police_helicopter": 5.0}}, "unknown savings options: police_helicopter"),
    ({"band_d_rise": 3.0, "savings": BALANCED}, "band_d_rise 3.0 is not one of the options"),
    ({"band_d_rise": 0.0, "savings": {**BALANCED, "pcsos": 99.0}}, "pcsos: £99m is outside £0m to £1.5m"),
    ({"band_d_rise": 0.0, "savings": {"officer_vacancies": 2.0, "front_counters": 0.5}}, "front_counters: on/off"),
    ({"band_d_rise": 0.0, "savings": {**BALANCED, "pcsos": "1.0"}}, "savings.pcsos: must be a number"),
    ({"band_d_rise": True, "savings": BALANCED}, "band_d_rise must be a number"),
    ({"band_d_rise": 0.0, "savings": BALANCED, "name": "Jo"}, "unknown fields: name"),
    ({"band_d_rise": 0.0, "savings": [2.0, 1.0]}, "savings must be a mapping"),
    (["band_d_rise", 0.0], "a response must be a mapping"),
    ({"band_d_rise": 0.0, "savings": {"officer_vacancies": 2.0}}, "the budget does not balance: £1,422,496 of the gap is still to find"),
    ({"band_d_rise": 0.0, "savings": {**BALANCED, "pcsos": float("inf")}}, "savings.pcsos: must be a number"),
])
def test_a_response_the_options_do_not_allow_is_refused_and_not_stored(db, check, choices, why):
    with pytest.raises(ResponseRefused, match=re.escape(why)):
        store.record_response("Balance the budget", choices, **check)
    assert store.read_responses().empty


def test_a_balanced_response_is_stored_cleaned(db, check):
    store.record_response("Balance the budget", {"band_d_rise": 0, "savings": BALANCED}, **check)
    stored = store.read_responses().loc[0, "choices"]
    assert stored["band_d_rise"] == 0.0 and stored["savings"]["front_counters"] == 1.0
    assert stored["savings"]["pcsos"] == 0.0 and set(stored["savings"]) == {o.id for o in check["options"].savings}


def test_a_second_response_with_the_same_token_is_refused(db, check, consultation):
    store.record_response("Balance the budget", {"band_d_rise": 0.0, "savings": BALANCED}, **check, token=TOKEN)
    assert store.has_response(TOKEN) and not store.has_response(store.new_token())
    again = clean_choices(consultation.options, 10, {"officer_vacancies": True, "front_counters": True})
    with pytest.raises(store.DuplicateResponse, match="already been submitted from this browser"):
        store.record_response("Balance the budget", again, **check, token=TOKEN)
    assert [c["band_d_rise"] for c in store.read_responses()["choices"]] == [0.0]


@pytest.mark.parametrize("token", ["short", "x" * 65, "has space in it 12345", "'; DROP TABLE responses; --"])
def test_a_malformed_token_is_refused(db, check, token):
    with pytest.raises(ValueError, match="token is malformed"):
        store.record_response("Balance the budget", {"band_d_rise": 0.0, "savings": BALANCED}, **check, token=token)
    assert store.read_responses().empty and not store.has_response(token)


def test_new_tokens_are_random_and_valid():
    tokens = {store.new_token() for _ in range(100)}
    assert len(tokens) == 100 and all(store.valid_token(t) for t in tokens)


def test_the_rate_limit_allows_n_a_minute_then_frees_slots_as_they_age():
    now = [1000.0]
    limit = store.RateLimit(3, clock=lambda: now[0])
    assert [limit.allow() for _ in range(4)] == [True, True, True, False]
    now[0] += 59.0
    assert not limit.allow()
    now[0] += 1.0  # the first three are now a minute old
    assert limit.allow()
    limit.release()  # a refused response gives its slot back
    assert [limit.allow() for _ in range(3)] == [True, True, True] and not limit.allow()


OLD_SCHEMA = """CREATE TABLE responses (id INTEGER PRIMARY KEY AUTOINCREMENT, submitted_utc TEXT NOT NULL,
                consultation TEXT NOT NULL, choices TEXT NOT NULL)"""


def _old_database(path, rows):
    """A database as an older mtfp wrote it: no token column, choices stored unchecked."""
    with sqlite3.connect(path) as conn:
        conn.execute(OLD_SCHEMA)
        conn.executemany("INSERT INTO responses (submitted_utc, consultation, choices) VALUES (?, ?, ?)",
                         [("2026-01-01T00:00:00+00:00", "Balance the budget", text) for text in rows])


def test_an_older_database_is_migrated_and_its_bad_rows_reported_not_counted(db, check, consultation):
    good = json.dumps({"band_d_rise": 4.0, "savings": BALANCED})
    _old_database(db, [good,
                       json.dumps({"band_d_rise": 4.0, "savings": {"police_helicopter": 9.0}}),  # id 2: unknown option
                       json.dumps({"band_d_rise": "lots", "savings": {}}),                       # id 3: not a number
                       "{not json",                                                              # id 4: damaged
                       json.dumps([1, 2, 3]),                                                    # id 5: not a mapping
                       good])
    result = summary(store.read_responses(db), consultation.options)
    assert result["count"] == 2 and result["average_band_d_rise"] == 4.0
    assert sorted(result["malformed"]) == [2, 3, 4, 5]
    assert "police_helicopter" in result["malformed"][2]
    assert result["savings_distribution"].set_index("option").loc["front_counters", "chosen"] == 2
    assert list(responses_csv(store.read_responses(db), consultation.options).splitlines()[1:][0].split(",")[:1]) == ["1"]

    # Opening it to record a response adds the token column; old rows keep a NULL token.
    store.record_response("Balance the budget", {"band_d_rise": 0.0, "savings": BALANCED}, db, **check, token=TOKEN)
    with sqlite3.connect(db) as conn:
        assert [c[1] for c in conn.execute("PRAGMA table_info(responses)")][-1] == "token"
        assert conn.execute("SELECT COUNT(*) FROM responses WHERE token IS NULL").fetchone()[0] == 6
    with pytest.raises(store.DuplicateResponse):
        store.record_response("Balance the budget", {"band_d_rise": 0.0, "savings": BALANCED}, db, **check,
                              token=TOKEN)
    assert summary(store.read_responses(db), consultation.options)["count"] == 3
