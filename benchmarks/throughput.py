"""Throughput, memory and start-up of the ingest flow on this machine.

    .venv/bin/python benchmarks/throughput.py [--workers 2] [--words 200000] [--small 1000 10000]
    .venv/bin/python benchmarks/throughput.py --quick          # a smaller, faster version

Prints:
* words per second of the whole ``ingest`` flow (``python flows.py ingest --workers N``, its
  flow call timed by ``--timings``, a Prefect server already running as under ``serve``) on a
  corpus of at least 200,000 words (the sample corpus repeated, each copy made unique), and
  of bare spaCy ``nlp.pipe`` with the same model on the same texts in as many processes (the
  same cores), and their ratio; also ``nlp.pipe`` of the project's whole pipeline (the model
  plus its commitment components, each document with its date and title), which is the NLP
  work of an ingest without Prefect, files or tables;
* peak memory (all processes of the command) for 1,000 and 10,000 small documents;
* PDF pages per second on a generated multi-page born-digital PDF;
* the wall time of ``python flows.py ingest`` on one short document, split into start-up
  (imports, the Prefect server, the model) and work;
* what Prefect costs here: temporary server, flow call, task submit/map, Dask.

Other programs on the machine (its load average is printed) slow any figure down, never up, and
this machine's speed drifts by 10-30 % from one minute to the next: the baselines and the ingest
run are measured back to back in rounds (``--rounds``, 5; the order turns from round to round),
the ratio is taken within each round, and the round with the median ratio is printed. The ingest flow's workers start while the command
starts (as the bare baselines load their model
before the clock starts); the whole command's words per second, start-up included, is printed
beside it.
"""
from __future__ import annotations

import os

# one BLAS thread per process, as the pipeline's workers use (set before numpy loads)
for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "ERROR")
os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "error")

import argparse  # noqa: E402
import multiprocessing  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
CORPUS = ROOT / "corpora"


# --- corpora ------------------------------------------------------------------------------------

def words_in(text: str) -> int:
    return len(text.split())


def repeated_corpus(folder: Path, min_words: int) -> tuple[int, int, int]:
    """The sample corpus copied until it holds ``min_words``; each copy starts with its own line,
    so that no two documents have the same content. Returns (documents, words, copies)."""
    folder.mkdir(parents=True)
    sources = sorted(CORPUS.glob("*.txt"))
    words = documents = copies = 0
    while words < min_words:
        for path in sources:
            text = f"Copy {copies + 1}.\n\n" + path.read_text(encoding="utf-8")
            (folder / f"{copies:03d}_{path.name}").write_text(text, encoding="utf-8")
            sidecar = path.with_name(path.stem + ".meta.json")
            if sidecar.exists():
                shutil.copy(sidecar, folder / f"{copies:03d}_{sidecar.name}")
            words += words_in(text)
            documents += 1
        copies += 1
    return documents, words, copies


def paragraphs() -> list[str]:
    out = []
    for path in sorted(CORPUS.glob("*.txt")):
        for block in path.read_text(encoding="utf-8").split("\n\n"):
            block = " ".join(block.split())
            if 20 <= words_in(block) <= 120:
                out.append(block)
    return out


def small_documents(folder: Path, count: int) -> int:
    """``count`` one-paragraph documents (a news brief each), in 100 sub-folders; returns words."""
    blocks = paragraphs()
    words = 0
    for i in range(count):
        sub = folder / f"{i // 100:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        text = f"Brief {i + 1}.\n\n{blocks[i % len(blocks)]}\n"
        (sub / f"brief_{i:05d}.txt").write_text(text, encoding="utf-8")
        words += words_in(text)
    return words


