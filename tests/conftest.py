"""Shared fixtures: the spaCy pipeline is loaded once per test session."""
from __future__ import annotations

import os

import pytest

# Prefect runs offline in tests as in use: no telemetry, no analytics.
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


@pytest.fixture(scope="session")
def nlp():
    from pipeline.nlp import load_nlp

    return load_nlp()
