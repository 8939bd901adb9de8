"""Prefect flows and the command line of the commitments pipeline.

    python flows.py ingest <file-or-folder>... [--out DIR] [--published YYYY-MM-DD] [--force]
                           [--workers N] [--runner local|dask] [--dask-address ADDR] [--quiet]
    python flows.py serve [--inbox DIR] [--out DIR] [--cron "0 * * * *"] [--workers N] ...
    python flows.py report [--out DIR]

``ingest`` plans the run (documents whose content is unchanged since the last run are left
out), hands the documents to ``process-batch`` tasks a batch at a time (never a task per
document or sentence: a Prefect task costs milliseconds), keeps a few batches in flight, and
merges the rows that each batch wrote into the tables at the end (``write-tables``, atomic),
then rebuilds ``report.html``. The work itself is in ``pipeline.runs``, as plain functions.

When no Prefect API is configured (``PREFECT_API_URL``), the command line starts a local
Prefect server for the duration of the command (``pipeline.server``; its database is under
``.state/prefect`` or ``$COMMITMENTS_STATE_DIR/prefect``). The exit code is 1 when any
document failed, 2 on a usage error.
"""
from __future__ import annotations

import time

_STARTED = time.perf_counter()  # for --timings: what the imports below cost

import os  # noqa: E402

# This tool runs offline: no telemetry, no analytics, no update checks (set before Prefect loads).
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_CLOUD_ENABLE_ORCHESTRATION_TELEMETRY", "false")
os.environ.setdefault("PREFECT_LOGGING_TO_API_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# Dask workers log to the terminal they were started from: warnings and errors only
os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "error")

import argparse  # noqa: E402
import contextlib  # noqa: E402
import datetime as dt  # noqa: E402
import itertools  # noqa: E402
import logging  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Iterator  # noqa: E402

from pipeline import runs, server  # noqa: E402

STATE_DIR = Path(os.environ.get("COMMITMENTS_STATE_DIR") or Path(__file__).resolve().parent / ".state")

# Start-up in parallel: a one-off `ingest` or `report` with no Prefect API configured needs a
# local server (3-5 s to start); it starts now, before Prefect is imported (1-2 s), and the model
# loads while it comes up (see main)
_EARLY_SERVER = None
if (__name__ == "__main__" and sys.argv[1:2] in (["ingest"], ["report"]) and not {"-h", "--help"} & set(sys.argv)
        and not server.api_url_in_environment()):
    _EARLY_SERVER = server.launch_server(STATE_DIR)

from prefect import flow, get_run_logger, task  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402
from prefect.context import FlowRunContext  # noqa: E402
from prefect.futures import as_completed  # noqa: E402
from prefect.task_runners import ThreadPoolTaskRunner  # noqa: E402

from pipeline.progress import DocumentProgress  # noqa: E402

DEFAULT_OUT = Path("outputs")
DEFAULT_INBOX = Path("corpora/inbox")
DEFAULT_CRON = "0 * * * *"


@task(name="process-batch", cache_policy=NO_CACHE, retries=0)
def process_batch(job: runs.Job) -> runs.BatchSummary:
    """Read, analyse and table one batch; its rows go to the run's part files."""
    return runs.execute(job)


@task(name="write-tables", cache_policy=NO_CACHE)
def write_tables(out_dir: str, run_dir: str, plan: runs.Plan, summaries: list[runs.BatchSummary]) -> dict:
    return runs.finish_run(Path(out_dir), Path(run_dir), plan, summaries)


@task(name="write-report", cache_policy=NO_CACHE)
def write_report(out_dir: str) -> str | None:
    return runs.write_report(Path(out_dir))


def _in_flight(jobs: list[runs.Job], window: int) -> Iterator[runs.BatchSummary]:
    """Submit ``process-batch`` for each job, keeping ``window`` of them in flight: a new one as
    soon as any finishes, so that no worker waits behind a long batch. Yields the results as
    they come (memory stays flat: a result is let go once it is counted; the part files keep
    the order)."""
    queue = iter(jobs)
    pending = {process_batch.submit(job) for job in itertools.islice(queue, window)}
    while pending:
        done = next(as_completed(list(pending)))
        pending.discard(done)
        yield done.result()
        pending.update(process_batch.submit(job) for job in itertools.islice(queue, 1))


