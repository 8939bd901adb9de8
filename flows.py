"""Prefect flows and the command line of the commitments pipeline.

    python flows.py ingest <file-or-folder> [--out DIR] [--published YYYY-MM-DD] [--force] [--quiet]
    python flows.py report [--out DIR]

``ingest`` runs the ``ingest`` flow with Prefect's local default (a temporary local API; no
server to start by hand): documents are read, analysed and tabled in batches (one Prefect task
per batch, never per sentence), the tables are merged into DIR atomically, and ``report.html``
is rebuilt. The exit code is 1 when any document failed, 2 on a usage error.
"""
from __future__ import annotations

import os

# This tool runs offline: no telemetry, no analytics, no update checks (set before Prefect loads).
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_CLOUD_ENABLE_ORCHESTRATION_TELEMETRY", "false")
os.environ.setdefault("PREFECT_LOGGING_TO_API_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import logging  # noqa: E402
import sys  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402

from prefect import flow, get_run_logger, task  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402

from pipeline import runs  # noqa: E402

DEFAULT_OUT = Path("outputs")


@task(name="process-batch", cache_policy=NO_CACHE, retries=0)
def process_batch(paths: list[str], published: dt.date | None, out_dir: str, known: dict[str, str],
                  force: bool) -> runs.BatchResult:
    """Read, analyse and table one batch of documents (plain function: ``runs.process_batch``)."""
    return runs.process_batch(paths, published=published, out_dir=Path(out_dir), known=known, force=force)


@task(name="write-tables", cache_policy=NO_CACHE)
def write_tables(out_dir: str, results: list[runs.BatchResult]) -> dict:
    return runs.write_results(Path(out_dir), results)


@task(name="write-report", cache_policy=NO_CACHE)
def write_report(out_dir: str) -> str | None:
    return runs.write_report(Path(out_dir))


@flow(name="ingest", log_prints=False, validate_parameters=False)
def ingest(path: str, out: str = str(DEFAULT_OUT), published: dt.date | None = None, force: bool = False,
           batch_size: int | None = None) -> dict:
    """Ingest a file or a folder of documents into the commitments tables of ``out``."""
    logger = get_run_logger()
    sources = runs.sources(path)
    known = {} if force else runs.known_hashes(Path(out))
    batches = runs.batched(sources, batch_size)
    logger.info("ingesting %d document(s) from %s in %d batch(es)", len(sources), path, len(batches))
    results = [process_batch(b, published, out, known, force) for b in batches]
    summary = write_tables(out, results)
    summary["report"] = write_report(out)
    for failure in summary["failures"]:
        logger.warning("failed: %s", failure)
    return summary


@flow(name="report", log_prints=False)
def report(out: str = str(DEFAULT_OUT)) -> str | None:
    """Rebuild ``report.html`` from the tables of ``out``."""
    return runs.write_report(Path(out))


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from err


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="flows.py", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    ing = sub.add_parser("ingest", help="ingest a file or a folder into the tables")
    ing.add_argument("path")
    ing.add_argument("--out", default=str(DEFAULT_OUT), help="output folder (default: outputs)")
    ing.add_argument("--published", type=_date, help="the documents' date, YYYY-MM-DD (overrides metadata)")
    ing.add_argument("--force", action="store_true", help="re-process documents whose content is unchanged")
    ing.add_argument("--batch-size", type=int, default=None, help="documents per Prefect task")
    ing.add_argument("--quiet", action="store_true", help="print nothing but errors")
    rep = sub.add_parser("report", help="rebuild report.html from the tables")
    rep.add_argument("--out", default=str(DEFAULT_OUT))
    args = ap.parse_args(argv)
    runs.quiet_prefect()
    if args.command == "report":
        path = report(args.out)
        print(f"report: {path}" if path else "report: no tables in " + args.out)
        return 0
    summary = ingest(args.path, out=args.out, published=args.published, force=args.force,
                     batch_size=args.batch_size)
    if not args.quiet or summary["failed"]:
        print(runs.format_summary(summary, quiet=args.quiet))
    return 1 if summary["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
