"""Reading and annotating the HTML MkDocs renders for pages with questions.

The build hook uses it three times: the Anki decks take each answer's HTML from
here; the study controls (marks under each answer, the page toolbar) are written
into the page here, so nothing moves when the scripts bring them to life; and
long code blocks are marked for print.
"""

from __future__ import annotations

import re

from .render import progress_placeholder

_HEADING_ID = re.compile(r'<h3\b[^>]*\bid="(?P<id>[^"]+)"[^>]*>')
# A practice problem's starter block (wrapped with its Run controls, once the build has
# added them) sits between its heading and its answer: no heading or answer inside it.
_ANSWER_OPENING = re.compile(
    r'\s*(?:<div class="(?:practice|language-[\w-]+ highlight)">(?:(?!<h\d|<details\b).)*)?'
    r'<details class="answer">\s*<summary>[^<]*</summary>', re.S)
_DETAILS_TAG = re.compile(r"<(/?)details\b[^>]*>")
_CODE_BLOCK = re.compile(r"<pre>(.*?)</pre>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
LONG_CODE_LINES = 20  # a block this long may continue on the next printed page

MARKS = (
    '<div class="marks" data-question="{id}" data-search-exclude>'
    '<button type="button" class="md-button" data-mark="known" aria-pressed="false">I know this</button>'
    '<button type="button" class="md-button" data-mark="review" aria-pressed="false">Review later</button>'
    "</div>"
)
TOOLBAR = (
    '<div class="page-tools" data-search-exclude>{progress}<p class="print-controls">'
    '<button type="button" class="md-button" data-quiz>Quiz this page</button>'
    '<button type="button" class="md-button" data-print="answers">Print with answers</button>'
    '<button type="button" class="md-button" data-print="worksheet">Print worksheet</button>'
    "</p></div>"
)


def answer_spans(page_html: str, question_ids: set[str] | None = None) -> list[tuple[str, int, int, int]]:
    """(question id, answer body start, body end, end of </details>) for each
    ``<h3 id>`` followed by ``<details class="answer">``; nested details are kept.

    With ``question_ids`` (the ids of the page's ``###`` questions, from its Markdown),
    any other ``<h3 id>``, such as one written as raw HTML, is not a question.
    """
    spans = []
    for heading in _HEADING_ID.finditer(page_html):
        if question_ids is not None and heading["id"] not in question_ids:
            continue
        heading_end = page_html.find("</h3>", heading.end()) + len("</h3>")
        opening = _ANSWER_OPENING.match(page_html, heading_end)
        if not opening:
            continue
        depth = 1
        for tag in _DETAILS_TAG.finditer(page_html, opening.end()):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                spans.append((heading["id"], opening.end(), tag.start(), tag.end()))
                break
    return spans


def answers_from_html(page_html: str, question_ids: set[str] | None = None) -> dict[str, str]:
    """Each question's answer body as MkDocs rendered it."""
    return {qid: page_html[start:end].strip() for qid, start, end, _ in answer_spans(page_html, question_ids)}


def add_study_controls(page_html: str, page_progress: bool, *, question_ids: set[str] | None = None) -> str:
    """Marks after every answer and a toolbar (progress, quiz, print) after the title.

    ``page_progress`` adds this page's known/total; week pages carry their own.
    ``question_ids`` limits the marks to those questions (see answer_spans); None
    treats every ``<h3 id>`` followed by an answer as a question.
    """
    spans = answer_spans(page_html, question_ids)
    if not spans:
        return page_html
    parts, position = [], 0
    for qid, _, _, closed in spans:
        parts += [page_html[position:closed], MARKS.format(id=qid)]
        position = closed
    annotated = "".join(parts) + page_html[position:]
    progress = progress_placeholder([qid for qid, *_ in spans], "This page") if page_progress else ""
    title_end = annotated.find("</h1>")
    if title_end < 0:
        return annotated
    title_end += len("</h1>")
    return annotated[:title_end] + TOOLBAR.format(progress=progress) + annotated[title_end:]


def mark_long_code_blocks(page_html: str) -> str:
    """Mark code blocks of LONG_CODE_LINES lines or more with class="long-code".

    On paper a shorter block stays whole (site.css) and a longer one may continue
    on the next page: moving it whole would leave up to a page empty. CSS cannot
    count a block's lines, and Chromium does not reliably keep `widows` in them.
    """
    def mark(block: re.Match) -> str:
        lines = _TAG.sub("", block[1]).strip("\n").count("\n") + 1
        return f'<pre class="long-code">{block[1]}</pre>' if lines >= LONG_CODE_LINES else block[0]

    return _CODE_BLOCK.sub(mark, page_html)
