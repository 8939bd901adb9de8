"""Open a report in headless Chromium and save a screenshot (used by the tests and for the
README picture). Needs the ``playwright`` Python package and Debian's ``chromium``;
Playwright's own browser download is never used.

    python -m pipeline.report.screenshot outputs docs/report.png [--full-page]
"""
from __future__ import annotations

import argparse
import os
from pathlib import Path

CHROMIUM_PATH = os.environ.get("REPORT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1440, "height": 1000}


def launch(playwright):
    """A headless Chromium browser from the system's ``chromium`` binary."""
    return playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)


def screenshot(report: str | Path, png: str | Path, *, full_page: bool = False) -> Path:
    """Save a PNG of ``report`` (a report.html, or the folder holding one) as ``png``."""
    from playwright.sync_api import sync_playwright

    report = Path(report)
    if report.is_dir():
        report = report / "report.html"
    png = Path(png)
    png.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = launch(p)
        try:
            page = browser.new_page(viewport=VIEWPORT, device_scale_factor=1)
            page.goto(report.resolve().as_uri())
            page.wait_for_selector("html[data-report-ready]")
            page.screenshot(path=str(png), full_page=full_page)
        finally:
            browser.close()
    return png


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", help="report.html or the output folder holding it")
    parser.add_argument("png", help="where to save the screenshot")
    parser.add_argument("--full-page", action="store_true")
    args = parser.parse_args(argv)
    screenshot(args.report, args.png, full_page=args.full_page)


if __name__ == "__main__":
    main()
