"""Regenerate the small ingestion fixtures in tests/data/.

    .venv/bin/python tests/make_fixtures.py

Needs the dev-only PDF writer ``fpdf2`` (see the dev extras). The generated files are
committed, so the tests themselves never need fpdf2 except for the run-time files they
make in tmp_path (large or unreadable files).

``page.html`` is written by hand. The PDFs are written with plain ``text()`` calls at
explicit positions (the table with fpdf2's ruled ``table()``) so that the layout is known:
the two-column page writes its lines *interleaved* (left line 1, right line 1, left line 2,
...), the order in which some producers emit them and the case where naive content-stream
order or top-to-bottom sorting mixes the columns.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from fpdf import FPDF

DATA = Path(__file__).parent / "data"
CREATED = dt.datetime(2023, 5, 3, 9, 30, tzinfo=dt.timezone.utc)

HEADER = "U.S.-Philippines Maritime Dialogue | Official Text"

PAGE1 = [
    [
        "The United States and the Philippines reaffirm their commitment to deepen",
        "maritime cooperation in the South China Sea and to expand joint patrols",
        "across the region, building on decades of alliance and friendship.",
    ],
    [
        "Both governments will establish a coastal radar network by the end of 2025",
        "and will provide 50 million dollars in assistance for maritime domain aware-",
        "ness programs, subject to the availability of funds.",
    ],
    [
        "The leaders welcome the growing cooperation between their coast guards and",
        "commit to holding an annual dialogue on fisheries enforcement.",
    ],
]
PAGE2 = [
    [
        "The second page opens with a pledge: the two sides will complete the",
        "modernization of three ports within five years, and will report on progress",
        "at the next ministerial meeting in Manila.",
    ],
    [
        "They also intend to coordinate humanitarian assistance and disaster relief",
        "with partners in the region.",
    ],
]

LEFT_COLUMN = (
    "The ministers agreed to reduce tariffs on agricultural goods by ten percent "
    "before the end of next year. They will also open two new border markets and "
    "simplify customs procedures for small traders. A joint committee will review "
    "progress every six months and report to the leaders."
)
RIGHT_COLUMN = (
    "In a separate statement, the delegations pledged to finance a regional rail "
    "link worth two billion dollars. Construction is expected to begin in the spring "
    "and the first trains should run within four years. Observers welcomed the plan "
    "but questioned how it would be funded."
)


def _new_pdf(title: str | None) -> FPDF:
    pdf = FPDF(unit="pt", format="A4")  # 595 x 842 pt
    pdf.set_auto_page_break(False)
    pdf.set_creation_date(CREATED)
    pdf.set_producer("tests/make_fixtures.py")
    if title:
        pdf.set_title(title)
    return pdf


def _body_page(pdf: FPDF, paragraphs: list[list[str]], number: int, title: str | None) -> None:
    pdf.add_page()
    pdf.set_font("Helvetica", size=9)
    pdf.text(60, 40, HEADER)
    y = 90
    if title:
        pdf.set_font("Helvetica", "B", 16)
        pdf.text(60, y, title)
        y += 34
    pdf.set_font("Helvetica", size=11)
    for paragraph in paragraphs:
        for line in paragraph:
            pdf.text(60, y, line)
            y += 15
        y += 12  # paragraph gap
    pdf.set_font("Helvetica", size=9)
    pdf.text(292, 810, str(number))


def two_page_pdf(**encryption) -> bytes:
    title = "Joint Statement on Maritime Cooperation"
    pdf = _new_pdf(title)
    if encryption:
        pdf.set_encryption(**encryption)
    _body_page(pdf, PAGE1, 1, title)
    _body_page(pdf, PAGE2, 2, None)
    return bytes(pdf.output())


def _wrap(pdf: FPDF, text: str, width: float) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and pdf.get_string_width(candidate) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    lines.append(line)
    return lines


def two_column_pdf() -> bytes:
    pdf = _new_pdf("Regional Trade Bulletin")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.text(50, 70, "Regional Trade Bulletin: Ministers Agree on Tariff Cuts")
    pdf.set_font("Helvetica", size=11)
    left = _wrap(pdf, LEFT_COLUMN, 225)
    right = _wrap(pdf, RIGHT_COLUMN, 225)
    y = 110
    for i in range(max(len(left), len(right))):
        # interleaved on purpose: left line i, then right line i, on the same baseline
        if i < len(left):
            pdf.text(50, y, left[i])
        if i < len(right):
            pdf.text(315, y, right[i])
        y += 15
    pdf.set_font("Helvetica", size=9)
    pdf.text(292, 810, "7")
    return bytes(pdf.output())


def image_only_pdf() -> bytes:
    pdf = _new_pdf(None)
    pdf.add_page()
    pdf.set_fill_color(90, 90, 90)
    pdf.rect(80, 100, 430, 600, style="F")  # a "scanned page": graphics, no text
    return bytes(pdf.output())


def table_pdf() -> bytes:
    """A paragraph, a ruled table of pledges, a paragraph."""
    pdf = _new_pdf("Pledges")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.set_xy(60, 60)
    pdf.multi_cell(475, 15, "The donors announced the following pledges for the health programme, "
                            "which the secretariat will monitor and report on each year.")
    pdf.set_y(pdf.get_y() + 10)
    rows = [("Country", "Commitment", "Deadline"),
            ("Kenya", "10 million dollars for clinics", "2025"),
            ("Japan", "Train 500 nurses in the region", "end of 2026")]
    with pdf.table(width=475, col_widths=(100, 250, 125), line_height=16) as table:
        for values in rows:
            row = table.row()
            for value in values:
                row.cell(value)
    pdf.set_y(pdf.get_y() + 10)
    pdf.multi_cell(475, 15, "The secretariat will publish a progress report before the next "
                            "meeting of the board.")
    return bytes(pdf.output())


def main() -> None:
    DATA.mkdir(exist_ok=True)
    two_page = two_page_pdf()
    (DATA / "two_page.pdf").write_bytes(two_page)
    (DATA / "truncated.pdf").write_bytes(two_page[: len(two_page) // 2])
    (DATA / "two_column.pdf").write_bytes(two_column_pdf())
    (DATA / "image_only.pdf").write_bytes(image_only_pdf())
    (DATA / "table.pdf").write_bytes(table_pdf())
    (DATA / "encrypted.pdf").write_bytes(two_page_pdf(owner_password="owner", user_password="secret"))
    # restrictions only (empty user password): opens without a password, must be read
    (DATA / "owner_password_only.pdf").write_bytes(two_page_pdf(owner_password="owner"))

    (DATA / "latin1.txt").write_bytes(
        "Caf\xe9 diplomacy in S\xe3o Paulo: the ministers\u2019 statement\n\n"
        "The two governments agreed to expand cooperation on renewable energy and to "
        "hold a further round of talks in Bras\xedlia before the end of the year. "
        "They will publish a joint report on the results of the programme.\n".encode("cp1252")
    )
    (DATA / "utf16_bom.txt").write_bytes(
        "Joint Statement on Health Security\n\n"
        "The partners will provide 100 million doses of vaccine to countries in need "
        "and will strengthen the capacity of regional laboratories, the statement said.\n"
        .encode("utf-16")  # the "utf-16" codec writes a BOM
    )
    (DATA / "french.txt").write_text(
        "Déclaration conjointe\n\n"
        "Les deux gouvernements se sont engagés à renforcer leur coopération dans le domaine "
        "de l'énergie et à organiser une nouvelle réunion avant la fin de l'année. Ils ont "
        "également décidé de créer un comité mixte qui sera chargé de suivre la mise en œuvre "
        "des accords et de présenter un rapport aux ministres dans un délai de six mois.\n",
        encoding="utf-8",
    )
    (DATA / "statement.txt").write_text(
        "Joint Statement on Critical Minerals\n\n"
        "WASHINGTON, April 17, 2024 — The United States and Norway today announced their "
        "intent to negotiate an agreement on critical minerals trade.\n\n"
        "Both countries will work to strengthen supply chains and expand investment in "
        "processing capacity over the next three years.\n",
        encoding="utf-8",
    )
    (DATA / "statement.meta.json").write_text(
        json.dumps({"title": "Sidecar Title for the Critical Minerals Statement",
                    "date": "2024-04-18", "url": "https://example.org/statement"}, indent=1) + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
