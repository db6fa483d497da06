"""Consultation fixtures: the shipped options (tests.conftest.OPTIONS) and the projection of their scenario."""
from __future__ import annotations

import pytest

import mtfp
from mtfp.consultation.options import load_consultation
from tests.conftest import OPTIONS


@pytest.fixture(scope="session")
def consultation():
    return load_consultation(OPTIONS)


@pytest.fixture(scope="session")
def projection(consultation):
    return mtfp.run(consultation.scenario)

