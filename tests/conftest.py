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


@pytest.fixture(scope="session")
def prefect_api(tmp_path_factory):
    """One real local Prefect server for the session's flow runs (the command line starts its
    own when none is configured; the tests share one to save its start-up)."""
    from pipeline import server

    local = server.start_server(tmp_path_factory.getbasetemp() / "prefect-state")
    try:
        with server.use_api(local.api_url):
            yield local.api_url
            server.drain_prefect_clients()
    finally:
        local.stop()


@pytest.fixture(scope="session")
def flows_module():
    import flows

    return flows