def _runs_here() -> bool:
    """True when this flow's tasks run in its own process (threads), not on Dask."""
    context = FlowRunContext.get()
    return context is None or isinstance(context.task_runner, ThreadPoolTaskRunner)


@flow(name="ingest", log_prints=False, validate_parameters=False, task_runner=ThreadPoolTaskRunner(max_workers=4))
def ingest(paths: list[str] | str, out: str = str(DEFAULT_OUT), published: dt.date | None = None, force: bool = False,
           batch_size: int | None = None, workers: int = 1, progress: bool = False) -> dict:
    """Ingest files or folders of documents into the commitments tables of ``out``."""
    logger = get_run_logger()
    paths = [paths] if isinstance(paths, (str, Path)) else [str(p) for p in paths]
    out_dir = Path(out)
    timings = runs.Timings()
    with runs.staging(out_dir) as run_dir:
        with timings.measure("planning"):
            plan = runs.plan_run(paths, out_dir, run_dir=run_dir, force=force, published=published,
                                 batch_size=batch_size, workers=workers)
        logger.info("%d document(s) under %s: %d to process in %d batch(es), %d unchanged",
                    plan.sources, ", ".join(paths), plan.to_process, len(plan.jobs), plan.unchanged)
        summaries = []
        with runs.worker_pool(workers if _runs_here() and len(plan.jobs) > 1 else 1) as pool:
            if pool is not None:
                runs.preload_writers()  # this process idles while the workers analyse
                with timings.measure("model load"):
                    pool.wait_ready()
            with timings.measure("documents"), DocumentProgress(plan.to_process, enabled=progress) as bar:
                for summary in _in_flight(plan.jobs, window=2 * max(1, workers)):
                    summaries.append(summary)
                    bar.advance(summary.documents)
                    for failure in summary.failures:
                        logger.info("failed: %s", failure)
        if pool is None and summaries:  # the first batch here loaded the model
            loading = max(s.model_seconds for s in summaries)
            timings["model load"] = loading
            timings["documents"] -= loading
        with timings.measure("tables"):
            result = write_tables(str(out_dir), str(run_dir), plan, summaries)
    report = out_dir / "report.html"
    with timings.measure("report"):
        result["report"] = write_report(out) if result["changed"] or not report.exists() else str(report)
    result["timings"] = dict(timings)
    logger.info("%d document(s) processed, %d failed, %d unchanged; %d commitment(s)",
                result["processed"], result["failed"], result["skipped"], result["commitments"])
    return result


@flow(name="report", log_prints=False)
def report(out: str = str(DEFAULT_OUT)) -> str | None:
    """Rebuild ``report.html`` from the tables of ``out``."""
    return runs.write_report(Path(out))


# --- command line -------------------------------------------------------------------------------

def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from err


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"not a positive whole number: {value!r}")
    return n


def _cron(value: str) -> str:
    from prefect.client.schemas.schedules import CronSchedule

    try:
        CronSchedule(cron=value)
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"not a cron expression: {value!r}") from err
    return value


def _add_run_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="output folder (default: outputs)")
    parser.add_argument("--published", type=_date, help="the documents' date, YYYY-MM-DD (overrides metadata)")
    parser.add_argument("--batch-size", type=_positive, default=None, help="documents per Prefect task")
    parser.add_argument("--workers", type=_positive, default=None,
                        help="documents processed in parallel: worker processes (default 1), or the Dask "
                             "LocalCluster's workers (default: one per core)")
    parser.add_argument("--runner", choices=("local", "dask"), default="local",
                        help="where the batches run: this machine's processes, or Dask (prefect-dask)")
    parser.add_argument("--dask-address", metavar="ADDR",
                        help="an existing Dask scheduler, e.g. tcp://host:8786 (default: a LocalCluster)")
    parser.add_argument("--quiet", action="store_true", help="print nothing but failures and errors")
    parser.add_argument("--timings", action="store_true",
                        help="print where the time went (start-up, Prefect, work) on standard error")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="flows.py", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    ing = sub.add_parser("ingest", help="ingest files or folders into the tables")
    ing.add_argument("paths", nargs="+", metavar="path")
    ing.add_argument("--force", action="store_true", help="re-process documents whose content is unchanged")
    _add_run_options(ing)
    srv = sub.add_parser("serve", help="serve the ingest flow as a Prefect deployment on a schedule")
    srv.add_argument("--inbox", default=str(DEFAULT_INBOX), help="folder to ingest on each run (default: corpora/inbox)")
    srv.add_argument("--cron", type=_cron, default=DEFAULT_CRON, help=f'schedule (default: "{DEFAULT_CRON}", hourly)')
    srv.add_argument("--name", default="inbox", help="deployment name (default: inbox)")
    _add_run_options(srv)
    rep = sub.add_parser("report", help="rebuild report.html from the tables")
    rep.add_argument("--out", default=str(DEFAULT_OUT))
    rep.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    if getattr(args, "dask_address", None) and args.runner != "dask":
        ap.error("--dask-address needs --runner dask")
    if getattr(args, "workers", 1) is None:
        args.workers = (os.cpu_count() or 1) if args.runner == "dask" else 1
    return args


