"""Render the report's data into one self-contained HTML file, and write it atomically.

The page is a static template with the stylesheet, the script and the data inlined.
The data goes in a ``<script type="application/json">`` block with ``<``, ``>`` and ``&``
escaped as ``\\u003c`` etc., so no text from a document can close the block or become
markup; the script builds the page with ``textContent`` only. A Content-Security-Policy
allows just this page's own script and style (by hash) and no network at all.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import json
import logging
import os
import re
import tempfile
from importlib import resources
from pathlib import Path

from pipeline.report.data import build_report_data, load_report_data, without_surrogates

log = logging.getLogger(__name__)

REPORT_NAME = "report.html"
_PLACEHOLDER = re.compile(r"\{\{ (TITLE|CSP|CSS|JS|DATA) \}\}")
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _asset(name: str) -> str:
    return resources.files("pipeline.report").joinpath("templates", name).read_text(encoding="utf-8")


def json_for_script(data: object) -> str:
    """JSON that is safe inside a ``<script type="application/json">`` element.

    >>> json_for_script({"t": "</script>"})
    '{"t":"\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return re.sub("[<>&\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group()], text)


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def render_html(data: dict) -> str:
    """The report page for ``data`` (from :func:`pipeline.report.data.build_report_data`)."""
    css = _asset("report.css")
    js = _asset("report.js")
    csp = (
        "default-src 'none'; "
        f"script-src '{_sha256(js)}'; "
        f"style-src '{_sha256(css)}'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    out_dir = data.get("meta", {}).get("out_dir") or ""
    values = {
        "TITLE": html.escape(f"Commitments report — {out_dir}" if out_dir else "Commitments report"),
        "CSP": html.escape(csp, quote=True),
        "CSS": css,
        "JS": js,
        "DATA": json_for_script(data),
    }
    # one pass, so that nothing substituted is ever read as a placeholder
    page = _PLACEHOLDER.sub(lambda m: values[m.group(1)], _asset("report.html"))
    return without_surrogates(page)  # a lone surrogate (from a file name, say) cannot be written as UTF-8


def _fallback_data(out_dir: Path, run_date: dt.date, generated_at: str, error: Exception) -> dict:
    return build_report_data(
        [], [], {},
        run_date=run_date,
        generated_at=generated_at,
        out_dir_name=out_dir.name,
        notices=[f"The report could not be built from the tables ({type(error).__name__}: {error})."],
    )


def write_report(out_dir: str | Path, *, run_date: dt.date | None = None) -> Path:
    """Write ``out_dir/report.html`` from the tables and texts in ``out_dir``; return its path.

    Reads ``commitments.parquet``, ``documents.parquet`` and ``texts/<doc_id>.txt``;
    deadlines before ``run_date`` (default: today) are marked as past. The file is written
    to a temporary file in the same folder and renamed, so a reader never sees half a page.
    Odd or missing data gives a report with notices, never an exception.

    >>> write_report("outputs")            # doctest: +SKIP
    PosixPath('outputs/report.html')
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    run_date = run_date or dt.date.today()
    generated_at = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    try:
        data = load_report_data(out, run_date=run_date, generated_at=generated_at)
        page = render_html(data)
    except Exception as exc:  # noqa: BLE001 - the report must never break an ingest
        log.exception("report data for %s could not be built", out)
        page = render_html(_fallback_data(out, run_date, generated_at, exc))
    target = out / REPORT_NAME
    fd, tmp_name = tempfile.mkstemp(prefix=".report-", suffix=".html.tmp", dir=out)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(page)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return target
