"""The steps of an ingest run as plain functions; ``flows.py`` wraps them in Prefect tasks.

    plan_run    which documents to read, in which batches (unchanged ones are skipped by
                content hash), in source order
    run_batch   read, analyse and table one batch; its rows go to part files at once
                (anywhere: in this process, a ``WorkerPool`` process, a Dask worker)
    finish_run  merge the parts into the tables (streaming, atomic) and sum up the run
    write_report

A document that cannot be read becomes a ``failed: <reason>`` row of the documents table; the
others are processed as usual. Memory does not grow with the corpus: a batch's texts and rows
live only while the batch runs, and the tables are merged a row group at a time.

    with staging(out) as run_dir:                 # what flows.py does, without Prefect
        plan = plan_run(["corpora"], out, run_dir=run_dir)
        summaries = [run_batch(job) for job in plan.jobs]
        summary = finish_run(out, run_dir, plan, summaries)
"""
from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import fcntl
import importlib.machinery
import logging
import multiprocessing
import os
import shutil
import signal
import stat
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from pipeline.config import settings

log = logging.getLogger(__name__)

# A batch also closes at this much input (about 10,000 words of text, seconds of work): batches
# of about the same size keep every worker busy to the end of a run, and a Prefect task costs
# milliseconds, so smaller batches cost nothing
BATCH_BYTES = 64_000
MIN_BATCH_BYTES = 16_000  # the last batches of a run shrink to this (``plan_run``)
PARTS = ".parts"      # under the output folder: the part files of the run in progress
LOCK = ".ingest.lock"


# --- results ------------------------------------------------------------------------------------

@dataclass
class BatchResult:
    """The rows made from one batch of documents (``process_batch``)."""
    commitment_rows: list[dict] = field(default_factory=list)
    document_rows: list[dict] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    skipped: int = 0
    words: int = 0


@dataclass
class Job:
    """One batch of an ingest run: what a Prefect task carries (small and picklable)."""
    index: int
    paths: list[str]
    out_dir: str
    run_dir: str
    published: dt.date | None = None
    part: str = ""  # "-0003" for the fourth document of a batch re-run one document at a time


@dataclass
class BatchSummary:
    """What a batch reports back (its rows are already in its part files)."""
    index: int
    documents: int = 0
    processed: int = 0
    failed: int = 0
    failures: list[str] = field(default_factory=list)
    commitments: int = 0
    timeline_free: int = 0
    vague: int = 0
    flagged: int = 0
    words: int = 0
    seconds: float = 0.0
    model_seconds: float = 0.0  # loading the spaCy pipeline, when this batch was the first here

    def add(self, other: BatchSummary) -> None:
        for name in ("documents", "processed", "failed", "commitments", "timeline_free", "vague", "flagged", "words",
                     "seconds", "model_seconds"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.failures += other.failures


@dataclass
class Plan:
    """The documents of a run: those to read, in batches, and how many were unchanged."""
    jobs: list[Job]
    sources: int
    unchanged: int

    @property
    def to_process(self) -> int:
        return sum(len(j.paths) for j in self.jobs)


# --- planning -----------------------------------------------------------------------------------

def sources(paths: str | Path | Iterable[str | Path]) -> list[str]:
    """Every document to ingest below ``paths`` (files or folders), once each, sorted; a path
    that does not exist is kept, to be reported."""
    from pipeline.ingest import iter_sources

    if isinstance(paths, (str, Path)):
        paths = [paths]
    return sorted({str(p) for path in paths for p in iter_sources(path)})


def batched(items: list[str], size: int | None = None) -> list[list[str]]:
    size = max(1, size or settings().batch_size)
    return [items[i:i + size] for i in range(0, len(items), size)]


@dataclass
class _Previous:
    content_hash: str
    ingested_at: dt.datetime | None
    doc_date: dt.date | None


def _previous_documents(out_dir: Path) -> dict[str, _Previous]:
    """source -> what the documents table knows of its last successful ingest."""
    import pyarrow.parquet as pq

    path = Path(out_dir) / "documents.parquet"
    if not path.exists():
        return {}
    wanted = ["source", "status", "content_hash", "ingested_at", "doc_date"]
    names = pq.read_schema(path).names
    if not all(n in names for n in wanted):
        return {}
    table = pq.read_table(path, columns=wanted)
    out = {}
    for row in table.to_pylist():
        if row["status"] == "ok" and row["source"] and row["content_hash"]:
            out[row["source"]] = _Previous(row["content_hash"], row["ingested_at"], row["doc_date"])
    return out


def _file_hash(path: str) -> str | None:
    from pipeline.ingest import file_content_hash

    try:
        return file_content_hash(path)
    except OSError:
        return None


def unchanged(source: str, previous: _Previous | None, published: dt.date | None = None) -> bool:
    """True when ``source`` was ingested before from the same bytes, with the same sidecar and
    the same ``--published`` date: its rows in the tables are still right."""
    from pipeline.ingest.metadata import SIDECAR_SUFFIX

    if previous is None:
        return False
    try:
        info = os.stat(source)
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode):  # a FIFO or device is never hashed (reading could block)
        return False
    if published is not None and previous.doc_date != published:
        return False
    sidecar = Path(source).with_name(Path(source).stem + SIDECAR_SUFFIX)
    with contextlib.suppress(OSError):
        changed = dt.datetime.fromtimestamp(sidecar.stat().st_mtime, dt.timezone.utc)
        if previous.ingested_at is None or changed > previous.ingested_at:
            return False
    return _file_hash(source) == previous.content_hash


