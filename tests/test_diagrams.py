"""Diagrams: DOT in the docs becomes an accessible inline SVG at build time."""

from __future__ import annotations

import re

import pytest
from conftest import DOCS, ROOT
from studysite.diagrams import DiagramError, figure
from studysite.questions import code_blocks
from studysite.site import load_site

SOURCE = """// Diagram: Clients reach the API through a gateway that checks Redis.
digraph {
  rankdir=LR
  client -> gateway -> api
  gateway -> redis
  redis [shape=cylinder]
}
"""


def test_a_diagram_is_an_accessible_svg_in_the_text_colour():
    html = figure(SOURCE)
    assert html.startswith('<figure class="diagram"><svg role="img" '
                           'aria-label="Clients reach the API through a gateway that checks Redis."')
    assert "currentColor" in html and '"black"' not in html and '"white"' not in html
    assert " id=" not in html  # two diagrams on one page must not repeat ids
    assert "<title>" not in html
    for label in ("client", "gateway", "api", "redis"):
        assert f">{label}</text>" in html


def test_a_diagram_without_a_description_is_refused():
    with pytest.raises(DiagramError, match="must start with '// Diagram:"):
        figure("digraph { a -> b }")


def test_a_dot_syntax_error_is_reported():
    with pytest.raises(DiagramError, match="Graphviz could not draw the diagram"):
        figure("// Diagram: broken\ndigraph { a -> }")


def test_every_dot_block_in_the_docs_is_drawn_in_the_built_page(built_site):
    site = load_site(ROOT)
    total = 0
    for file in sorted(DOCS.rglob("*.md")):
        blocks = [block for block in code_blocks(file.read_text(encoding="utf-8")) if block.language == "dot"]
        page = file.relative_to(DOCS).as_posix()
        if page.startswith("weeks/"):  # a week page carries copies of its key questions' answers
            week = site.plan.week(int(page.removeprefix("weeks/week-").removesuffix(".md")))
            blocks += [b for qid in week.key_questions for b in site.questions[qid].code_blocks if b.language == "dot"]
        html = built_site.html(page)
        drawn = re.findall(r'<figure class="diagram"><svg role="img" aria-label="([^"]+)"', html)
        assert len(drawn) == len(blocks), f"{page}: {len(blocks)} dot blocks, {len(drawn)} diagrams"
        assert "language-dot" not in html, f"{page}: a dot block was left as code"
        total += len(drawn)
    assert total >= 15, "the system design page's worked designs each carry a diagram"
