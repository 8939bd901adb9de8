"""Operations: the same rows whatever runs the batches (one process, worker processes, Dask),
a second run over an unchanged folder does nothing, ``serve`` registers a scheduled deployment
on a local Prefect server it starts and stops, and that server never outlives its command.
"""
from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pandas as pd
import pytest

from pipeline import runs, server, tables
from pipeline.progress import DocumentProgress

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> Path:
    """Short and long documents in three formats."""
    folder = tmp_path_factory.mktemp("docs")
    for name in ("statement.txt", "statement.meta.json", "page.html", "two_page.pdf", "latin1.txt"):
        shutil.copy(DATA / name, folder / name)
    for name in ("009_us-china-geneva-trade-statement-2025", "017_voa-china-funds-pak-afghan-border-crossings-2019"):
        for suffix in (".txt", ".meta.json"):
            shutil.copy(ROOT / "corpora" / (name + suffix), folder / (name + suffix))
    return folder


@pytest.fixture(scope="module")
def default_run(tmp_path_factory, docs, prefect_api, flows_module) -> Path:
    out = tmp_path_factory.mktemp("default") / "out"
    summary = flows_module.ingest(paths=[str(docs)], out=str(out))
    assert (summary["processed"], summary["failed"]) == (6, 0)
    return out


def rows(out: Path) -> dict[str, pd.DataFrame]:
    return {name: tables.read_table(out, name).drop(columns=["ingested_at"], errors="ignore") for name in ("commitments", "documents")}


def assert_same_rows(a: Path, b: Path) -> None:
    left, right = rows(a), rows(b)
    assert len(left["commitments"]) > 10
    for name in left:
        pd.testing.assert_frame_equal(left[name], right[name])


def test_dask_local_cluster_rows_equal_the_default_runners(tmp_path, docs, default_run, flows_module):
    from prefect_dask import DaskTaskRunner

    runner = DaskTaskRunner(cluster_kwargs={"n_workers": 2, "threads_per_worker": 1, "processes": True,
                                            "dashboard_address": None})
    out = tmp_path / "dask"
    summary = flows_module.ingest.with_options(task_runner=runner)(paths=[str(docs)], out=str(out), batch_size=2,
                                                                   workers=2)
    assert (summary["processed"], summary["failed"]) == (6, 0)
    assert_same_rows(default_run, out)


def test_worker_processes_rows_equal_the_default_runners(tmp_path, docs, default_run, flows_module):
    out = tmp_path / "workers"
    summary = flows_module.ingest(paths=[str(docs)], out=str(out), batch_size=1, workers=2)
    assert (summary["processed"], summary["failed"]) == (6, 0)
    assert_same_rows(default_run, out)


def test_second_run_over_an_unchanged_folder_processes_nothing(tmp_path, docs, prefect_api, flows_module):
    folder = tmp_path / "inbox"
    shutil.copytree(docs, folder)
    out = tmp_path / "out"
    flows_module.ingest(paths=[str(folder)], out=str(out))
    files = sorted(p for p in out.rglob("*") if p.is_file() and p.name != runs.LOCK)
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in files}

    started = time.monotonic()
    second = flows_module.ingest(paths=[str(folder)], out=str(out))
    elapsed = time.monotonic() - started
    assert (second["processed"], second["skipped"], second["failed"], second["commitments"]) == (0, 6, 0, 0)
    assert not second["changed"]
    assert elapsed < 20, f"an unchanged run took {elapsed:.1f} s"
    assert {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in files} == before  # not even rewritten

    # a changed sidecar is a changed document: its title must reach the table
    sidecar = folder / "statement.meta.json"
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace("Sidecar Title", "New Title"), encoding="utf-8")
    third = flows_module.ingest(paths=[str(folder)], out=str(out))
    assert (third["processed"], third["skipped"]) == (1, 5)
    documents = tables.read_table(out, "documents").set_index("source")
    assert documents.loc[str(folder / "statement.txt"), "title"].startswith("New Title")


