"""End to end: the ``ingest`` flow on a text (with its sidecar), an HTML page and a PDF.

One real command-line run (a subprocess, as a user runs it), then flow runs in this process
against a real local Prefect server: re-ingesting a changed document replaces its rows only,
``--force`` re-processes everything, and the tables streamed from part files equal the tables
merged in memory.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from pipeline import runs, tables

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"


def make_folder(folder: Path) -> Path:
    """A text with its sidecar, an HTML page and a two-page PDF."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("statement.txt", "statement.meta.json", "page.html", "two_page.pdf"):
        shutil.copy(DATA / name, folder / name)
    return folder


def run_cli(*args: str, api_url: str | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if api_url:
        env["PREFECT_API_URL"] = api_url
    return subprocess.run([sys.executable, str(ROOT / "flows.py"), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


def frame(out: Path, name: str) -> pd.DataFrame:
    return tables.read_table(out, name).drop(columns=["ingested_at"], errors="ignore")


def test_cli_ingests_text_html_and_pdf(tmp_path, prefect_api):
    docs = make_folder(tmp_path / "docs")
    out = tmp_path / "out"
    done = run_cli("ingest", str(docs), "--out", str(out), api_url=prefect_api)
    printed = done.stdout + done.stderr
    assert done.returncode == 0, printed
    assert "ERROR" not in printed and "Traceback" not in printed, printed
    assert "telemetry" not in printed.lower()
    assert "documents: 3 (3 processed, 0 unchanged, 0 failed)" in done.stdout

    documents = tables.read_table(out, "documents").set_index("source")
    assert list(documents["status"]) == ["ok", "ok", "ok"]
    statement = documents.loc[str(docs / "statement.txt")]
    assert statement["title"] == "Sidecar Title for the Critical Minerals Statement"  # the sidecar wins
    assert str(statement["doc_date"]) == "2024-04-18"
    assert documents.loc[str(docs / "two_page.pdf"), "pages"] == 2

    commitments = tables.read_table(out, "commitments")
    by_source = commitments.groupby("source").size()
    assert set(by_source.index) == {str(docs / n) for n in ("statement.txt", "page.html", "two_page.pdf")}
    assert commitments["commitment_id"].is_unique
    pdf_rows = commitments[commitments["source"] == str(docs / "two_page.pdf")]
    assert set(pdf_rows["page"]) <= {1, 2} and pdf_rows["page"].notna().all()
    assert commitments[commitments["source"] != str(docs / "two_page.pdf")]["page"].isna().all()
    # every sentence is found at its offsets in the text kept beside the tables
    for row in commitments.itertuples():
        text = (out / "texts" / f"{row.doc_id}.txt").read_text(encoding="utf-8")
        assert " ".join(text[row.char_start:row.char_end].split()) == row.sentence
    # the CSV holds the same rows as the Parquet file
    csv = pd.read_csv(out / "commitments.csv", dtype=str, keep_default_na=False)
    assert list(csv["commitment_id"]) == list(commitments["commitment_id"])
    assert len(pd.read_csv(out / "documents.csv")) == 3
    assert (out / "report.html").stat().st_size > 0
    assert not (out / runs.PARTS).exists()  # the run's part files are gone


def test_reingest_replaces_only_the_changed_document(tmp_path, prefect_api, flows_module):
    docs = make_folder(tmp_path / "docs")
    out = tmp_path / "out"
    first = flows_module.ingest(paths=[str(docs)], out=str(out))
    assert (first["processed"], first["failed"]) == (3, 0)
    before_c, before_d = frame(out, "commitments"), frame(out, "documents")

    changed = docs / "statement.txt"
    changed.write_text(changed.read_text(encoding="utf-8")
                       + "\nBoth countries will open a joint minerals office in Oslo by 2026.\n", encoding="utf-8")
    second = flows_module.ingest(paths=[str(docs)], out=str(out))
    assert (second["processed"], second["skipped"], second["failed"]) == (1, 2, 0)

    after_c, after_d = frame(out, "commitments"), frame(out, "documents")
    assert len(after_d) == 3 and after_d["source"].is_unique
    others = after_d["source"] != str(changed)
    pd.testing.assert_frame_equal(before_d[before_d["source"] != str(changed)].reset_index(drop=True),
                                  after_d[others].reset_index(drop=True))
    pd.testing.assert_frame_equal(before_c[before_c["source"] != str(changed)].reset_index(drop=True),
                                  after_c[after_c["source"] != str(changed)].reset_index(drop=True))
    new_rows = after_c[after_c["source"] == str(changed)]
    old_id = before_d.loc[before_d["source"] == str(changed), "doc_id"].item()
    assert old_id not in set(after_c["doc_id"])  # no row of the old version is left
    assert any("Oslo" in s for s in new_rows["sentence"])
    assert after_c["commitment_id"].is_unique
    assert len(after_c) == len(before_c) - (before_c["source"] == str(changed)).sum() + len(new_rows)
    assert second["total_rows"] == len(after_c)


def test_force_reprocesses_every_document_and_changes_no_row(tmp_path, prefect_api, flows_module):
    docs = make_folder(tmp_path / "docs")
    out = tmp_path / "out"
    flows_module.ingest(paths=[str(docs)], out=str(out))
    before = {name: frame(out, name) for name in ("commitments", "documents")}
    forced = flows_module.ingest(paths=[str(docs)], out=str(out), force=True)
    assert (forced["processed"], forced["skipped"]) == (3, 0)
    for name, old in before.items():
        pd.testing.assert_frame_equal(old, frame(out, name))


def test_streamed_tables_equal_tables_merged_in_memory(tmp_path, nlp):
    """``merge_parts`` (part files, row groups) writes exactly what ``update_tables`` writes."""
    docs = make_folder(tmp_path / "docs")
    paths = runs.sources(docs)
    streamed, in_memory = tmp_path / "streamed", tmp_path / "memory"
    for subset in (paths[:2], paths):  # a first run, then a second that replaces and adds
        with runs.staging(streamed) as run_dir:
            plan = runs.plan_run(subset, streamed, run_dir=run_dir, force=True, batch_size=1)
            summaries = [runs.run_batch(job, nlp=nlp) for job in plan.jobs]
            runs.finish_run(streamed, run_dir, plan, summaries)
        result = runs.process_batch(subset, published=None, out_dir=in_memory, force=True, nlp=nlp)
        tables.update_tables(in_memory, result.commitment_rows, result.document_rows)
    for name in ("commitments", "documents"):
        pd.testing.assert_frame_equal(frame(streamed, name), frame(in_memory, name))
        a = pd.read_csv(streamed / f"{name}.csv", dtype=str, keep_default_na=False).drop(columns=["ingested_at"],
                                                                                         errors="ignore")
        b = pd.read_csv(in_memory / f"{name}.csv", dtype=str, keep_default_na=False).drop(columns=["ingested_at"],
                                                                                          errors="ignore")
        pd.testing.assert_frame_equal(a, b)


def test_merge_streams_row_groups(tmp_path, monkeypatch):
    """The merged table is written a chunk at a time (row groups), never all in one piece."""
    monkeypatch.setattr(tables, "CHUNK_ROWS", 7)
    rows = [{"doc_id": f"d{i:03d}", "source": f"s{i:03d}.txt", "status": "ok", "chars": 1, "n_commitments": 0}
            for i in range(30)]
    parts = []
    for n in range(3):
        part = tmp_path / "parts" / f"{n:06d}.documents.parquet"
        part.parent.mkdir(exist_ok=True)
        tables.write_part(part, "documents", rows[n * 10:(n + 1) * 10])
        parts.append(part)
    tables.merge_parts(tmp_path / "out", {"documents": parts, "commitments": []})
    written = pq.ParquetFile(tmp_path / "out" / "documents.parquet")
    assert written.metadata.num_rows == 30 and written.num_row_groups == 5
    assert list(tables.read_table(tmp_path / "out", "documents")["source"]) == [r["source"] for r in rows]


def test_batches_shrink_towards_the_end_of_a_run_with_several_workers(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    for i in range(60):
        (folder / f"{i:02d}.txt").write_text(f"Document {i}. " + "The parties will build roads. " * 200,
                                              encoding="utf-8")  # about 6 kB each
    sizes = {p: p.stat().st_size for p in folder.iterdir()}

    def plan(workers):
        jobs = runs.plan_run([folder], tmp_path / "out", run_dir=tmp_path / "run", force=True, workers=workers).jobs
        return [sum(sizes[Path(p)] for p in job.paths) for job in jobs]

    one, two = plan(1), plan(2)
    assert sum(one) == sum(two) == sum(sizes.values())  # every document in exactly one batch
    assert max(one[:-1]) <= runs.BATCH_BYTES and min(one[:-1]) > runs.BATCH_BYTES / 2  # one worker: full batches
    assert two[0] >= runs.BATCH_BYTES - 7000 and two[-1] < runs.BATCH_BYTES / 3  # several: the last ones small
    assert all(b <= a + 7000 for a, b in zip(two, two[1:]))  # never growing by more than a document
    assert min(two[:-1]) >= runs.MIN_BATCH_BYTES - 7000 and len(two) < 2 * len(one) + 4