def make_pdf(path: Path, pages: int) -> None:
    """A born-digital PDF: ``pages`` A4 pages of corpus text in Helvetica, a page number at the
    foot of each (written by hand: no PDF library needed)."""
    lines: list[str] = []
    for block in paragraphs():
        line = ""
        for word in block.split():
            if len(line) + len(word) + 1 > 92:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        lines += [line, ""]

    def esc(s: str) -> str:
        s = s.encode("cp1252", "replace").decode("cp1252")
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b"",
                            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    kids = []
    per_page = 50
    for n in range(pages):
        chunk = [lines[(n * per_page + i) % len(lines)] for i in range(per_page)]
        body = "BT /F1 10 Tf 13 TL 56 790 Td " + " ".join(f"({esc(x)}) '" for x in chunk) + " ET\n"
        body += f"BT /F1 9 Tf 280 40 Td (Page {n + 1} of {pages}) Tj ET\n"
        data = body.encode("cp1252", "replace")
        objects.append(b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")
        content_id = len(objects)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >>"
                       b" /Contents %d 0 R >>" % content_id)
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids) + b"] /Count %d >>" % pages
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))


# --- measuring ----------------------------------------------------------------------------------

class PeakMemory:
    """Peak resident memory of a process and all its children, sampled every 50 ms."""

    def __init__(self, pid: int):
        import psutil

        self.process = psutil.Process(pid)
        self.peak_total = self.peak_main = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self):
        import psutil

        while not self._stop.is_set():
            try:
                main = self.process.memory_info().rss
                total = main + sum(c.memory_info().rss for c in self.process.children(recursive=True))
            except psutil.Error:
                total = main = 0
            self.peak_total = max(self.peak_total, total)
            self.peak_main = max(self.peak_main, main)
            time.sleep(0.05)

    def stop(self):
        self._stop.set()
        self._thread.join()


