"""The HTML report (pipeline/report): its data, its file, and the page in a real browser.

The browser tests open the report in Debian's headless ``chromium`` through Playwright's
Python package (its driver only, never its browser download) and are skipped, with the
reason, where either is missing.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.report import write_report
from pipeline.report.data import build_report_data, locate_sentence, money_by_currency, split_into_pieces
from pipeline.report.render import json_for_script
from pipeline.schema import COMMITMENT_COLUMNS, COMMITMENTS, DOCUMENT_COLUMNS, DOCUMENTS

RUN_DATE = dt.date(2025, 6, 1)
XSS = "<script>alert(1)</script>"

# ------------------------------------------------------------------ fixture tables
TEXT_SEED = (
    "Iran and Pakistan sign agreements, vow to boost trade\n\n"
    "ISLAMABAD, August 3, 2024 - The two governments concluded 12 new agreements covering trade, "
    "tourism and culture. They set an ambitious goal to more than triple their annual trade from "
    "3 billion to 10 billion dollars. Both sides recommitted to tackling terrorism along their "
    "909-kilometer frontier. The leaders agreed to quickly open two more border markets at "
    "Chaghai-Kuhak and Gabd-Rimdan by the end of 2024. Pakistan will lend Iran $500 million for a "
    "power line by March 2025. Among the ideas discussed is a Regional Cooperation Bloc.\n\n"
    "Analysts said the visit went well."
)
TEXT_EU = (
    "EU-India summit communique\n\n"
    f"Delegates noted that a page may contain {XSS} and <b>markup</b> & entities like &amp; and "
    "\"quotes\" without harm. The European Union will provide EUR 2 billion for green hydrogen "
    "corridors by 2030. India and the European Union will strengthen cooperation on connectivity. "
    "The two sides intend to conclude a free trade agreement by the end of 2026. "
    "The EU pledged 450 million euros <img src=x onerror=alert(2)> to the Global Gateway by June 2027. "
    "Both sides will review progress by the next summit.\n\n"
    "The leaders also discussed a joint space mission."
)
TEXT_MISSING = "Canada and Mexico will cut methane emissions by 75 percent by 2030. They will also cooperate."

DOCS = [
    # doc_id, source, title, date, kind, status, text (None: no text file), write text file?
    ("a1b2c3d4e5f60001", "corpora/seed_iran_pakistan.txt", "Iran and Pakistan sign agreements", "2024-08-03",
     "news", "ok", TEXT_SEED, True),
    ("a1b2c3d4e5f60002", "corpora/eu_india.html", "EU-India summit communiqué", "2025-01-15",
     "communique", "ok", TEXT_EU, True),
    ("a1b2c3d4e5f60003", "corpora/ca_mx.txt", None, "2024-11-02", "joint_statement", "ok", TEXT_MISSING, False),
    ("a1b2c3d4e5f60004", "corpora/scan.pdf", "A scanned treaty", None, "other", "failed: no text layer", None, False),
    ("a1b2c3d4e5f60005", "corpora/empty_news.txt", "Markets report", "2025-02-01", "news", "ok",
     "Stocks rose on Tuesday.", True),
]

# sentence, kind, certainty, actors, amount (value, unit, text), deadline (text, date, granularity),
# timeline_free, vague, reasons, confidence, places
C = [
    ("a1b2c3d4e5f60001", "The two governments concluded 12 new agreements covering trade, tourism and culture.",
     "agreement", "firm", ["Iran", "Pakistan"], (12, "count", "12"), None, False, False, [], 0.95, []),
    ("a1b2c3d4e5f60001", "They set an ambitious goal to more than triple their annual trade from 3 billion to 10 billion dollars.",
     "target", "hedged", ["Iran", "Pakistan"], (1e10, "USD", "3 billion to 10 billion dollars"), None, True, False,
     ["no deadline"], 0.9, []),
    ("a1b2c3d4e5f60001", "Both sides recommitted to tackling terrorism along their 909-kilometer frontier.",
     "pledge", "reaffirmed", ["Iran", "Pakistan"], (909, "km", "909-kilometer"), None, True, True,
     ["no deadline", "vague verb: tackle"], 0.7, []),
    ("a1b2c3d4e5f60001", "The leaders agreed to quickly open two more border markets at Chaghai-Kuhak and Gabd-Rimdan by the end of 2024.",
     "pledge", "firm", ["Iran", "Pakistan"], (2, "count", "two"), ("by the end of 2024", "2024-12-31", "year"),
     False, False, [], 0.88, ["Chaghai-Kuhak", "Gabd-Rimdan"]),
    ("a1b2c3d4e5f60001", "Pakistan will lend Iran $500 million for a power line by March 2025.",
     "pledge", "firm", ["Pakistan"], (5e8, "USD", "$500 million"), ("by March 2025", "2025-03-31", "month"),
     False, False, [], 0.8, ["Iran"]),
    ("a1b2c3d4e5f60001", "Among the ideas discussed is a Regional Cooperation Bloc.",
     "proposal", "proposed", ["Iran", "Pakistan"], None, None, True, True, ["no deadline", "no measurable target"], 0.55, []),
    ("a1b2c3d4e5f60002", "The European Union will provide EUR 2 billion for green hydrogen corridors by 2030.",
     "pledge", "firm", ["European Union"], (2e9, "EUR", "EUR 2 billion"), ("by 2030", "2030-12-31", "year"),
     False, False, [], 0.93, []),
    ("a1b2c3d4e5f60002", "India and the European Union will strengthen cooperation on connectivity.",
     "pledge", "firm", ["India", "European Union"], None, None, True, True, ["no deadline", "vague verb: strengthen"], 0.62, []),
    ("a1b2c3d4e5f60002", "The two sides intend to conclude a free trade agreement by the end of 2026.",
     "pledge", "firm", ["India", "European Union"], None, ("by the end of 2026", "2026-12-31", "year"), False, False, [], 0.86, []),
    ("a1b2c3d4e5f60002", "The EU pledged 450 million euros <img src=x onerror=alert(2)> to the Global Gateway by June 2027.",
     "pledge", "firm", ["European Union", f"Team {XSS}"], (4.5e8, "EUR", "450 million euros"),
     ("by June 2027", "2027-06-30", "month"), False, False, [], 0.77, ["Global Gateway"]),
    ("a1b2c3d4e5f60002", "Both sides will review progress by the next summit.",
     "pledge", "firm", ["India", "European Union"], None, ("by the next summit", None, None), False, True,
     ["no measurable target"], 0.6, []),
    ("a1b2c3d4e5f60002", "The leaders also discussed a joint space mission.",
     "proposal", "proposed", ["India", "European Union"], None, None, True, False, ["no deadline"], 0.5, []),
    ("a1b2c3d4e5f60003", "Canada and Mexico will cut methane emissions by 75 percent by 2030.",
     "target", "firm", ["Canada", "Mexico"], (75, "%", "75 percent"), ("by 2030", "2030-12-31", "year"), False, False, [], 0.9, []),
    ("a1b2c3d4e5f60003", "They will also cooperate.",
     "pledge", "firm", ["Canada", "Mexico"], None, None, True, True, ["no deadline", "no measurable target"], 0.4, []),
]


def _commitment_rows() -> list[dict]:
    texts = {d[0]: d[6] for d in DOCS}
    meta = {d[0]: d for d in DOCS}
    rows = []
    for doc_id, sentence, kind, certainty, actors, amount, deadline, tf, vague, reasons, conf, places in C:
        start = texts[doc_id].index(sentence)
        end = start + len(sentence)
        cid = hashlib.sha256(f"{doc_id}:{start}:{end}:{kind}".encode()).hexdigest()[:16]
        date = meta[doc_id][3]
        rows.append({
            "commitment_id": cid, "doc_id": doc_id, "source": meta[doc_id][1],
            "doc_date": dt.date.fromisoformat(date) if date else None,
            "sentence": sentence, "char_start": start, "char_end": end, "page": None,
            "kind": kind, "certainty": certainty, "actors": actors, "action": "act", "object": "something",
            "amount_value": float(amount[0]) if amount else None, "amount_unit": amount[1] if amount else None,
            "amount_text": amount[2] if amount else None, "baseline_value": 3e9 if kind == "target" and amount and amount[1] == "USD" else None,
            "target_value": 1e10 if kind == "target" and amount and amount[1] == "USD" else None,
            "quantities": [{"text": amount[2], "value": float(amount[0]), "unit": amount[1]}] if amount else [],
            "places": places, "countries": [],
            "deadline_text": deadline[0] if deadline else None,
            "deadline": dt.date.fromisoformat(deadline[1]) if deadline and deadline[1] else None,
            "deadline_granularity": deadline[2] if deadline else None,
            "timeline_free": tf, "vague": vague, "flag_reasons": reasons, "confidence": conf,
            "rule": f"{kind}.test", "amount_note": None,
        })
    return rows


def _document_rows(commitments: list[dict]) -> list[dict]:
    counts = pd.Series([c["doc_id"] for c in commitments]).value_counts().to_dict()
    return [{
        "doc_id": doc_id, "source": source, "title": title, "url": f"https://example.org/{doc_id}" if status == "ok" else None,
        "doc_date": dt.date.fromisoformat(date) if date else None, "kind": kind, "pages": 3 if source.endswith(".pdf") else None,
        "chars": len(text) if text else None, "n_commitments": counts.get(doc_id, 0), "status": status,
        "ingested_at": dt.datetime(2025, 6, 1, 9, 30, tzinfo=dt.timezone.utc), "content_hash": doc_id,
    } for doc_id, source, title, date, kind, status, text, _ in DOCS]


def write_fixture(out: Path) -> Path:
    """A small output folder following pipeline/schema.py: five documents (one failed, one
    without its text file, one holding a script tag), fourteen commitments."""
    out.mkdir(parents=True, exist_ok=True)
    commitments = _commitment_rows()
    pq.write_table(pa.Table.from_pylist(commitments, schema=COMMITMENTS), out / "commitments.parquet")
    pq.write_table(pa.Table.from_pylist(_document_rows(commitments), schema=DOCUMENTS), out / "documents.parquet")
    (out / "texts").mkdir(exist_ok=True)
    for doc_id, *_, text, has_file in DOCS:
        if text and has_file:
            (out / "texts" / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def fixture_out(tmp_path_factory) -> Path:
    out = write_fixture(tmp_path_factory.mktemp("report") / "out")
    write_report(out, run_date=RUN_DATE)
    return out


def embedded_data(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', html, re.S)
    assert match, "the data block is missing"
    return json.loads(match.group(1))


# ------------------------------------------------------------------ the file and its data
def test_write_report_writes_one_file_atomically(fixture_out):
    path = write_report(fixture_out, run_date=RUN_DATE)
    assert path == fixture_out / "report.html"
    leftovers = [p.name for p in fixture_out.iterdir() if p.name.startswith(".report-")]
    assert leftovers == []
    html = path.read_text(encoding="utf-8")
    assert "http://" not in html.split("<main>")[0] and "<link" not in html  # nothing fetched
    assert not re.search(r"<script[^>]+src=", html)


def test_document_text_cannot_close_the_data_block(fixture_out):
    html = (fixture_out / "report.html").read_text(encoding="utf-8")
    assert XSS not in html and "<img src=x" not in html and "<b>markup" not in html
    data = embedded_data(html)  # still parses, and holds the text unchanged
    eu = next(d for d in data["documents"] if d["doc_id"] == "a1b2c3d4e5f60002")
    assert XSS in "".join(piece for piece, _ in eu["pieces"])
    assert json_for_script({"t": "</script>&"}) == '{"t":"\\u003c/script\\u003e\\u0026"}'


def test_report_data_counts_follow_the_tables(fixture_out):
    data = embedded_data((fixture_out / "report.html").read_text(encoding="utf-8"))
    com = pd.read_parquet(fixture_out / "commitments.parquet")
    s = data["summary"]
    assert s["commitments"] == len(com) == 14
    assert s["documents"] == 5 and s["documents_failed"] == 1
    assert s["failures"][0]["reason"] == "no text layer"
    assert s["by_kind"] == {k: int((com.kind == k).sum()) for k in ("agreement", "target", "pledge", "proposal")}
    assert s["timeline_free"] == com.timeline_free.sum() and s["vague"] == com.vague.sum()
    assert s["deadlines_past"] == 2  # end of 2024 and March 2025, before the run date 2025-06-01
    money = {c["currency"]: c for c in data["money"]}
    assert set(money) == {"USD", "EUR"}  # km, %, count are not money
    assert money["EUR"]["total"] == pytest.approx(2.45e9)
    eu = next(a for a in money["EUR"]["actors"] if a["name"] == "European Union")
    assert eu["total"] == pytest.approx(2.45e9) and eu["by_kind"] == {"pledge": pytest.approx(2.45e9)}


@pytest.mark.parametrize("text, spans, expected", [
    ("ab cd ef", [], [["ab cd ef", []]]),
    ("ab cd ef", [(3, 5, 0)], [["ab ", []], ["cd", [0]], [" ef", []]]),
    # one sentence, two commitments: one piece carrying both rows
    ("ab cd ef", [(3, 5, 0), (3, 5, 1)], [["ab ", []], ["cd", [0, 1]], [" ef", []]]),
    # overlapping spans split where they overlap
    ("abcdef", [(0, 4, 0), (2, 6, 1)], [["ab", [0]], ["cd", [0, 1]], ["ef", [1]]]),
])
def test_split_into_pieces(text, spans, expected):
    pieces = split_into_pieces(text, spans)
    assert pieces == expected
    assert "".join(p for p, _ in pieces) == text


@pytest.mark.parametrize("text, sentence, start, end, expected", [
    ("A. We will act.", "We will act.", 3, 15, (3, 15)),
    ("A. We  will\nact.", "We will act.", 3, 16, (3, 16)),  # whitespace collapsed
    ("A. We will act.", "We will act.", 0, 5, (3, 15)),  # wrong offsets: found by the sentence
    ("A. We will act.", "We will act.", 90, 99, (3, 15)),  # offsets past the text
    ("A. We will act.", "Not in it.", 90, 99, None),
])
def test_locate_sentence(text, sentence, start, end, expected):
    assert locate_sentence(text, sentence, start, end) == expected


def test_money_counts_only_iso_currencies():
    rows = [
        {"currency": "USD", "amount_value": 5.0, "actors": ["A", "B"], "kind": "pledge"},
        {"currency": "USD", "amount_value": 2.0, "actors": ["A"], "kind": "target"},
        {"currency": None, "amount_value": 75.0, "actors": ["A"], "kind": "target"},
    ]
    (usd,) = money_by_currency(rows)
    assert usd["total"] == 7.0 and usd["n"] == 2
    assert [(a["name"], a["total"]) for a in usd["actors"]] == [("A", 7.0), ("B", 5.0)]


def _odd_folders(tmp: Path):
    empty = tmp / "empty"
    empty.mkdir()
    yield "no tables at all", empty

    schema_only = tmp / "schema_only"
    schema_only.mkdir()
    pq.write_table(COMMITMENTS.empty_table(), schema_only / "commitments.parquet")
    pq.write_table(DOCUMENTS.empty_table(), schema_only / "documents.parquet")
    yield "empty tables", schema_only

    odd = tmp / "odd"
    odd.mkdir()
    # old and new columns: some columns missing, one extra, NaN everywhere, bad offsets, odd kinds
    pd.DataFrame({
        "doc_id": ["d1", "d1", None, "../../etc/passwd"],
        "sentence": ["We will act.", None, "Orphan.", "x"],
        "char_start": [0, float("nan"), 5, -3],
        "char_end": [999, float("nan"), 2, 1],
        "kind": ["pledge", None, "wish", float("nan")],
        "actors": [["A"], None, [], ["B"]],
        "amount_value": [float("nan"), float("inf"), 1.0, 2.0],
        "amount_unit": ["USD", "EUR", "usd", None],
        "deadline": ["2020-01-01", "not a date", "1850-01-01", "2400-12-31"],
        "timeline_free": [None, "true", "yes", "no"],  # strings, as from a CSV
        "confidence": [float("nan"), 2.0, None, -1],
        "added_later": [1, 2, 3, 4],
    }).to_parquet(odd / "commitments.parquet")
    pd.DataFrame({"doc_id": ["d1", "d1", "d9"], "status": [None, "ok", "failed: unreadable"]}).to_parquet(odd / "documents.parquet")
    (odd / "texts").mkdir()
    (odd / "texts" / "d1.txt").write_bytes(b"We will act.\xff\xfe and more")
    yield "missing columns, NaN, bad offsets", odd

    broken = tmp / "broken"
    broken.mkdir()
    (broken / "commitments.parquet").write_bytes(b"not parquet")
    (broken / "documents.parquet").write_text("")
    yield "unreadable files", broken


def test_odd_data_gives_a_report_not_an_exception(tmp_path):
    for what, folder in _odd_folders(tmp_path):
        path = write_report(folder, run_date=RUN_DATE)
        data = embedded_data(path.read_text(encoding="utf-8"))
        assert data["summary"]["commitments"] == len(data["rows"]), what
    odd = embedded_data((tmp_path / "odd" / "report.html").read_text(encoding="utf-8"))
    assert odd["summary"]["documents_failed"] == 1
    assert odd["rows"][0]["placed"] and odd["rows"][0]["confidence"] is None
    broken = embedded_data((tmp_path / "broken" / "report.html").read_text(encoding="utf-8"))
    assert any("could not be read" in n for n in broken["meta"]["notices"])


@pytest.fixture(scope="module")
def big_out(tmp_path_factory) -> Path:
    """4,000 commitments over the fixture's documents (texts 40 times as long)."""
    out = tmp_path_factory.mktemp("big")
    base = _commitment_rows()
    rows = [dict(base[i % len(base)], commitment_id=f"c{i}", confidence=(i % 97) / 97) for i in range(4000)]
    pq.write_table(pa.Table.from_pylist(rows, schema=COMMITMENTS), out / "commitments.parquet")
    pq.write_table(pa.Table.from_pylist(_document_rows(rows), schema=DOCUMENTS), out / "documents.parquet")
    (out / "texts").mkdir()
    for doc_id, *_, text, has_file in DOCS:
        if text and has_file:
            (out / "texts" / f"{doc_id}.txt").write_text(text * 40, encoding="utf-8")
    return out