def task_runner(args: argparse.Namespace):
    """The flow's task runner: threads here (each hands its batch to a worker process), or Dask."""
    if args.runner == "dask":
        from prefect_dask import DaskTaskRunner

        if args.dask_address:
            return DaskTaskRunner(address=args.dask_address)
        return DaskTaskRunner(cluster_kwargs={"n_workers": args.workers, "threads_per_worker": 1,
                                              "processes": True, "dashboard_address": None})
    return ThreadPoolTaskRunner(max_workers=2 * args.workers)


def run_parameters(args: argparse.Namespace, paths: list[str]) -> dict:
    return {"paths": paths, "out": args.out, "published": args.published, "batch_size": args.batch_size,
            "workers": args.workers}


def serve(args: argparse.Namespace) -> int:
    """Serve ``ingest`` of the inbox as a deployment on the ``--cron`` schedule until stopped."""
    inbox = Path(args.inbox).resolve()
    inbox.mkdir(parents=True, exist_ok=True)
    params = run_parameters(args, [str(inbox)]) | {"out": str(Path(args.out).resolve())}

    def announce(local: server.LocalServer) -> None:
        print(f"Prefect server: {local.url} (started for this command; database and log in "
              f"{local.log_path.parent})", flush=True)

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)  # `kill` stops serving as Ctrl-C does: the server too
    with server.prefect_api(STATE_DIR, ui=True, on_start=announce):
        print(f"serving ingest of {inbox} into {params['out']} on schedule {args.cron!r}", flush=True)
        try:
            ingest.with_options(task_runner=task_runner(args)).serve(
                name=args.name, cron=args.cron, parameters=params, limit=1, print_starting_message=not args.quiet)
        except KeyboardInterrupt:
            pass
    return 0


def main(argv: list[str] | None = None) -> int:
    early = _EARLY_SERVER if argv is None else None
    try:
        args = parse_args(argv)
    except SystemExit:
        if early is not None:
            early.stop()
        raise
    runs.quiet_prefect(logging.ERROR if args.quiet else logging.WARNING)
    if args.command == "serve":
        return serve(args)
    timings = runs.Timings(imports=time.perf_counter() - _STARTED)
    pool = contextlib.nullcontext()
    if args.command == "ingest" and args.runner == "local":  # the model loads while the server starts
        if args.workers == 1:
            runs.preload_model()
        else:
            pool = runs.WorkerPool(args.workers)
    started = time.perf_counter()
    # a server started for this one command stops with it: no one is left to read heartbeats
    with pool, server.prefect_api(STATE_DIR, launched=early, heartbeats=False):
        timings["server"] = time.perf_counter() - started
        if args.command == "report":
            path = report(args.out)
            print(f"report: {path}" if path else "report: no tables in " + args.out)
            return 0
        if isinstance(pool, runs.WorkerPool):
            with timings.measure("model wait"):  # what is left of the workers' start-up
                pool.wait_ready()
        run = ingest.with_options(task_runner=task_runner(args))
        with timings.measure("flow call"):
            summary = run(**run_parameters(args, args.paths), force=args.force, progress=not args.quiet)
        stopping = time.perf_counter()
    timings["shutdown"] = time.perf_counter() - stopping
    timings["total"] = time.perf_counter() - _STARTED
    if runs.PRELOAD:
        timings["model preload"] = runs.PRELOAD["seconds"]
    if not args.quiet or summary["failed"]:
        print(runs.format_summary(summary, quiet=args.quiet), flush=True)
    if args.timings:
        print(runs.format_timings(summary["timings"] | timings), file=sys.stderr)
    return 1 if summary["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
