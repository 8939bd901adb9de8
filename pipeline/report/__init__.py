"""The HTML report of an output folder: ``write_report(out_dir) -> Path``.

Every ingest writes ``report.html`` beside the tables; ``python flows.py report [--out DIR]``
rebuilds it. The page is one self-contained file (inline script, style, data and SVG charts;
nothing fetched) with an overview, the commitments table and each document's text with its
commitment sentences highlighted.
"""
from pipeline.report.data import build_report_data, load_report_data
from pipeline.report.render import REPORT_NAME, render_html, write_report

__all__ = ["write_report", "render_html", "build_report_data", "load_report_data", "REPORT_NAME"]