def test_lone_surrogates_and_failed_rows_without_doc_id(tmp_path):
    # the pipeline saves texts with surrogatepass; failed documents have no doc_id
    text = "\ud800 Both sides will act."
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "d1.txt").write_bytes(text.encode("utf-8", "surrogatepass"))
    row = {"doc_id": "d1", "sentence": "Both sides will act.", "char_start": 2, "char_end": 22, "kind": "pledge",
           "actors": ["A"]}
    pq.write_table(pa.Table.from_pylist([row]), tmp_path / "commitments.parquet")
    docs = [{"doc_id": "d1", "source": "a.txt", "status": "ok"},
            {"doc_id": None, "source": "b.pdf", "status": "failed: unreadable"},
            {"doc_id": None, "source": "c.pdf", "status": "failed: empty"}]
    pq.write_table(pa.Table.from_pylist(docs), tmp_path / "documents.parquet")
    data = embedded_data(write_report(tmp_path, run_date=RUN_DATE).read_text(encoding="utf-8"))
    d1 = next(d for d in data["documents"] if d["doc_id"] == "d1")
    assert d1["pieces"] == [["\ufffd ", []], ["Both sides will act.", [0]]]
    assert sorted(f["reason"] for f in data["summary"]["failures"]) == ["empty", "unreadable"]


