"""Bad input: each bad document gets a clear one-line reason and a ``failed`` row, every good
document is processed, the exit code says a document failed, no input is modified, and a run
killed half-way (SIGKILL) leaves the previous tables intact.

The unreadable file. Tests (and CI) run as root, and root reads a ``chmod 000`` file anyway:
the kernel lets it through with the capabilities CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH. So
when the tests run as root, the command line is started with those two capabilities dropped
from its bounding set (``prctl(PR_CAPBSET_DROP)`` in the child, before ``exec``): it is still
root, but the kernel now refuses it the file as it refuses any user, and the run sees a real
EACCES, not a simulation. A FIFO or a directory named ``x.txt`` would not do: opening a FIFO
blocks (see the note in the report), and a directory is not an unreadable *file*. Where even
that is not allowed (no CAP_SETPCAP), the unreadable case is skipped, saying so.
"""
from __future__ import annotations

import ctypes
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline import runs, server, tables

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"

PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2
_LIBC = ctypes.CDLL(None, use_errno=True)

GOOD = ["statement.txt", "page.html", "two_page.pdf", "latin1.txt", "utf16_bom.txt"]
# file name -> the reason its documents row and its summary line must give
BAD = {
    "empty.txt": "empty",
    "zero_bytes.pdf": "empty",
    "text_renamed.pdf": "not a PDF",
    "truncated.pdf": "truncated or damaged PDF",
    "encrypted.pdf": "encrypted PDF",
    "image_only.pdf": "no text layer (scanned or image-only PDF)",
    "huge.txt": "too large (50.4 MB > 20 MB)",
    "french.txt": "not English (looks like fr)",
    "all_script.html": "no visible text",
    "binary.txt": "binary file, not text",
    "unreadable.txt": "unreadable (permission denied)",
}
MISSING = "no_such_file.txt"


def _drop_file_permission_override() -> None:  # runs in the child, between fork and exec
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if _LIBC.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) refused")


def _as_plain_user():
    """preexec_fn that makes root obey file permissions (None when not root: nothing to do)."""
    return _drop_file_permission_override if os.geteuid() == 0 else None