def run_cli(args: list[str], env: dict, timeout: float = 3600) -> dict:
    """Run ``python flows.py ...``; its wall time, peak memory, output and ``--timings``."""
    started = time.perf_counter()
    process = subprocess.Popen([PYTHON, str(ROOT / "flows.py"), *args], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    memory = PeakMemory(process.pid)
    stdout, stderr = process.communicate(timeout=timeout)
    wall = time.perf_counter() - started
    memory.stop()
    timings = next((line for line in stderr.splitlines() if line.startswith("timings:")), "")
    found = {k: float(v) for k, v in re.findall(r"(flow call|start-up|work|total) ([\d.]+) s", timings)}
    if process.returncode not in (0, 1):
        raise RuntimeError(f"flows.py {' '.join(args)} failed ({process.returncode}):\n{stdout}\n{stderr}")
    return {"wall": wall, "peak": memory.peak_total, "main": memory.peak_main, "stdout": stdout,
            "stderr": stderr, "timings": timings, **found}


def _pipe_share(which: str, paths: list[str], barrier, results) -> None:
    """In a child process: load, wait for the others, then time ``nlp.pipe`` over its share."""
    from pipeline.api import TextInput, analyse
    from pipeline.ingest import read_document
    from pipeline.nlp import load_nlp

    if which == "model":
        import spacy

        from pipeline.config import settings

        nlp = spacy.load(settings().model)
        texts = [Path(p).read_text(encoding="utf-8") for p in paths]
        list(nlp.pipe(texts[:2]))
    else:
        nlp = load_nlp()
        docs = [read_document(p) for p in paths]
        items = [TextInput(text=d.text, doc_date=d.date, source=d.source, title=d.title, kind=d.kind,
                           doc_id=d.doc_id) for d in docs]
        list(analyse(items[:2], nlp=nlp))
    barrier.wait()
    started = time.perf_counter()
    if which == "model":
        for _ in nlp.pipe(texts, batch_size=16):
            pass
    else:
        for _ in analyse(items, nlp=nlp, batch_size=16):
            pass
    results.put(time.perf_counter() - started)


def bare_pipe(which: str, paths: list[Path], processes: int) -> float:
    """Words per second of ``nlp.pipe`` over ``paths`` in ``processes`` processes at once."""
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(processes), context.Queue()
    shares = [[str(p) for p in paths[i::processes]] for i in range(processes)]
    workers = [context.Process(target=_pipe_share, args=(which, share, barrier, results)) for share in shares]
    for w in workers:
        w.start()
    seconds = max(results.get(timeout=3600) for _ in workers)
    for w in workers:
        w.join()
    words = sum(words_in(p.read_text(encoding="utf-8")) for p in paths)
    return words / seconds


def prefect_costs(api_url: str, scratch: Path) -> list[str]:
    """What Prefect costs on this machine, measured."""
    from prefect import flow, task
    from prefect.cache_policies import NO_CACHE
    from prefect.settings import PREFECT_API_URL, temporary_settings
    from prefect.task_runners import ThreadPoolTaskRunner

    from pipeline import server

    lines = []
    # Prefect's own temporary server, as a run with no API configured starts it
    code = ("import time\nfrom prefect import flow\n@flow\ndef f():\n    return 1\n"
            "t = time.perf_counter(); f(); print(time.perf_counter() - t)\n")
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(scratch / "ephemeral-home")
    first_calls = []
    for _ in range(2):
        done = subprocess.run([PYTHON, "-c", code], env=env, capture_output=True, text=True, timeout=300)
        first_calls.append(float(done.stdout.split()[-1]))
    lines.append(f"  temporary server (no API configured): first flow call {first_calls[0]:.1f} s with a new "
                 f"database, {first_calls[1]:.1f} s after")

    @task(cache_policy=NO_CACHE)
    def nothing(i: int) -> int:
        return i

    @flow(task_runner=ThreadPoolTaskRunner(max_workers=4))
    def empty() -> None:
        return None

    @flow(task_runner=ThreadPoolTaskRunner(max_workers=4))
    def submitted(n: int) -> None:
        for f in [nothing.submit(i) for i in range(n)]:
            f.result()

    @flow(task_runner=ThreadPoolTaskRunner(max_workers=4))
    def mapped(n: int) -> None:
        nothing.map(range(n)).result()

    with server.use_api(api_url):
        calls = []
        for _ in range(4):
            t = time.perf_counter()
            empty()
            calls.append(time.perf_counter() - t)
        base = statistics.median(calls[1:])
        lines.append(f"  flow call against a running server: {base:.2f} s")
        n = 100
        t = time.perf_counter()
        submitted(n)
        per_submit = (time.perf_counter() - t - base) / n
        t = time.perf_counter()
        mapped(n)
        per_map = (time.perf_counter() - t - base) / n
        lines.append(f"  task: .submit {per_submit * 1000:.0f} ms each, .map {per_map * 1000:.0f} ms each "
                     f"({n} tasks in threads, the flow call subtracted)")

        from prefect_dask import DaskTaskRunner

        def dask_flow():
            return submitted.with_options(task_runner=DaskTaskRunner(cluster_kwargs={
                "n_workers": 1, "threads_per_worker": 1, "processes": True, "dashboard_address": None}))

        dask_flow()(1)  # imports, once
        t = time.perf_counter()
        dask_flow()(1)
        one = time.perf_counter() - t
        t = time.perf_counter()
        dask_flow()(41)
        per_task = (time.perf_counter() - t - one) / 40
        lines.append(f"  Dask LocalCluster, 1 worker, API known: flow with cluster start and one task {one:.1f} s; "
                     f"{per_task * 1000:.0f} ms per further task")
    # no API configured at all: the flow starts a temporary server, and so does the Dask worker
    code = ("import time\nfrom prefect import flow, task\nfrom prefect_dask import DaskTaskRunner\n"
            "@task\ndef nothing(i):\n    return i\n"
            "@flow(task_runner=DaskTaskRunner(cluster_kwargs={'n_workers': 1, 'threads_per_worker': 1, "
            "'dashboard_address': None}))\ndef f():\n    nothing.submit(1).result()\n"
            "if __name__ == '__main__':\n    t = time.perf_counter(); f(); print(time.perf_counter() - t)\n")
    script = scratch / "dask_alone.py"
    script.write_text(code)
    done = subprocess.run([PYTHON, str(script)], env=env, capture_output=True, text=True, timeout=600)
    alone = float(done.stdout.split()[-1]) if done.returncode == 0 and done.stdout.split() else float("nan")
    lines.append(f"  Dask with no API configured (a temporary server for the flow, and the worker's own): the "
                 f"same one-task flow {alone:.1f} s; the command line starts one server and gives its URL to "
                 f"every worker")
    return lines


SECTIONS = ["throughput", "memory", "pdf", "one", "prefect"]


def mb(n: int) -> str:
    return f"{n / 1e6:,.0f} MB"


def throughput(args, scratch: Path, env: dict) -> None:
    from pipeline.config import settings

    corpus = scratch / "corpus"
    documents, words, copies = repeated_corpus(corpus, args.words)
    paths = sorted(corpus.glob("*.txt"))
    print(f"corpus: {documents} documents, {words:,} words (the sample corpus {copies} times)", flush=True)
    # The speed of this machine drifts by 10-30 % from minute to minute (other programs on the
    # host), so the three are measured back to back in rounds and compared within a round; the
    # median of the rounds' ratios is the figure.
    command = ["ingest", str(corpus), "--out", str(scratch / "out"), "--workers", str(args.workers), "--quiet",
               "--timings", "--force"]
    rounds = []
    for n in range(args.rounds):
        # the order turns from round to round, so that none of the three is always measured
        # first (just after an idle moment) or last
        measured: dict[str, object] = {}
        for which in ("model", "pipeline", "ingest")[n % 3:] + ("model", "pipeline", "ingest")[:n % 3]:
            measured[which] = run_cli(command, env) if which == "ingest" else bare_pipe(which, paths, args.workers)
        model_wps, pipeline_wps, run = measured["model"], measured["pipeline"], measured["ingest"]
        ingest_wps = words / run["flow call"]
        rounds.append((model_wps, pipeline_wps, ingest_wps, run))
        print(f"  round {n + 1}: bare spaCy {model_wps:,.0f} w/s, whole pipeline {pipeline_wps:,.0f} w/s, "
              f"ingest {ingest_wps:,.0f} w/s: ratio {ingest_wps / model_wps:.2f} (load average "
              f"{os.getloadavg()[0]:.1f})", flush=True)
    unchanged = run_cli(["ingest", str(corpus), "--out", str(scratch / "out"), "--quiet", "--timings"], env)

    middle = sorted(rounds, key=lambda r: r[2] / r[0])[len(rounds) // 2]
    model_wps, pipeline_wps, ingest_wps, run = middle
    print(f"\nthroughput, words per second (the median round of {len(rounds)}; each round measures all three "
          f"back to back)")
    print(f"  ingest flow, --workers {args.workers} (a server running): {ingest_wps:,.0f} w/s "
          f"[flow call {run['flow call']:.1f} s; the whole command {run['wall']:.1f} s: {words / run['wall']:,.0f} w/s]")
    print(f"  bare spaCy nlp.pipe, {settings().model} alone, same texts, {args.workers} processes: "
          f"{model_wps:,.0f} w/s")
    print(f"  RATIO ingest / bare spaCy: {ingest_wps / model_wps:.2f}   (target >= 0.80; rounds: "
          f"{', '.join(f'{r[2] / r[0]:.2f}' for r in rounds)})")
    print(f"  nlp.pipe of the whole pipeline (model + commitment components, each document with its date "
          f"and title), {args.workers} processes: {pipeline_wps:,.0f} w/s")
    print(f"  ratio ingest / whole-pipeline nlp.pipe: {statistics.median([r[2] / r[1] for r in rounds]):.2f}   (what "
          f"Prefect, reading, tables and the report cost)")
    print(f"  ratio whole-pipeline / bare spaCy: {statistics.median([r[1] / r[0] for r in rounds]):.2f}   (what the "
          f"commitment components cost: the ceiling of the first ratio)")
    print(f"  peak memory of the command: {mb(run['peak'])} (all its processes), main process {mb(run['main'])}")
    print(f"  {run['timings']}")
    print(f"  re-run over the unchanged corpus: {unchanged['wall']:.1f} s wall, "
          f"{unchanged['stdout'].strip() or 'nothing printed (--quiet)'}")
    print(f"  {unchanged['timings']}", flush=True)


def memory(args, scratch: Path, env: dict) -> None:
    print("\nmemory as the corpus grows (one-paragraph documents)")
    peaks = []
    for count in args.small:
        folder = scratch / f"small{count}"
        small_words = small_documents(folder, count)
        done = run_cli(["ingest", str(folder), "--out", str(scratch / f"out{count}"), "--workers",
                        str(args.workers), "--quiet", "--timings"], env)
        peaks.append(done["peak"])
        print(f"  {count:,} documents ({small_words:,} words): peak {mb(done['peak'])} (main process "
              f"{mb(done['main'])}), {done['wall']:.1f} s, {small_words / done['flow call']:,.0f} w/s", flush=True)
        shutil.rmtree(folder)
    print(f"  RATIO peak {args.small[1]:,} / {args.small[0]:,}: {peaks[1] / peaks[0]:.2f}   (target <= 1.20)")


def pdf_speed(args, scratch: Path) -> None:
    from pipeline.ingest import read_document
    from pipeline.ingest.pdf import extract_pdf

    pdf = scratch / "generated.pdf"
    make_pdf(pdf, args.pdf_pages)
    raw = pdf.read_bytes()
    extract_pdf(raw)  # warm the library once
    t = time.perf_counter()
    result = extract_pdf(raw)
    pdf_s = time.perf_counter() - t
    t = time.perf_counter()
    read_document(pdf)
    read_s = time.perf_counter() - t
    print(f"\nPDF text extraction, a generated {result.pages}-page born-digital PDF "
          f"({words_in(result.text):,} words): {result.pages / pdf_s:,.0f} pages/s "
          f"(read_document, with language check and metadata: {result.pages / read_s:,.0f} pages/s)", flush=True)


def one_document(scratch: Path, env: dict) -> None:
    one = scratch / "one.txt"
    shutil.copy(ROOT / "tests" / "data" / "statement.txt", one)
    cli_env = {k: v for k, v in env.items() if k != "PREFECT_API_URL"}
    cli_env["COMMITMENTS_STATE_DIR"] = str(scratch / "cli-state")
    runs_one = [run_cli(["ingest", str(one), "--out", str(scratch / "out-one"), "--force", "--timings"], cli_env)
                for _ in range(3)]
    best = sorted(runs_one, key=lambda r: r["wall"])[1]  # the median of three
    print("\none short document: python flows.py ingest one.txt (no Prefect server running: the command "
          "starts one; median of 3)")
    print(f"  wall {best['wall']:.2f} s: start-up {best['start-up']:.2f} s (Prefect and the model), work "
          f"{best['work']:.2f} s, the rest Prefect's flow overhead, shutdown and Python's own start")
    print(f"  {best['timings']}", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--words", type=int, default=200_000)
    ap.add_argument("--small", type=int, nargs=2, default=(1_000, 10_000))
    ap.add_argument("--pdf-pages", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=5, help="rounds of the throughput comparison (the median is kept)")
    ap.add_argument("--quick", action="store_true", help="50,000 words, 200 and 2,000 small documents, one round")
    ap.add_argument("--only", nargs="+", choices=SECTIONS, default=SECTIONS, metavar="SECTION",
                    help=f"measure only these: {', '.join(SECTIONS)}")
    args = ap.parse_args()
    if args.quick:
        args.words, args.small, args.pdf_pages, args.rounds = 50_000, (200, 2_000), 50, 1

    from pipeline import server
    from pipeline.config import settings

    scratch = Path(tempfile.mkdtemp(prefix="commitments-bench-"))
    try:
        print(f"commitments benchmark: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start, "
              f"model {settings().model}, --workers {args.workers}", flush=True)
        t = time.perf_counter()
        local = server.start_server(scratch / "state")
        new_db = time.perf_counter() - t
        local.stop()
        t = time.perf_counter()
        local = server.start_server(scratch / "state")
        warm_db = time.perf_counter() - t
        env = dict(os.environ, PREFECT_API_URL=local.api_url, COMMITMENTS_STATE_DIR=str(scratch / "state"))
        try:
            if "throughput" in args.only:
                throughput(args, scratch, env)
            if "memory" in args.only:
                memory(args, scratch, env)
            if "pdf" in args.only:
                pdf_speed(args, scratch)
            if "one" in args.only:
                one_document(scratch, env)
            print("\nPrefect costs on this machine")
            print(f"  local server (pipeline.server): start {new_db:.1f} s with a new database, {warm_db:.1f} s after")
            if "prefect" in args.only:
                for line in prefect_costs(local.api_url, scratch):
                    print(line, flush=True)
        finally:
            server.drain_prefect_clients()
            local.stop()
        print(f"\nload average at the end: {os.getloadavg()[0]:.1f}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