def test_report_is_fast_on_a_few_thousand_rows(big_out):
    write_report(big_out, run_date=RUN_DATE)  # warm imports
    timings = []
    for _ in range(3):  # the best of three, so that a busy machine does not fail it
        start = time.perf_counter()
        write_report(big_out, run_date=RUN_DATE)
        timings.append(time.perf_counter() - start)
    assert min(timings) < 1.0, timings


def test_build_report_data_uses_the_schema_columns():
    # one row holding exactly the schema's columns goes through untouched
    row = {c: None for c in COMMITMENT_COLUMNS} | {"doc_id": "d", "sentence": "S.", "kind": "pledge"}
    doc = {c: None for c in DOCUMENT_COLUMNS} | {"doc_id": "d", "status": "ok"}
    data = build_report_data([row], [doc], {"d": "S."}, run_date=RUN_DATE, generated_at="now")
    assert data["documents"][0]["pieces"] == [["S.", [0]]]


# ------------------------------------------------------------------ the page in Chromium
CHROMIUM = Path("/usr/bin/chromium")
browser_needed = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium (/usr/bin/chromium) is not installed: apt-get install -y chromium")


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium (/usr/bin/chromium) is not installed: apt-get install -y chromium")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright Python package is not installed: pip install playwright")
    from pipeline.report.screenshot import launch

    with sync_api.sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.fixture