def _serve_env(state: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}  # no server configured
    env.update(COMMITMENTS_STATE_DIR=str(state), PREFECT_RUNNER_POLL_FREQUENCY="2")
    return env


def _wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}")


def _server_url(log: Path, process: subprocess.Popen) -> str | None:
    assert process.poll() is None, log.read_text()
    for line in log.read_text().splitlines():
        if line.startswith("Prefect server: "):
            return line.split()[2]
    return None


def _down(url: str) -> bool:
    try:
        httpx.get(f"{url}/api/health", timeout=1)
    except httpx.HTTPError:
        return True
    return False


def test_serve_registers_a_scheduled_deployment_and_runs_it(tmp_path, tmp_path_factory):
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    for name in ("statement.txt", "statement.meta.json"):
        shutil.copy(DATA / name, inbox / name)
    log = tmp_path / "serve.log"
    with open(log, "w") as sink:
        serve = subprocess.Popen([sys.executable, str(ROOT / "flows.py"), "serve", "--inbox", str(inbox), "--out",
                                  str(out), "--cron", "*/5 * * * *"], cwd=ROOT,
                                 env=_serve_env(tmp_path_factory.getbasetemp() / "serve-state"),
                                 stdout=sink, stderr=subprocess.STDOUT)
    try:
        url = _wait_for(lambda: _server_url(log, serve), 180, "serve to start its Prefect server")
        api = httpx.Client(base_url=f"{url}/api", timeout=10)

        def deployment():
            answer = api.get("/deployments/name/ingest/inbox")
            return answer.json() if answer.status_code == 200 else None

        found = _wait_for(deployment, 120, "the deployment")
        schedules = [s["schedule"] for s in found["schedules"] if s["active"]]
        assert [s.get("cron") for s in schedules] == ["*/5 * * * *"]
        assert found["parameters"]["paths"] == [str(inbox)]
        assert found["parameters"]["out"] == str(out)

        # a run of the deployment (as the schedule would start one) ingests the inbox
        run_id = api.post(f"/deployments/{found['id']}/create_flow_run", json={}).json()["id"]

        def finished():
            state = api.get(f"/flow_runs/{run_id}").json()["state"]["type"]
            return state if state in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED") else None

        assert _wait_for(finished, 240, "the served run") == "COMPLETED", log.read_text()
        assert list(tables.read_table(out, "documents")["status"]) == ["ok"]
    finally:
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=60)
    assert serve.returncode == 0, log.read_text()
    printed = log.read_text()
    assert "Traceback" not in printed and "ERROR" not in printed, printed
    _wait_for(lambda: _down(url), 15, "the local server to stop")


def test_local_server_stops_when_its_command_is_killed(tmp_path_factory):
    state = tmp_path_factory.getbasetemp() / "serve-state"
    code = ("import sys, time; from pathlib import Path; from pipeline.server import start_server; "
            f"s = start_server(Path({str(state)!r})); print(s.url, flush=True); time.sleep(600)")
    command = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                               env=_serve_env(state))
    url = command.stdout.readline().strip()
    assert url.startswith("http://127.0.0.1:") and not _down(url)
    command.send_signal(signal.SIGKILL)
    command.wait()
    _wait_for(lambda: _down(url), 20, "the orphaned server to stop")


def test_progress_bar_only_on_a_terminal_and_for_many_documents():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    with DocumentProgress(total=5000, stream=Terminal()) as bar:
        assert bar.shown
        bar.advance(32)
    assert not DocumentProgress(total=5000, stream=io.StringIO()).shown  # a log file, CI
    assert not DocumentProgress(total=3, stream=Terminal()).shown
    assert not DocumentProgress(total=5000, stream=Terminal(), enabled=False).shown  # --quiet


def test_a_second_run_into_the_same_folder_waits_for_the_first(tmp_path):
    order = []

    def second():
        with runs.staging(tmp_path):
            order.append("second")

    with runs.staging(tmp_path) as run_dir:
        other = threading.Thread(target=second)
        other.start()
        time.sleep(0.5)
        order.append("first")
        assert run_dir.exists()
    other.join(timeout=10)
    assert order == ["first", "second"]
