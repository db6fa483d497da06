from __future__ import annotations

from pathlib import Path

import pytest

import mtfp
from mtfp.consultation.options import load_consultation

ROOT = Path(__file__).resolve().parents[2]
OPTIONS = ROOT / "consultation" / "options.yaml"


@pytest.fixture(scope="session")
def consultation():
    return load_consultation(OPTIONS)


@pytest.fixture(scope="session")
def projection(consultation):
    return mtfp.run(consultation.scenario)


@pytest.fixture
def db(tmp_path, monkeypatch):
    """A fresh responses database, also set in MTFP_CONSULTATION_DB for code that reads it."""
    path = tmp_path / "responses.sqlite"
    monkeypatch.setenv("MTFP_CONSULTATION_DB", str(path))
    return path