def page(browser, fixture_out):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = context.new_page()
    pg.errors = []
    pg.dialogs = []
    pg.on("console", lambda m: pg.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(f"pageerror: {e}"))
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("request", lambda r: pg.errors.append(f"request: {r.url}") if not r.url.startswith(("file:", "data:")) else None)
    pg.goto((fixture_out / "report.html").as_uri())
    pg.wait_for_selector("html[data-report-ready]")
    yield pg
    context.close()


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def _int(page, selector: str) -> int:
    return int(page.inner_text(selector).replace(",", ""))


@browser_needed
def test_page_loads_clean_and_screenshot(page, fixture_out, tmp_path):
    assert page.errors == []
    assert page.title().startswith("Commitments report")
    assert page.locator("#chart-actors svg").count() == 1
    assert page.locator("#chart-money .currency-block").count() == 2
    assert page.locator("#chart-deadlines circle.dot").count() == 6
    assert page.locator('#chart-deadlines circle.dot[data-past="1"]').count() == 2
    png = tmp_path / "report.png"
    page.screenshot(path=str(png), full_page=True)
    assert png.stat().st_size > 10_000
    shutil.copy(png, fixture_out / "report-test-screenshot.png")


@browser_needed
def test_header_counts_equal_the_tables(page, fixture_out):
    com = pd.read_parquet(fixture_out / "commitments.parquet")
    docs = pd.read_parquet(fixture_out / "documents.parquet")
    failed = docs.status.str.startswith("failed")
    assert _int(page, "#count-documents") == len(docs)
    assert _int(page, "#count-documents-ok") == (~failed).sum()
    assert _int(page, "#count-documents-failed") == failed.sum()
    assert _int(page, "#count-commitments") == len(com)
    for kind in ("agreement", "target", "pledge", "proposal"):
        assert _int(page, f"#count-kind-{kind}") == (com.kind == kind).sum(), kind
    assert _int(page, "#count-timeline-free") == com.timeline_free.sum()
    assert _int(page, "#count-vague") == com.vague.sum()
    assert _int(page, "#count-past-deadlines") == (com.deadline < RUN_DATE).sum()
    assert page.locator("#commitments-table tbody tr[data-id]:visible").count() == len(com)
    assert "no text layer" in page.inner_text("#failures")