def _size(path: str) -> int:
    try:
        info = os.stat(path)
    except OSError:
        return 0
    return info.st_size if stat.S_ISREG(info.st_mode) else 0


def plan_run(paths: str | Path | Iterable[str | Path], out_dir: Path, *, run_dir: Path, force: bool = False,
             published: dt.date | None = None, batch_size: int | None = None,
             batch_bytes: int = BATCH_BYTES, workers: int = 1) -> Plan:
    """The documents under ``paths`` to (re)process, in batches of at most ``batch_size``
    documents and about ``batch_bytes`` of input; unchanged ones are left out unless ``force``.

    With several workers, batches shrink towards the end of a run (guided self-scheduling): each
    holds at most a ``2 * workers``-th of the input not yet batched, so that the last batches are
    small and no worker is left with a long one while the others wait."""
    found = sources(paths)
    previous = {} if force else _previous_documents(out_dir)
    size_limit = max(1, batch_size or settings().batch_size)
    todo: list[tuple[str, int]] = []
    skipped = 0
    for source in found:
        if not force and unchanged(source, previous.get(source), published):
            skipped += 1
            continue
        todo.append((source, min(_size(source), settings().max_bytes)))

    jobs: list[Job] = []
    batch: list[str] = []
    batch_total = 0
    remaining = sum(size for _, size in todo)  # input not yet in a closed batch
    share = 2 * workers

    def close():
        nonlocal batch, batch_total, remaining
        if batch:
            jobs.append(Job(len(jobs), batch, str(out_dir), str(run_dir), published))
            remaining -= batch_total
        batch, batch_total = [], 0

    for source, size in todo:
        limit = batch_bytes if workers <= 1 else max(MIN_BATCH_BYTES, min(batch_bytes, remaining // share))
        if batch and batch_total + size > limit:
            close()
        batch.append(source)
        batch_total += size
        if len(batch) >= size_limit:
            close()
    close()
    return Plan(jobs=jobs, sources=len(found), unchanged=skipped)


@contextlib.contextmanager
def staging(out_dir: Path) -> Iterator[Path]:
    """Hold ``out_dir`` for one run (other runs into it wait) and give it a fresh folder for
    part files, removed afterwards. Parts left by a run that was killed are removed first: the
    tables themselves are only ever replaced whole, so such a run changed nothing."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / LOCK, "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.warning("another ingest into %s is running; waiting for it to finish", out_dir)
            fcntl.flock(lock, fcntl.LOCK_EX)
        parts = out_dir / PARTS
        shutil.rmtree(parts, ignore_errors=True)
        run_dir = parts / f"{dt.datetime.now(dt.timezone.utc):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
        run_dir.mkdir(parents=True)
        try:
            yield run_dir
        finally:
            shutil.rmtree(parts, ignore_errors=True)


# --- one batch ----------------------------------------------------------------------------------

def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _failed_row(source: str, reason: str) -> dict:
    return {"doc_id": None, "source": source, "status": f"failed: {reason}", "chars": 0, "n_commitments": 0,
            "ingested_at": _now()}


def _one_line(err: BaseException) -> str:
    text = " ".join(str(err).split())
    return f"{type(err).__name__}: {text[:200]}" if text else type(err).__name__


def save_text(out_dir: Path, doc_id: str, text: str) -> None:
    """Keep the extracted text beside the tables (the report highlights sentences in it)."""
    folder = Path(out_dir) / "texts"
    folder.mkdir(parents=True, exist_ok=True)
    from pipeline.tables import FILE_MODE

    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{doc_id}.", suffix=".tmp")
    os.fchmod(fd, FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8", errors="surrogatepass") as f:
        f.write(text)
    os.replace(tmp, folder / f"{doc_id}.txt")


def _analysed(docs: list, nlp) -> Iterator[tuple[object, list[dict] | BaseException]]:
    """(document, rows) for each document, or (document, error) for one whose analysis failed:
    one bad text must not cost the batch, so a batch that fails is redone a document at a time."""
    from pipeline.api import TextInput, analyse

    def item(d):
        return TextInput(text=d.text, doc_date=d.date, source=d.source, title=d.title, kind=d.kind,
                         page_starts=d.page_starts, doc_id=d.doc_id)

    try:
        results = [rows for _, rows in analyse((item(d) for d in docs), nlp=nlp)]
    except Exception:  # noqa: BLE001 - isolated below, document by document
        log.debug("analysis of a batch failed; retrying its documents one at a time", exc_info=True)
    else:
        yield from zip(docs, results)
        return
    for d in docs:
        try:
            yield d, [rows for _, rows in analyse([item(d)], nlp=nlp)][0]
        except Exception as err:  # noqa: BLE001 - becomes the document's failed status
            log.debug("analysis of %s failed", d.source, exc_info=True)
            yield d, err


def process_batch(paths: list[str], *, published: dt.date | None, out_dir: Path, known: dict[str, str] | None = None,
                  force: bool = False, nlp=None) -> BatchResult:
    """Read, analyse and table one batch of documents; their texts go to ``out_dir/texts``.

    ``known`` (source -> content hash) skips documents whose bytes are unchanged, unless ``force``.
    """
    from pipeline.ingest import IngestError, read_document

    result = BatchResult()
    known = known or {}
    docs = []
    for path in paths:
        try:
            doc = read_document(path, published=published, max_bytes=settings().max_bytes)
        except IngestError as err:
            result.failures.append(str(err))
            result.document_rows.append(_failed_row(path, err.reason))
            continue
        except Exception as err:  # noqa: BLE001 - a reader's bug must not cost the other documents
            log.debug("reading %s failed", path, exc_info=True)
            reason = f"unreadable ({_one_line(err)})"
            result.failures.append(f"{path}: {reason}")
            result.document_rows.append(_failed_row(path, reason))
            continue
        if not force and known.get(doc.source) == doc.content_hash:
            result.skipped += 1
            continue
        docs.append(doc)
    for doc, rows in _analysed(docs, nlp):
        if isinstance(rows, BaseException):
            reason = f"analysis failed ({_one_line(rows)})"
            result.failures.append(f"{doc.source}: {reason}")
            result.document_rows.append(_failed_row(doc.source, reason))
            continue
        save_text(out_dir, doc.doc_id, doc.text)
        result.words += len(doc.text.split())
        result.commitment_rows.extend(rows)
        result.document_rows.append({
            "doc_id": doc.doc_id, "source": doc.source, "title": doc.title, "url": doc.url, "doc_date": doc.date,
            "kind": doc.kind, "pages": doc.pages, "chars": len(doc.text), "n_commitments": len(rows),
            "status": "ok", "ingested_at": _now(), "content_hash": doc.content_hash,
        })
    return result


def part_paths(run_dir: Path, index: int, part: str = "") -> dict[str, Path]:
    """The part files of batch ``index``; their names sort in the order of the batches."""
    return {name: Path(run_dir) / f"{index:06d}{part}.{name}.parquet" for name in ("commitments", "documents")}


def run_batch(job: Job, nlp=None) -> BatchSummary:
    """Process one batch and write its rows to its part files; return its counts."""
    from pipeline.tables import write_part

    started = time.perf_counter()
    if nlp is None:
        from pipeline.nlp import load_nlp

        nlp = load_nlp()  # cached: only the first batch in a process pays for it
    model_seconds = time.perf_counter() - started
    result = process_batch(job.paths, published=job.published, out_dir=Path(job.out_dir), force=True, nlp=nlp)
    parts = part_paths(Path(job.run_dir), job.index, job.part)
    write_part(parts["commitments"], "commitments", result.commitment_rows)
    write_part(parts["documents"], "documents", result.document_rows)
    rows = result.commitment_rows
    return BatchSummary(
        index=job.index, documents=len(job.paths),
        processed=sum(1 for r in result.document_rows if r["status"] == "ok"),
        failed=sum(1 for r in result.document_rows if r["status"] != "ok"),
        failures=result.failures, commitments=len(rows),
        timeline_free=sum(1 for r in rows if r["timeline_free"]), vague=sum(1 for r in rows if r["vague"]),
        flagged=sum(1 for r in rows if r["timeline_free"] or r["vague"]),
        words=result.words, seconds=time.perf_counter() - started, model_seconds=model_seconds)


# --- where batches run --------------------------------------------------------------------------

_ACTIVE_POOL: "WorkerPool | None" = None


WARM_UP_TEXT = "Warm-up. The two governments agreed to open a border market worth $5 million by 2026."


def warm_up() -> None:
    """Load the spaCy pipeline and everything the first document would load lazily (readers,
    lexicons, matchers: a quarter of a second more), so that start-up is paid once, up front."""
    import pipeline.ingest.html  # noqa: F401
    import pipeline.ingest.text  # noqa: F401
    from pipeline.api import TextInput, analyse
    from pipeline.ingest.language import guess_non_english
    from pipeline.nlp import load_nlp

    guess_non_english(WARM_UP_TEXT)
    for _ in analyse([TextInput(text=WARM_UP_TEXT, doc_date=dt.date(2025, 1, 1))], nlp=load_nlp()):
        pass


def _init_worker(level: int) -> None:
    """Start-up of a worker process: quiet, Ctrl-C left to the parent, the model loaded once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.basicConfig(level=level)
    # a worker that is done (recycled, or the pool closing) leaves at once: tearing down a
    # process that holds a model takes a second, during which its replacement is loading one
    atexit.register(os._exit, 0)
    warm_up()


def _worker_ready() -> int:
    return os.getpid()


# A worker process is replaced by a fresh one after this many batches (it loads the model again,
# a second or two): spaCy's string store and the allocator's free lists grow with every new
# document a process sees, so a long run would otherwise grow by tens of MB per 10,000 documents.
RECYCLE_AFTER = 64

# each worker is one process on one core: BLAS threads of its own would only compete with the
# other workers (spaCy's matrices are small), as Dask's nanny also decides for its workers
_WORKER_ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


@contextlib.contextmanager
def _spawning_workers() -> Iterator[None]:
    """While worker processes start: one BLAS thread each, and no second run of the script
    that started them. Spawned workers need ``pipeline``, not ``flows.py``; by default each
    would run it again (importing Prefect: seconds per worker), so ``__main__`` is marked as
    not to be re-imported."""
    before = {k: os.environ.get(k) for k in _WORKER_ENV}
    os.environ.update(_WORKER_ENV)
    main = sys.modules.get("__main__")
    marked = main is not None and getattr(main, "__spec__", None) is None
    if marked:
        main.__spec__ = importlib.machinery.ModuleSpec("__main__", None)
    try:
        yield
    finally:
        if marked:
            main.__spec__ = None
        for k, v in before.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


class WorkerPool:
    """``workers`` processes, each with the spaCy pipeline loaded once, that run batches.

    Used as a context manager it becomes the pool that ``execute`` hands batches to, so a
    Prefect task in a thread of the flow's process runs its batch here, in parallel with the
    others, at the cost of a thread (milliseconds), not of a Prefect process per task.
    """

    def __init__(self, workers: int, target=None, recycle_after: int | None = None):
        self.workers = workers
        self._target = target or run_batch  # tests put a crash in here
        self._recycle_after = recycle_after or RECYCLE_AFTER
        self._lock = threading.Lock()
        self._closed = False
        # while the pool lives, every worker it starts (recycled ones too) starts the same way
        self._spawn_settings = _spawning_workers()
        self._spawn_settings.__enter__()
        self._start()

    def _start(self) -> None:
        context = multiprocessing.get_context("spawn")
        options = {"max_tasks_per_child": self._recycle_after} if sys.version_info >= (3, 11) else {}
        self._executor = ProcessPoolExecutor(max_workers=self.workers, mp_context=context, initializer=_init_worker,
                                             initargs=(logging.getLogger().getEffectiveLevel(),), **options)
        # start the workers now: they load the model while the run is planned
        self._ready = [self._executor.submit(_worker_ready) for _ in range(self.workers)]

    def wait_ready(self) -> None:
        """Wait until every worker has started and loaded the model."""
        for ready in self._ready:
            ready.result()

    def submit(self, job: Job) -> Future:
        return self._executor.submit(self._target, job)

    def run(self, job: Job) -> BatchSummary:
        """Run a batch in a worker. If a worker dies meanwhile (a crash in a PDF library, the
        out-of-memory killer), the pool is started again and the batch re-run one document at
        a time, so that only the document that kills its worker fails."""
        executor = self._executor
        try:
            return executor.submit(self._target, job).result()
        except BrokenProcessPool:
            log.warning("a worker process died during batch %d; re-running it one document at a time", job.index)
            self._replace(executor)
            return self._one_at_a_time(job)

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._executor is broken:  # not already replaced by another thread
                broken.shutdown(wait=False, cancel_futures=True)
                self._start()

    def _one_at_a_time(self, job: Job) -> BatchSummary:
        from pipeline.tables import write_part

        total = BatchSummary(index=job.index)
        for i, path in enumerate(job.paths):
            single = Job(job.index, [path], job.out_dir, job.run_dir, job.published, part=f"-{i:04d}")
            executor = self._executor
            try:
                summary = executor.submit(self._target, single).result()
            except BrokenProcessPool:
                self._replace(executor)
                reason = "crashed the worker process that read it"
                write_part(part_paths(Path(job.run_dir), job.index, single.part)["documents"], "documents",
                           [_failed_row(path, reason)])
                summary = BatchSummary(index=job.index, documents=1, failed=1, failures=[f"{path}: {reason}"])
            total.add(summary)
        return total

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self._executor.shutdown(wait=True, cancel_futures=True)
        finally:
            self._spawn_settings.__exit__(None, None, None)

    def activate(self) -> WorkerPool:
        """Make this the pool that ``execute`` and ``worker_pool`` use (until ``__exit__``)."""
        global _ACTIVE_POOL
        _ACTIVE_POOL = self
        return self

    def __enter__(self) -> WorkerPool:
        return self.activate()

    def __exit__(self, *exc) -> None:
        global _ACTIVE_POOL
        _ACTIVE_POOL = None
        self.close()


@contextlib.contextmanager
def worker_pool(workers: int) -> Iterator[WorkerPool | None]:
    """A ``WorkerPool`` when ``workers`` > 1; else nothing (batches run in this process). A pool
    that the command line started beforehand (``WorkerPool(n).activate()``, while the Prefect
    server starts) is used as it is, and left for the command line to close."""
    if workers <= 1:
        yield None
        return
    if _ACTIVE_POOL is not None and _ACTIVE_POOL.workers == workers:
        pool = _ACTIVE_POOL
        try:
            yield pool
        finally:
            pool.close()  # the workers' memory is given back before the tables are merged
        return
    with WorkerPool(workers) as pool:
        yield pool


_NLP_LOCK = threading.Lock()


PRELOAD: dict[str, float] = {}


def preload_model() -> threading.Thread:
    """Load the spaCy pipeline in a background thread (while the Prefect server starts); the
    first batch run here waits for it rather than loading it again."""
    def load():
        started = time.perf_counter()
        with _NLP_LOCK:
            try:
                warm_up()
            except Exception:  # noqa: BLE001 - the first batch will load it, and say what is wrong
                log.debug("preloading the model failed", exc_info=True)
        PRELOAD["seconds"] = time.perf_counter() - started

    thread = threading.Thread(target=load, name="preload-model", daemon=True)
    thread.start()
    return thread


def preload_writers() -> threading.Thread:
    """Import the table and report writers in a background thread while the batches run in the
    workers (pyarrow and pandas take about 0.4 s to import, which the end of a run would wait for)."""
    def load():
        try:
            import pipeline.report.render  # noqa: F401
            import pipeline.tables  # noqa: F401
        except Exception:  # noqa: BLE001 - the run imports them again, and says what is wrong
            log.debug("preloading the writers failed", exc_info=True)

    thread = threading.Thread(target=load, name="preload-writers", daemon=True)
    thread.start()
    return thread


def execute(job: Job) -> BatchSummary:
    """Run a batch where this process runs them: in the active ``WorkerPool``, else here."""
    pool = _ACTIVE_POOL
    if pool is not None:
        return pool.run(job)
    with _NLP_LOCK:  # one spaCy pipeline per process, used by one thread at a time
        return run_batch(job)


# --- the end of a run ---------------------------------------------------------------------------

def finish_run(out_dir: Path, run_dir: Path, plan: Plan, summaries: list[BatchSummary]) -> dict:
    """Merge the run's part files into the tables and return the run's summary. When no
    document was (re)processed the tables are left as they are."""
    from pipeline.tables import count_rows, merge_parts

    out_dir = Path(out_dir)
    parts = {"commitments": sorted(Path(run_dir).glob("*.commitments.parquet")),
             "documents": sorted(Path(run_dir).glob("*.documents.parquet"))}
    missing = not (out_dir / "commitments.parquet").exists() or not (out_dir / "documents.parquet").exists()
    if parts["documents"] or missing:
        total_rows = merge_parts(out_dir, parts)["commitments"]
        changed = True
    else:
        total_rows = count_rows(out_dir, "commitments")
        changed = False
    summaries = sorted(summaries, key=lambda s: s.index)
    return {
        "documents": plan.sources,
        "processed": sum(s.processed for s in summaries),
        "skipped": plan.unchanged,
        "failed": sum(s.failed for s in summaries),
        "failures": [f for s in summaries for f in s.failures],
        "commitments": sum(s.commitments for s in summaries),
        "flagged": sum(s.flagged for s in summaries),
        "timeline_free": sum(s.timeline_free for s in summaries),
        "vague": sum(s.vague for s in summaries),
        "words": sum(s.words for s in summaries),
        "total_rows": total_rows,
        "changed": changed,
        "out": str(out_dir),
    }


def write_report(out_dir: Path) -> str | None:
    """Rebuild ``report.html`` from the tables (a run where every document failed still gets
    a report that lists the failures); None when the folder holds no tables at all."""
    if not any((Path(out_dir) / f"{name}.parquet").exists() for name in ("commitments", "documents")):
        return None
    from pipeline.report import write_report as _write

    return str(_write(out_dir))


class Timings(dict):
    """Seconds per phase of a run, for ``--timings`` and the benchmark."""

    @contextlib.contextmanager
    def measure(self, phase: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self[phase] = self.get(phase, 0.0) + time.perf_counter() - started


def format_timings(t: dict) -> str:
    """One line: where the time of a command went. Start-up is what any run pays (imports,
    the Prefect server, loading the model), Prefect overhead is the flow call less the phases
    inside it, work is planning, documents, tables and report.

    >>> format_timings({"imports": 2.0, "server": 4.0, "flow call": 2.5, "documents": 1.0, "total": 8.7})[:39]
    'timings: total 8.70 s = start-up 6.00 s'
    """
    phases = ("planning", "documents", "tables", "report")
    work = sum(t.get(k, 0.0) for k in phases)
    in_flow = t.get("model load", 0.0)  # workers started, or the first batch loaded it, in the flow
    model = in_flow + t.get("model wait", 0.0)  # ... or the command waited for them before the flow
    startup = t.get("imports", 0.0) + t.get("server", 0.0) + model
    overhead = max(0.0, t.get("flow call", 0.0) - work - in_flow)
    preload = f"; {t['model preload']:.2f} s more loading the model while the server started" \
        if t.get("model preload") else ""
    return (f"timings: total {t.get('total', 0.0):.2f} s = start-up {startup:.2f} s (imports {t.get('imports', 0.0):.2f}"
            f" + Prefect server {t.get('server', 0.0):.2f} + model load {model:.2f}{preload}) + Prefect overhead "
            f"{overhead:.2f} s + work {work:.2f} s (" + ", ".join(f"{k} {t.get(k, 0.0):.2f}" for k in phases)
            + f") + shutdown {t.get('shutdown', 0.0):.2f} s [flow call {t.get('flow call', 0.0):.2f} s]")


def format_summary(s: dict, quiet: bool = False) -> str:
    lines = [] if quiet else [
        f"documents: {s['documents']} ({s['processed']} processed, {s['skipped']} unchanged, {s['failed']} failed)",
        f"commitments: {s['commitments']} from this run ({s['flagged']} flagged: {s['timeline_free']} "
        f"timeline-free, {s['vague']} vague); {s['total_rows']} rows in the table",
        f"tables: {s['out']}/commitments.csv|.parquet, {s['out']}/documents.csv|.parquet"
        + (f"; report: {s['report']}" if s.get("report") else ""),
    ]
    lines += [f"FAILED {f}" for f in s["failures"]]
    return "\n".join(lines)


def quiet_prefect(level: int = logging.WARNING) -> None:
    """Keep a normal run free of Prefect's INFO chatter and of Dask's shutdown noise."""
    for name in ("prefect", "uvicorn", "httpx", "distributed", "tornado", "asyncio"):
        logging.getLogger(name).setLevel(level)
