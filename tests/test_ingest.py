"""Ingestion: files in tests/data/ (regenerate with tests/make_fixtures.py) and files made in
tmp_path for the cases that must not be committed (large, unreadable, binary)."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import pathlib
import shutil
from pathlib import Path

import pytest

from pipeline.ingest import (
    SUPPORTED_SUFFIXES,
    IngestError,
    file_content_hash,
    iter_sources,
    read_document,
)
from pipeline.ingest.language import guess_non_english
from pipeline.ingest.metadata import find_dateline, guess_kind, parse_date
from pipeline.ingest.pdf import extract_pdf

DATA = Path(__file__).parent / "data"
CORPORA = Path(__file__).parent.parent / "corpora"
D = dt.date


def copy_fixture(name: str, folder: Path, new_name: str | None = None) -> Path:
    target = folder / (new_name or name)
    shutil.copyfile(DATA / name, target)
    return target


# --- failures: each becomes a documents-table row with this reason -------------------------

MADE_AT_RUN_TIME = {
    "empty.txt": b"",
    "empty.pdf": b"",
    "blank.txt": b"  \r\n\n\t \n",
    "blank.md": b"\n\n#\n",
    "fake.pdf": b"<html><body>Not a PDF at all, despite its name.</body></html>",
    "garbled.pdf": b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\nrubbish\n%%EOF\n",
    "picture.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
    "report.docx": b"PK\x03\x04 a zip archive",
    "script_only.html": (b"<html><head><title>App</title></head><body><div id='root'></div>"
                         + b"<script>" + b"var x = 1;" * 2000 + b"</script>"
                         + b"<noscript>You need to enable JavaScript.</noscript></body></html>"),
    "nav_only.htm": b"<html><body><nav><a href='/'>Home</a></nav><footer>(c) 2024</footer></body></html>",
    "spanish.txt": ("Los dos gobiernos se comprometieron a fortalecer su cooperación en el ámbito "
                    "de la energía y a organizar una nueva reunión antes del final del año con "
                    "los socios de la región.").encode(),
}


@pytest.mark.parametrize("name, reason", [
    ("encrypted.pdf", "encrypted PDF"),
    ("truncated.pdf", "truncated or damaged PDF"),
    ("image_only.pdf", "no text layer (scanned or image-only PDF)"),
    ("french.txt", "not English (looks like fr)"),
    ("empty.txt", "empty"),
    ("empty.pdf", "empty"),
    ("blank.txt", "empty"),
    ("blank.md", "empty"),
    ("fake.pdf", "not a PDF"),
    ("garbled.pdf", "truncated or damaged PDF"),
    ("picture.txt", "binary file, not text"),
    ("report.docx", "unsupported file type .docx"),
    ("script_only.html", "no visible text"),
    ("nav_only.htm", "no visible text"),
    ("spanish.txt", "not English (looks like es)"),
    ("missing.txt", "not found"),
])
def test_unreadable_documents_fail_with_their_reason(tmp_path, name, reason):
    if (DATA / name).exists():
        path = DATA / name
    else:
        path = tmp_path / name
        if name in MADE_AT_RUN_TIME:
            path.write_bytes(MADE_AT_RUN_TIME[name])
    with pytest.raises(IngestError) as caught:
        read_document(path)
    assert caught.value.reason == reason
    assert caught.value.path == path
    assert str(caught.value) == f"{path}: {reason}"


def test_a_too_large_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    big = tmp_path / "big.pdf"
    with open(big, "wb") as handle:
        handle.truncate(52_400_000)  # sparse: no disk used, and no time to write it

    def no_reading(*args, **kwargs):
        raise AssertionError("the file was opened")

    monkeypatch.setattr(pathlib.Path, "open", no_reading)
    with pytest.raises(IngestError, match=r"too large \(52\.4 MB > 20 MB\)$"):
        read_document(big)


def test_max_bytes_is_a_parameter(tmp_path):
    path = copy_fixture("statement.txt", tmp_path)
    with pytest.raises(IngestError, match="too large"):
        read_document(path, max_bytes=100)
    assert read_document(path, max_bytes=10_000).text


def test_permission_denied(tmp_path, monkeypatch):
    path = copy_fixture("statement.txt", tmp_path, "locked.txt")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):  # root reads anything: make the OS answer as it would
            def denied(self, *args, **kwargs):
                raise PermissionError(13, "Permission denied", str(self))

            monkeypatch.setattr(pathlib.Path, "open", denied)
        with pytest.raises(IngestError) as caught:
            read_document(path)
        assert caught.value.reason == "unreadable (permission denied)"
    finally:
        path.chmod(0o644)


def test_a_folder_is_not_a_document(tmp_path):
    with pytest.raises(IngestError, match="is a directory"):
        read_document(tmp_path)


def test_ingest_error_pickles_with_its_path_and_reason():
    import pickle

    error = pickle.loads(pickle.dumps(IngestError("a/b.pdf", "encrypted PDF")))
    assert (error.path, error.reason, str(error)) == ("a/b.pdf", "encrypted PDF", "a/b.pdf: encrypted PDF")


# --- PDF --------------------------------------------------------------------------------------

# both readers: pypdfium2 (the fast path) and pdfplumber (the fallback for unsure pages)
READERS = pytest.mark.parametrize("force_fallback", [False, True], ids=["pypdfium2", "pdfplumber"])


@READERS
def test_two_page_pdf_drops_running_header_and_page_numbers(force_fallback):
    result = extract_pdf((DATA / "two_page.pdf").read_bytes(), force_fallback=force_fallback)
    text = result.text
    assert "Maritime Dialogue" not in text and "Official Text" not in text
    assert all(not line.strip().isdigit() for line in text.split("\n"))
    assert text.startswith("Joint Statement on Maritime Cooperation\n\nThe United States")
    assert text.count("Joint Statement on Maritime Cooperation") == 1
    # lines of a paragraph are joined, paragraphs kept apart
    assert ("reaffirm their commitment to deepen maritime cooperation in the South China Sea"
            in text)
    assert "friendship.\n\nBoth governments" in text
    assert result.pages == 2
    assert result.page_starts == [0, text.index("The second page opens")]


def test_ordinary_pages_stay_on_the_fast_path():
    for name in ["two_page.pdf", "two_column.pdf"]:
        assert extract_pdf((DATA / name).read_bytes()).fallback_pages == 0


@READERS
def test_line_end_hyphens_are_joined(force_fallback):
    text = extract_pdf((DATA / "two_page.pdf").read_bytes(), force_fallback=force_fallback).text
    assert "maritime domain awareness programs" in text
    assert "aware-" not in text and "aware ness" not in text


@READERS
def test_two_column_page_reads_left_column_then_right(force_fallback):
    text = extract_pdf((DATA / "two_column.pdf").read_bytes(), force_fallback=force_fallback).text
    left = ["The ministers agreed to reduce tariffs on agricultural goods by ten percent",
            "They will also open two new border markets and simplify customs procedures",
            "A joint committee will review progress every six months and report to the leaders."]
    right = ["In a separate statement, the delegations pledged to finance a regional rail link",
             "Construction is expected to begin in the spring and the first trains should run",
             "Observers welcomed the plan but questioned how it would be funded."]
    positions = [text.find(sentence) for sentence in left + right]
    assert -1 not in positions, text
    assert positions == sorted(positions)
    assert text.startswith("Regional Trade Bulletin: Ministers Agree on Tariff Cuts\n\n")
    assert not text.rstrip().endswith("7")  # the page number at the foot is gone


@READERS
def test_a_ruled_table_is_read_row_by_row(force_fallback):
    result = extract_pdf((DATA / "table.pdf").read_bytes(), force_fallback=force_fallback)
    assert result.fallback_pages == 1  # pdfplumber's table finder read the page
    assert result.text == (
        "The donors announced the following pledges for the health programme, which the "
        "secretariat will monitor and report on each year.\n\n"
        "Country | Commitment | Deadline\n\n"
        "Kenya | 10 million dollars for clinics | 2025\n\n"
        "Japan | Train 500 nurses in the region | end of 2026\n\n"
        "The secretariat will publish a progress report before the next meeting of the board."
    )


def test_a_frame_around_text_is_not_a_table():
    from fpdf import FPDF

    pdf = FPDF(unit="pt")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for i in range(8):  # eight boxes drawn around one paragraph: paths, but no table
        pdf.rect(50 + i, 80 + i, 400 - 2 * i, 60 - 2 * i)
    pdf.text(60, 100, "The parties will hold talks in June.")
    assert extract_pdf(bytes(pdf.output())).text == "The parties will hold talks in June."


def _rotated(raw: bytes, degrees: int) -> bytes:
    import io

    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(raw)
    for page in document:
        page.set_rotation(degrees)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("degrees", [90, 180, 270])
def test_upright_text_on_a_turned_page_reads_as_written(degrees):
    raw = (DATA / "two_column.pdf").read_bytes()
    assert extract_pdf(_rotated(raw, degrees)).text == extract_pdf(raw).text


def test_sideways_text_on_a_turned_page_reads_in_display_order():
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    lines = ["A landscape table page lists the pledges made by the donors,",
             "which the secretariat will publish in its annual report."]
    for i, line in enumerate(lines):
        x, y = 100 + 15 * i, 742
        with pdf.rotation(90, x, y):  # drawn running upwards: upright once the page turns
            pdf.text(x, y, line)
    text = extract_pdf(_rotated(bytes(pdf.output()), 90)).text
    assert text == " ".join(lines)


def test_pdfs_can_be_read_from_several_threads():
    from concurrent.futures import ThreadPoolExecutor

    paths = [DATA / "two_column.pdf", DATA / "two_page.pdf", DATA / "table.pdf"] * 4
    expected = {path: read_document(path).text for path in paths}
    with ThreadPoolExecutor(max_workers=4) as pool:
        texts = list(pool.map(lambda path: read_document(path).text, paths))
    assert texts == [expected[path] for path in paths]


def _pdf(pages: list[list[str]]) -> bytes:
    """A PDF with these lines on each page, 11 pt, 15 pt apart, as one paragraph."""
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="A4")
    pdf.set_font("Helvetica", size=11)
    for lines in pages:
        pdf.add_page()
        for i, line in enumerate(lines):
            pdf.text(60, 100 + 15 * i, line)
    return bytes(pdf.output())


LEAD = "Both sides agreed on a long list of measures for the coming years, including the"


@pytest.mark.parametrize("end, start, joined", [
    ("maritime aware-", "ness programs", "maritime awareness programs"),
    ("inter-", "national coordination", "international coordination"),
    ("self-", "reliance of farmers", "self-reliance of farmers"),
    ("co-", "operation of ports", "co-operation of ports"),
    ("U.S.-", "China dialogue", "U.S.-China dialogue"),
    ("COVID-", "19 response", "COVID-19 response"),
    # spelt with a hyphen elsewhere in the document: keep it
    ("cost-effective rules, cost-", "effective partners", "cost-effective rules, cost-effective partners"),
    ("work -", "and more", "work - and more"),
])
def test_hyphenation_at_line_ends(end, start, joined):
    text = extract_pdf(_pdf([[f"{LEAD} {end}", f"{start} in the region."]])).text
    assert text == f"{LEAD} {joined} in the region."


def test_a_sentence_running_over_a_page_break_is_one_paragraph():
    result = extract_pdf(_pdf([
        ["The leaders agreed to build a bridge across the river and to finance the infra-"],
        ["structure with a loan of two billion dollars by 2027.", "", "", "A new paragraph starts here."],
    ]))
    text = result.text
    assert text == ("The leaders agreed to build a bridge across the river and to finance the "
                    "infrastructure with a loan of two billion dollars by 2027.\n\n"
                    "A new paragraph starts here.")
    assert result.page_starts == [0, text.index("structure")]


def test_read_document_pdf_fields_and_page_at():
    doc = read_document(DATA / "two_page.pdf")
    assert (doc.format, doc.pages, doc.title) == ("pdf", 2, "Joint Statement on Maritime Cooperation")
    assert doc.date == D(2023, 5, 3)  # PDF CreationDate: no sidecar, no dateline
    assert doc.kind == "joint_statement"
    second = doc.text.index("The second page opens")
    assert doc.page_starts == [0, second]
    cases = {0: 1, doc.text.index("fisheries"): 1, second - 1: 1, second: 2,
             len(doc.text) - 1: 2, len(doc.text): 2, -1: None, len(doc.text) + 1: None}
    assert {offset: doc.page_at(offset) for offset in cases} == cases


def test_page_at_is_none_without_pages():
    doc = read_document(DATA / "statement.txt")
    assert doc.page_starts is None and doc.pages is None and doc.page_at(0) is None


def test_a_pdf_restricted_only_by_an_owner_password_is_read():
    doc = read_document(DATA / "owner_password_only.pdf")
    assert "coastal radar network" in doc.text


def test_a_page_without_text_keeps_its_place_in_page_starts():
    from fpdf import FPDF

    pdf = FPDF(unit="pt")
    pdf.set_font("Helvetica", size=11)
    for text in ["First page text about the agreement.", None, "Third page text about trade."]:
        pdf.add_page()
        if text:
            pdf.text(60, 100, text)
    result = extract_pdf(bytes(pdf.output()))
    third = result.text.index("Third page")
    assert result.pages == 3 and result.page_starts == [0, third, third]


# --- HTML -------------------------------------------------------------------------------------

def test_html_visible_text_only():
    doc = read_document(DATA / "page.html")
    for hidden in ["SCRIPT_TEXT", "NAV_", "FOOTER_TEXT", "COMMENT_TEXT", "HIDDEN_TEXT",
                   "NOSCRIPT_TEXT", "ASIDE_", "FORM_BUTTON", "SHARE_BUTTON", "Skip to main",
                   "font-family", "Home", "window.analytics", "<p>", "&amp;"]:
        assert hidden not in doc.text, hidden
    assert "investment partnership & to conclude negotiations" in doc.text  # entities decoded
    assert doc.text.startswith("United States–Kenya Joint Statement on Trade and Investment\n\n")
    assert "medium-sized enterprises.\nThe first ministerial meeting" in doc.text  # <br>
    assert "Expand digital trade cooperation.\nStrengthen supply chains" in doc.text  # <li>
    assert doc.format == "html" and doc.pages is None and doc.page_starts is None


def test_html_metadata_from_meta_tags():
    doc = read_document(DATA / "page.html")
    assert doc.title == "United States–Kenya Joint Statement on Trade and Investment"  # og:title
    assert doc.date == D(2024, 5, 23)  # article:published_time beats the <time> in the page
    assert doc.url == "https://news.example.org/2024/05/23/us-kenya-joint-statement"
    assert doc.kind == "joint_statement"


@pytest.mark.parametrize("article_class, banner_kept", [
    ("content", False),
    # the class/id rule would remove the article itself: then the page is read without it
    ("article-body social-share-enabled", True),
])
def test_html_class_names_of_page_furniture(tmp_path, article_class, banner_kept):
    path = tmp_path / "page.html"
    path.write_text(
        f'<html><body><div class="{article_class}"><p>'
        + "The parties agreed to open the border crossing to trucks. " * 6
        + '</p></div><div class="cookie-banner">We use cookies on this site.</div></body></html>',
        encoding="utf-8",
    )
    text = read_document(path).text
    assert text.startswith("The parties agreed to open the border crossing to trucks.")
    assert ("We use cookies" in text) == banner_kept


def test_html_title_and_charset_fallbacks(tmp_path):
    path = tmp_path / "plain.html"
    path.write_bytes(
        b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
        b"<title>Caf\xe9 talks | Wire</title><link rel='canonical' href='https://x.org/a'></head>"
        b"<body><h1>Headline</h1><p>Ministers met at the caf\xe9 and agreed to meet again.</p></body></html>"
    )
    doc = read_document(path)
    assert doc.title == "Café talks | Wire" and doc.url == "https://x.org/a"
    assert "at the café and agreed" in doc.text


# --- text and Markdown ------------------------------------------------------------------------

@pytest.mark.parametrize("name, expected_start, contains", [
    ("latin1.txt", "Café diplomacy in São Paulo: the ministers’ statement\n\n", "Brasília"),
    ("utf16_bom.txt", "Joint Statement on Health Security\n\nThe partners will provide", "100 million doses"),
    ("statement.txt", "Joint Statement on Critical Minerals\n\nWASHINGTON, April 17, 2024 —", "three years."),
])
def test_text_decoding(name, expected_start, contains):
    doc = read_document(DATA / name)
    assert doc.text.startswith(expected_start)
    assert contains in doc.text
    assert "\ufeff" not in doc.text and "\r" not in doc.text
    assert doc.format == "txt"


@pytest.mark.parametrize("raw", [
    "Joint Statement\r\n\r\nThe parties agreed.\r\n".encode("utf-8-sig"),
    "Joint Statement\n\n\n\nThe parties agreed.   \n".encode("utf-8"),
    "Joint Statement\r\rThe parties agreed.".encode("utf-16-le"),  # no BOM
    "\ufeffJoint Statement\n\nThe parties agreed.".encode("utf-16-be"),
])
def test_line_endings_bom_and_blank_lines_are_normalised(tmp_path, raw):
    path = tmp_path / "statement.txt"
    path.write_bytes(raw)
    assert read_document(path).text == "Joint Statement\n\nThe parties agreed."


def test_short_english_text_is_accepted(tmp_path):
    path = tmp_path / "short.txt"
    path.write_text("The sides agreed.", encoding="utf-8")
    assert read_document(path).text == "The sides agreed."


def test_markdown_is_stripped_lightly(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text(
        "---\ntitle: Front Matter Title\ndate: 2023-03-02\n---\n"
        "# Joint *Statement* on Energy\n\n"
        "The parties **will** build a [transmission line](https://example.org/line) by 2027.\n\n"
        "* Expand `grid` links\n* Train 500 engineers\n\n[ref]: https://example.org\n",
        encoding="utf-8",
    )
    doc = read_document(path)
    assert doc.text == ("Joint Statement on Energy\n\nThe parties will build a transmission line "
                        "by 2027.\n\n* Expand grid links\n* Train 500 engineers")
    assert (doc.format, doc.title, doc.date) == ("md", "Front Matter Title", D(2023, 3, 2))


# --- metadata precedence: published > sidecar > the document itself > empty --------------------

STATEMENT_SIDECAR = {"title": "Sidecar Title for the Critical Minerals Statement",
                     "date": D(2024, 4, 18), "url": "https://example.org/statement"}


@pytest.mark.parametrize("fixture, sidecar, published, expected", [
    # the committed sidecar beside statement.txt wins over the dateline and the first line
    ("statement.txt", "keep", None, STATEMENT_SIDECAR),
    ("statement.txt", "keep", D(2024, 1, 1), {**STATEMENT_SIDECAR, "date": D(2024, 1, 1)}),
    ("statement.txt", "keep", "2024-01-02", {**STATEMENT_SIDECAR, "date": D(2024, 1, 2)}),
    # without a sidecar: the first short line and the dateline
    ("statement.txt", None, None, {"title": "Joint Statement on Critical Minerals",
                                   "date": D(2024, 4, 17), "url": None}),
    # a partial sidecar only overrides what it has
    ("page.html", {"date": "2024-06-01"}, None,
     {"title": "United States–Kenya Joint Statement on Trade and Investment",
      "date": D(2024, 6, 1), "url": "https://news.example.org/2024/05/23/us-kenya-joint-statement"}),
    ("page.html", {"title": "From the sidecar", "url": "https://example.org/kenya"}, D(2025, 1, 1),
     {"title": "From the sidecar", "date": D(2025, 1, 1), "url": "https://example.org/kenya"}),
    ("two_page.pdf", {"title": "Sidecar PDF title", "date": None}, None,
     {"title": "Sidecar PDF title", "date": D(2023, 5, 3), "url": None}),
    # a broken sidecar is ignored, never fatal
    ("page.html", "invalid", None, {"title": "United States–Kenya Joint Statement on Trade and Investment",
                                    "date": D(2024, 5, 23),
                                    "url": "https://news.example.org/2024/05/23/us-kenya-joint-statement"}),
    ("statement.txt", {"date": "not a date", "title": ""}, None,
     {"title": "Joint Statement on Critical Minerals", "date": D(2024, 4, 17), "url": None}),
    # nothing anywhere: empty
    ("utf16_bom.txt", None, None, {"title": "Joint Statement on Health Security", "date": None, "url": None}),
])
def test_metadata_precedence(tmp_path, fixture, sidecar, published, expected):
    path = copy_fixture(fixture, tmp_path)
    sidecar_path = path.with_name(path.stem + ".meta.json")
    if sidecar == "keep":
        copy_fixture(path.stem + ".meta.json", tmp_path)
    elif sidecar == "invalid":
        sidecar_path.write_text("{not json", encoding="utf-8")
    elif sidecar is not None:
        sidecar_path.write_text(json.dumps(sidecar), encoding="utf-8")
    doc = read_document(path, published=published)
    assert {"title": doc.title, "date": doc.date, "url": doc.url} == expected


def test_dateline_in_a_pdf_beats_its_creation_date(tmp_path):
    from fpdf import FPDF

    pdf = FPDF(unit="pt")
    pdf.set_creation_date(dt.datetime(2024, 2, 1, tzinfo=dt.timezone.utc))
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.text(60, 100, "GENEVA, May 12, 2025 - The two sides agreed to lower tariffs.")
    path = tmp_path / "geneva.pdf"
    path.write_bytes(bytes(pdf.output()))
    assert read_document(path).date == D(2025, 5, 12)


@pytest.mark.parametrize("text, expected", [
    ("WASHINGTON, May 1, 2023 — The leaders met.", D(2023, 5, 1)),
    ("Title\n\nMay 1, 2023\n\nBody.", D(2023, 5, 1)),
    ("Title\nPublished: 1 May 2023\nBody.", D(2023, 5, 1)),
    ("NEW DELHI, India, Monday, Feb. 6, 2026 - Text", D(2026, 2, 6)),
    ("Posted on 2023-05-01 10:00", D(2023, 5, 1)),
    ("The treaty, signed on June 12, 2000, is in force.", None),
    ("In 2023 the leaders met.", None),
    ("May 32, 2023", None),
])
def test_dateline(text, expected):
    assert find_dateline(text) == expected


@pytest.mark.parametrize("value, expected", [
    ("2023-05-01T21:30:00-04:00", D(2023, 5, 1)),
    ("D:20230503093000Z", D(2023, 5, 3)),
    ("20230503", D(2023, 5, 3)),
    ("Sept. 6, 2018", D(2018, 9, 6)),
    (dt.datetime(2020, 1, 2, 3, 4), D(2020, 1, 2)),
    ("yesterday", None),
    ("", None),
])
def test_parse_date(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("title, lead, url, kind", [
    ("CARBIS BAY G7 SUMMIT COMMUNIQUÉ", "", None, "communique"),
    ("G20 Leaders' Declaration", "", None, "communique"),
    ("United States-France Joint Statement", "", None, "joint_statement"),
    ("China, Pakistan Issue Joint Statement", "", "https://www.voanews.com/a/x.html", "news"),
    ("China Offers Debt Relief", "Chinese President Xi Jinping promised Monday to cancel debt.", None, "news"),
    (None, "ISLAMABAD (Reuters) - Pakistan and Iran agreed", None, "news"),
    ("Fact Sheet", "The program provides grants.", None, "other"),
])
def test_kind_guess(title, lead, url, kind):
    assert guess_kind(title, lead, url) == kind


@pytest.mark.parametrize("text, language", [
    ("Die beiden Länder haben sich verpflichtet, ihre Zusammenarbeit im Bereich der Energie zu "
     "stärken und vor Ende des Jahres ein weiteres Treffen mit den Partnern der Region zu organisieren.", "de"),
    ("Os dois governos comprometeram-se a reforçar a sua cooperação no domínio da energia e a "
     "organizar uma nova reunião antes do final do ano com os parceiros da região.", "pt"),
    ("I due governi si sono impegnati a rafforzare la loro cooperazione nel settore dell'energia e a "
     "organizzare una nuova riunione prima della fine dell'anno con i partner della regione.", "it"),
    ("两国政府承诺加强能源领域的合作，并在年底前与该地区的伙伴举行新一轮会议。" * 3, "zh"),
    ("The Government of France and the United States will establish a joint fund of 10 million "
     "euros, the ministers said, « pour la coopération » as the French text puts it, by 2026.", None),
    ("Déclaration conjointe des deux ministres.", None),  # too short to judge
])
def test_language_check(text, language):
    assert guess_non_english(text) == language


# --- identity, sources, side effects ----------------------------------------------------------

def test_doc_id_hashes_the_text_and_content_hash_the_bytes(tmp_path):
    unix, windows = tmp_path / "unix.txt", tmp_path / "windows.txt"
    unix.write_bytes(b"Joint Statement\n\nThe parties agreed to meet.\n")
    windows.write_bytes(b"Joint Statement\r\n\r\nThe parties agreed to meet.\r\n")
    a, b = read_document(unix), read_document(windows)
    assert a.doc_id == b.doc_id == hashlib.sha256(a.text.encode("utf-8")).hexdigest()[:16]
    assert a.content_hash == hashlib.sha256(unix.read_bytes()).hexdigest() == file_content_hash(unix)
    assert a.content_hash != b.content_hash
    assert a.source == str(unix) and a.path == unix


def test_iter_sources(tmp_path):
    for name in ["b.txt", "b.meta.json", "a.PDF", "notes.docx", ".hidden.txt", "sub/c.md",
                 "sub/page.HTM", "sub/page.meta.json", ".git/d.txt", "sub/.cache/e.html"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    assert iter_sources(tmp_path) == [tmp_path / "a.PDF", tmp_path / "b.txt",
                                      tmp_path / "sub/c.md", tmp_path / "sub/page.HTM"]
    assert iter_sources(str(tmp_path / "notes.docx")) == [tmp_path / "notes.docx"]
    assert iter_sources(tmp_path / "missing") == [tmp_path / "missing"]
    assert SUPPORTED_SUFFIXES == {".txt", ".md", ".html", ".htm", ".pdf"}


def test_inputs_are_never_modified():
    def snapshot():
        return {p.name: (p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
                for p in sorted(DATA.iterdir())}

    before = snapshot()
    for path in iter_sources(DATA):
        try:
            read_document(path)
        except IngestError:
            pass
    assert snapshot() == before


def test_corpora_read_with_their_sidecar_dates():
    sources = iter_sources(CORPORA)
    assert sources and not any(p.name.endswith(".meta.json") for p in sources)
    for path in sources:
        doc = read_document(path)
        sidecar = path.with_name(path.stem + ".meta.json")
        if sidecar.exists():
            meta = json.loads(sidecar.read_text(encoding="utf-8"))
            assert doc.date == D.fromisoformat(meta["date"]), path
            assert doc.title == meta["title"], path
        assert doc.kind in {"joint_statement", "communique", "news", "other"}


def test_read_document_refuses_a_named_pipe_instead_of_blocking(tmp_path):
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    with pytest.raises(IngestError, match=r"pipe\.txt: not a regular file \(named pipe\)"):
        read_document(pipe)