@browser_needed
@pytest.mark.parametrize("flag, column_test", [
    ("timeline_free", lambda c: c.timeline_free),
    ("vague", lambda c: c.vague),
    ("neither", lambda c: ~c.timeline_free & ~c.vague),
])
def test_flag_filter_shows_only_flagged_rows(page, fixture_out, flag, column_test):
    com = pd.read_parquet(fixture_out / "commitments.parquet")
    expected = set(com[column_test(com)].commitment_id)
    page.select_option("#filter-flag", flag)
    visible = page.locator("#commitments-table tbody tr[data-id]:visible")
    ids = page.evaluate("""() => {
        const data = JSON.parse(document.getElementById('report-data').textContent);
        return [...document.querySelectorAll('#commitments-table tbody tr[data-id]')]
            .filter(tr => !tr.hidden).map(tr => data.rows[+tr.dataset.id].commitment_id);
    }""")
    assert set(ids) == expected and visible.count() == len(expected)
    assert _int(page, "#table-shown") == len(expected)
    badge = {"timeline_free": ".badge.tf", "vague": ".badge.vague"}.get(flag)
    for i in range(visible.count()):
        row = visible.nth(i)
        if badge:
            assert row.locator(badge).count() == 1
        else:
            assert row.locator(".badge.tf, .badge.vague").count() == 0


