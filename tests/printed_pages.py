"""Measure a printed PDF page by page: its text lines and how full each page is.

Fill of a page = how far down its text reaches, as a share of the text area:
(bottom of the lowest text line - top of the text area) / height of the text area.
The text area is the page less its margins. The top margin is read from the PDF
itself (the highest text on any page: a page starts at the top of its area) and
the bottom margin is taken equal to it, as `@page { margin: ... }` makes them.
Only text counts, not boxes or backgrounds, so a page that ends in an empty
worksheet box measures less full than it looks; with answers it is right to about
a line.

Run it on a built site for the before/after figures:
    make build && .venv/bin/python tests/printed_pages.py site weeks/week-1/ topics/01-objects-and-functions/
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from pypdf import PdfReader

DESCENT = 0.25  # a line's text reaches this share of its font size below the baseline


@dataclass
class Line:
    top: float  # distance from the top of the paper, in points
    bottom: float
    text: str
    font_size: float  # the largest on the line


@dataclass
class PrintedPage:
    lines: list[Line]  # for geometry; `text` keeps pypdf's spacing and order
    text: str
    fill: float  # 0..1, see the module docstring


def squash(text: str) -> str:
    """Compare text across PDF line breaks and hyphenation: drop all white space."""
    return re.sub(r"\s+", "", text)


def page_lines(pdf_page) -> tuple[list[Line], str]:
    """The page's text as lines from top to bottom (runs on one baseline make a line),
    and as pypdf extracts it."""
    height = float(pdf_page.mediabox.height)
    runs: dict[float, list[tuple[float, str, float]]] = {}

    def visit(text, cm, tm, _font, font_size):
        if not text.strip():
            return
        # Position and size in page space: the text matrix, then the current transformation.
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        size = font_size * abs(tm[3] * cm[3])
        runs.setdefault(round(height - y), []).append((x, text, size))

    text = pdf_page.extract_text(visitor_text=visit)
    lines = []
    for baseline, parts in sorted(runs.items()):
        size = max(part[2] for part in parts)
        line = "".join(part[1] for part in sorted(parts, key=lambda part: part[0]))
        lines.append(Line(top=baseline - size, bottom=baseline + DESCENT * size, text=line.strip(), font_size=size))
    return lines, text


def measure_pdf(pdf: bytes) -> list[PrintedPage]:
    reader = PdfReader(io.BytesIO(pdf))
    pages = [page_lines(page) for page in reader.pages]
    height = float(reader.pages[0].mediabox.height)
    margin = min((lines[0].top for lines, _ in pages if lines), default=0.0)
    area = height - 2 * margin
    return [
        PrintedPage(lines, text, max(0.0, (lines[-1].bottom - margin) / area) if lines else 0.0)
        for lines, text in pages
    ]


def print_pdf(page) -> bytes:
    """What the reader's "Save as PDF" on A4 gives: the page's own print CSS and margins."""
    return page.pdf(format="A4", print_background=True)


def underfilled(pages: list[PrintedPage], least: float = 0.5) -> list[tuple[int, float]]:
    """Pages (numbered from 1) other than the last whose text stops above `least` of the area."""
    return [(number, page.fill) for number, page in enumerate(pages[:-1], 1) if page.fill < least]


def heading_size(pages: list[PrintedPage]) -> float:
    """Headings h1 to h3 are at least this large. In Material h1 is 2em and h3 1.25em,
    so a heading is at least 0.62 of the page title's size, body text about 0.5."""
    return 0.56 * max(line.font_size for page in pages for line in page.lines)


def cut_off_page_ends(pages: list[PrintedPage], answer_label: str | None = "Answer") -> list[tuple[int, str]]:
    """Pages (numbered from 1) other than the last whose last line is a heading, or the
    answer box's label, so what they introduce starts only on the next page."""
    least = heading_size(pages)
    return [
        (number, page.lines[-1].text)
        for number, page in enumerate(pages[:-1], 1)
        if page.lines and (page.lines[-1].font_size >= least or page.lines[-1].text == answer_label)
    ]


def summary(pages: list[PrintedPage]) -> str:
    fills = [page.fill for page in pages[:-1]] or [pages[-1].fill]
    return (f"{len(pages)} pages, fill (all but the last) min {min(fills):.0%}"
            f" mean {sum(fills) / len(fills):.0%}")


def _main(argv: list[str]) -> None:
    """Print each path of a built site with answers and as a worksheet, and report the pages."""
    import functools
    import http.server
    import threading

    from conftest import CHROMIUM_ARGS, find_chromium
    from playwright.sync_api import sync_playwright

    site_dir, paths = argv[0], argv[1:]
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=site_dir)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        page = browser.new_page()
        for path in paths:
            for label, query in (("answers", ""), ("worksheet", "?worksheet=1")):
                page.goto(base + path + query)
                pages = measure_pdf(print_pdf(page))
                fills = " ".join(f"{p.fill:.0%}" for p in pages)
                cut_off = cut_off_page_ends(pages, "Answer" if label == "answers" else None)
                print(f"{path:40} {label:9} {summary(pages)}, {len(cut_off)} pages end in a heading  [{fills}]")
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    import sys

    sys.path.insert(0, __import__("os").path.dirname(__file__))
    _main(sys.argv[1:])