def _permissions_enforced(path: Path) -> bool:
    """Can a child started with ``_as_plain_user`` really not read ``path``?"""
    try:
        probe = subprocess.run([sys.executable, "-c", f"open({str(path)!r}, 'rb').read()"],
                               preexec_fn=_as_plain_user(), capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return False
    return probe.returncode != 0 and "PermissionError" in probe.stderr


def _fingerprint(folder: Path) -> dict[str, tuple]:
    out = {}
    for path in sorted(folder.iterdir()):
        info = path.stat()
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except PermissionError:  # the unreadable file, when the tests do not run as root
            digest = None
        out[path.name] = (info.st_size, info.st_mtime_ns, info.st_mode, digest)
    return out


def make_bad_folder(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name in GOOD + ["statement.meta.json", "truncated.pdf", "encrypted.pdf", "image_only.pdf", "french.txt"]:
        shutil.copy(DATA / name, folder / name)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "zero_bytes.pdf").write_bytes(b"")
    shutil.copy(DATA / "statement.txt", folder / "text_renamed.pdf")
    line = "The ministers agreed to meet again before the end of the year. " * 100 + "\n"
    with open(folder / "huge.txt", "w", encoding="utf-8") as f:  # 50.4 MB, well over the 20 MB limit
        for _ in range(50_400_000 // len(line) + 1):
            f.write(line)
    (folder / "all_script.html").write_text(
        "<html><head><title>Tracker</title><script>" + "var a = [1, 2, 3];\n" * 8000
        + "</script></head><body><script>init();</script><p>Loading</p></body></html>", encoding="utf-8")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 64)
    unreadable = folder / "unreadable.txt"
    unreadable.write_text("The two sides agreed to cooperate.\n", encoding="utf-8")
    unreadable.chmod(0)
    return folder


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory, prefect_api):
    """One command-line run over the folder of good and bad documents, plus a missing path."""
    base = tmp_path_factory.mktemp("bad_input")
    folder = make_bad_folder(base / "inbox")
    out = base / "out"
    enforced = _permissions_enforced(folder / "unreadable.txt")
    before = _fingerprint(folder)
    env = dict(os.environ, PREFECT_API_URL=prefect_api)
    done = subprocess.run(
        [sys.executable, str(ROOT / "flows.py"), "ingest", str(folder), str(base / MISSING), "--out", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
        preexec_fn=_as_plain_user() if enforced else None)
    after = _fingerprint(folder)
    yield {"folder": folder, "out": out, "done": done, "before": before, "after": after, "enforced": enforced,
           "missing": str(base / MISSING)}
    (folder / "unreadable.txt").chmod(0o644)  # let pytest clean up


def _status(bad_run, source: str) -> str:
    documents = tables.read_table(bad_run["out"], "documents")
    found = documents.loc[documents["source"] == source, "status"]
    assert len(found) == 1, f"{source}: {len(found)} rows in documents"
    return found.item()


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_document_fails_with_its_reason(bad_run, name):
    if name == "unreadable.txt" and not bad_run["enforced"]:
        pytest.skip("cannot make a file unreadable here (root without permission to drop capabilities)")
    source = str(bad_run["folder"] / name)
    assert _status(bad_run, source) == f"failed: {BAD[name]}"
    lines = [line for line in bad_run["done"].stdout.splitlines() if line.startswith(f"FAILED {source}:")]
    assert lines == [f"FAILED {source}: {BAD[name]}"]


def test_missing_path_fails_as_not_found(bad_run):
    assert _status(bad_run, bad_run["missing"]) == "failed: not found"
    assert f"FAILED {bad_run['missing']}: not found" in bad_run["done"].stdout.splitlines()


def test_good_documents_are_all_processed(bad_run):
    documents = tables.read_table(bad_run["out"], "documents").set_index("source")
    for name in GOOD:
        assert documents.loc[str(bad_run["folder"] / name), "status"] == "ok", name
    commitments = tables.read_table(bad_run["out"], "commitments")
    for name in ("statement.txt", "page.html", "two_page.pdf"):
        assert (commitments["source"] == str(bad_run["folder"] / name)).any(), name


@pytest.mark.parametrize("name, expected", [("latin1.txt", ["Café diplomacy", "São Paulo", "Brasília"]),
                                            ("utf16_bom.txt", ["Joint Statement on Health Security",
                                                               "100 million doses"])])
def test_decodable_encodings_are_decoded(bad_run, name, expected):
    documents = tables.read_table(bad_run["out"], "documents").set_index("source")
    doc_id = documents.loc[str(bad_run["folder"] / name), "doc_id"]
    text = (bad_run["out"] / "texts" / f"{doc_id}.txt").read_text(encoding="utf-8")
    for words in expected:
        assert words in text


def test_run_exits_non_zero_with_a_clean_summary(bad_run):
    done = bad_run["done"]
    assert done.returncode == 1, done.stdout + done.stderr
    failed = len(BAD) + 1 - (0 if bad_run["enforced"] else 1)
    assert f"documents: {len(GOOD) + failed} ({len(GOOD)} processed, 0 unchanged, {failed} failed)" in done.stdout
    printed = done.stdout + done.stderr
    assert "Traceback" not in printed and "ERROR" not in printed, printed
    assert len(tables.read_table(bad_run["out"], "documents")) == len(GOOD) + failed


def test_inputs_are_never_modified(bad_run):
    assert bad_run["after"] == bad_run["before"]


def _table_bytes(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in
            ("commitments.parquet", "commitments.csv", "documents.parquet", "documents.csv")}


def test_sigkill_mid_run_leaves_the_previous_tables_intact(tmp_path, prefect_api):
    import flows

    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpora", corpus, ignore=shutil.ignore_patterns("inbox"))
    out = tmp_path / "out"
    first = flows.ingest(paths=[str(corpus / "005_us-philippines-joint-statement-2023.txt")], out=str(out))
    assert first["processed"] == 1
    previous = _table_bytes(out)

    env = dict(os.environ, PREFECT_API_URL=prefect_api)
    run = subprocess.Popen([sys.executable, str(ROOT / "flows.py"), "ingest", str(corpus), "--out", str(out),
                            "--force", "--batch-size", "1", "--quiet"],
                           cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 240
    try:
        # kill it once a few batches have written their rows, well before the tables are merged
        while len(list((out / runs.PARTS).glob("*/*.documents.parquet"))) < 3:
            assert run.poll() is None, "the run ended before it could be killed"
            assert time.monotonic() < deadline, "no batch finished in time"
            time.sleep(0.05)
    finally:
        run.send_signal(signal.SIGKILL)
        run.wait()
    assert _table_bytes(out) == previous
    for name in ("commitments", "documents"):
        pq.read_table(out / f"{name}.parquet")
        pd.read_csv(out / f"{name}.csv")
    assert len(tables.read_table(out, "documents")) == 1

    # the next run cleans up after the killed one and completes
    again = flows.ingest(paths=[str(corpus)], out=str(out))
    assert again["failed"] == 0 and again["processed"] == 16 and again["skipped"] == 1
    assert not (out / runs.PARTS).exists()
    assert len(tables.read_table(out, "documents")) == 17


def crash_on_marker(job: runs.Job) -> runs.BatchSummary:
    """A worker's batch function that dies, as a crash in a C library would, on one document."""
    if any("CRASH" in Path(p).name for p in job.paths):
        os._exit(70)
    return runs.run_batch(job)


def test_a_document_that_kills_its_worker_fails_alone(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    for name in ("statement.txt", "latin1.txt", "utf16_bom.txt"):
        shutil.copy(DATA / name, folder / name)
    shutil.copy(DATA / "statement.txt", folder / "statement_CRASH.txt")
    out = tmp_path / "out"
    with runs.staging(out) as run_dir:
        plan = runs.plan_run([folder], out, run_dir=run_dir, batch_size=4)
        assert len(plan.jobs) == 1  # the crash takes its whole batch down with it
        with runs.WorkerPool(1, target=crash_on_marker) as pool:
            summaries = [pool.run(job) for job in plan.jobs]
        summary = runs.finish_run(out, run_dir, plan, summaries)
    crashed = str(folder / "statement_CRASH.txt")
    assert (summary["processed"], summary["failed"]) == (3, 1)
    assert summary["failures"] == [f"{crashed}: crashed the worker process that read it"]
    documents = tables.read_table(out, "documents").set_index("source")
    assert documents.loc[crashed, "status"] == "failed: crashed the worker process that read it"
    assert (documents.drop(index=crashed)["status"] == "ok").all()


def test_a_named_pipe_fails_instead_of_blocking(tmp_path, nlp):
    folder = tmp_path / "inbox"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")
    shutil.copy(DATA / "statement.txt", folder / "statement.txt")
    result = runs.process_batch(runs.sources(folder), published=None, out_dir=tmp_path / "out", nlp=nlp)
    statuses = {r["source"]: r["status"] for r in result.document_rows}
    assert statuses == {str(folder / "pipe.txt"): "failed: not a regular file (named pipe)",
                        str(folder / "statement.txt"): "ok"}