@browser_needed
def test_sorting_by_confidence_and_amount(page):
    page.click('#commitments-table th[data-key="confidence"]')
    confs = [float(t) for t in page.locator("#commitments-table tbody tr[data-id] td.conf").all_inner_texts()]
    assert confs == sorted(confs, reverse=True)
    page.click('#commitments-table th[data-key="confidence"]')
    confs = [float(t) for t in page.locator("#commitments-table tbody tr[data-id] td.conf").all_inner_texts()]
    assert confs == sorted(confs)
    page.click('#commitments-table th[data-key="deadline"]')
    first = page.locator("#commitments-table tbody tr[data-id]").first
    assert "by the end of 2024" in first.inner_text()


@browser_needed
def test_clicking_a_row_scrolls_to_and_highlights_its_sentence(page):
    sentence = "The two sides intend to conclude a free trade agreement by the end of 2026."
    row = page.locator("#commitments-table tbody tr[data-id]", has_text=sentence)
    row_id = row.get_attribute("data-id")
    doc = page.locator("details.doc", has_text="EU-India summit")
    assert doc.get_attribute("open") is None  # its document starts collapsed
    page.evaluate("window.scrollTo(0, 0)")
    row.click()
    mark = page.locator(f'mark.cm.is-selected[data-ids~="{row_id}"]')
    mark.wait_for()
    assert mark.inner_text() == sentence
    assert doc.get_attribute("open") is not None
    box = mark.bounding_box()
    viewport = page.viewport_size
    assert box and 0 <= box["y"] and box["y"] + box["height"] <= viewport["height"]
    assert page.locator("mark.cm.is-selected").count() == 1
    panel = doc.locator(".slot-panel")
    assert "by the end of 2026" in panel.inner_text() and "India, European Union" in panel.inner_text()
    # hovering another sentence shows its slots
    other = doc.locator("mark.cm", has_text="EUR 2 billion")
    other.hover()
    assert "EUR 2 bn" in page.inner_text("#tooltip")


@browser_needed
def test_document_markup_is_shown_as_text_and_runs_nothing(page):
    doc = page.locator("details.doc", has_text="EU-India summit")
    doc.locator("summary").click()
    text = doc.locator(".doc-text")
    assert XSS in text.inner_text() and "<b>markup</b>" in text.inner_text()
    assert page.evaluate("""() => {
        const texts = [...document.querySelectorAll('.doc-text')];
        const walker = document.createTreeWalker(texts.find(t => t.textContent.includes('EU-India')), NodeFilter.SHOW_TEXT);
        let node; while ((node = walker.nextNode())) if (node.nodeValue.includes('<script>alert(1)</script>')) return true;
        return false;
    }""")
    assert page.locator("script").count() == 2  # the data block and the report's own script
    assert page.locator("img").count() == 0 and text.locator("b").count() == 0
    actor = page.locator("#commitments-table td.actors", has_text="Team")
    assert XSS in actor.inner_text()
    doc.locator("mark.cm", has_text="onerror").hover()
    page.wait_for_timeout(100)
    assert page.dialogs == [] and page.errors == []


@browser_needed
def test_missing_text_shows_the_sentences_only(page):
    doc = page.locator("details.doc", has_text="ca_mx.txt")
    doc.locator("summary").click()
    expect(doc.locator(".sentence-list mark.cm")).to_have_count(2)
    assert doc.locator(".doc-text").count() == 0
    assert "Canada and Mexico will cut methane" in doc.inner_text()


@browser_needed
def test_a_big_table_opens_fast_and_pages(browser, big_out):
    write_report(big_out, run_date=RUN_DATE)
    pg = browser.new_page()
    start = time.perf_counter()
    pg.goto((big_out / "report.html").as_uri())
    pg.wait_for_selector("html[data-report-ready]")
    assert time.perf_counter() - start < 10.0  # about 0.7 s on an idle 2-core machine
    rows = pg.locator("#commitments-table tbody tr[data-id]")
    assert rows.count() == 200 and _int(pg, "#table-shown") == 4000
    pg.click("#commitments-table .more-row button:text('Show all')")
    assert rows.count() == 4000
    pg.close()


@browser_needed
def test_clicking_an_actor_bar_filters_the_table(page, fixture_out):
    com = pd.read_parquet(fixture_out / "commitments.parquet")
    page.locator("#chart-actors g.bar-row", has_text="Canada").click()
    assert page.input_value("#filter-actor") == "Canada"
    expected = sum("Canada" in list(a) for a in com.actors)
    assert page.locator("#commitments-table tbody tr[data-id]").count() == expected == 2


@browser_needed
def test_odd_data_reports_open_without_errors(browser, tmp_path):
    for what, folder in _odd_folders(tmp_path):
        pg = browser.new_page()
        errors = []
        pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.goto(write_report(folder, run_date=RUN_DATE).as_uri())
        pg.wait_for_selector("html[data-report-ready]")
        assert errors == [], what
        assert _int(pg, "#count-commitments") == pg.locator("#commitments-table tbody tr[data-id]").count(), what
        pg.close()
