"""The one parser of interview questions.

Every output (build checks, week sheets, counts, Anki deck, quiz) reads topic
pages through this module, so the question format is defined in one place:

    ### What is the GIL? { #gil data-difficulty="mid" }

    ??? answer "Answer"
        Short answer first, then depth, examples, pitfalls, follow-ups.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

DIFFICULTIES = ("junior", "mid", "senior")
TOPIC_FILE = re.compile(r"^(?P<number>\d{2})-(?P<slug>[a-z0-9-]+)\.md$")
QUESTION_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.+?)\s*$")
_ATTRS = re.compile(r"\s*\{(?P<attrs>[^{}]*)\}\s*$")
_ATTR_ID = re.compile(r"(?:^|\s)#(?P<id>[^\s}]+)")
_ATTR_KV = re.compile(r'(?P<key>[\w-]+)="(?P<value>[^"]*)"')
_ANSWER_OPEN = re.compile(r'^\?\?\?(?P<open>\+?)\s+answer(?:\s+"[^"]*")?\s*$')
_FENCE_OPEN = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})\s*(?P<lang>[\w+-]*)(?P<rest>.*)$")


class QuestionFormatError(ValueError):
    """A topic page breaks the question format; the message names file and line."""


@dataclass(frozen=True)
class CodeBlock:
    language: str
    code: str
    line: int  # 1-based line of the opening fence in the page


@dataclass(frozen=True)
class Question:
    id: str
    title: str
    difficulty: str
    section: str
    answer: str  # the answer's Markdown, dedented
    page: str  # path relative to docs/, e.g. "topics/01-objects-and-types.md"
    line: int

    @property
    def code_blocks(self) -> list[CodeBlock]:
        return code_blocks(self.answer)


@dataclass(frozen=True)
class TopicPage:
    number: int
    slug: str
    path: str  # relative to docs/
    title: str
    questions: list[Question] = field(default_factory=list)


def _split_heading_attrs(text: str) -> tuple[str, str | None]:
    match = _ATTRS.search(text)
    if not match:
        return text, None
    return text[: match.start()].rstrip(), match.group("attrs")


def parse_page(markdown: str, path: str) -> tuple[str, list[Question]]:
    """Return the page's H1 title and its questions, in page order.

    On a topic page every H3 is a question; each must carry an id, a difficulty
    and be followed by a closed ``??? answer`` block.
    """
    lines = markdown.splitlines()
    title = ""
    section = ""
    questions: list[Question] = []
    in_fence = None
    i = 0
    while i < len(lines):
        line = lines[i]
        fence = _FENCE_OPEN.match(line)
        if in_fence:
            if line.strip().startswith(in_fence) and set(line.strip()) == {in_fence[0]}:
                in_fence = None
            i += 1
            continue
        if fence and not line.startswith(" "):
            in_fence = fence.group("fence")
            i += 1
            continue
        heading = _HEADING.match(line)
        if not heading:
            i += 1
            continue
        level = len(heading.group("hashes"))
        text, attrs = _split_heading_attrs(heading.group("text"))
        where = f"{path}:{i + 1}"
        if level == 1 and not title:
            title = text
        elif level == 2:
            section = text
        elif level == 3:
            if attrs is None or not _ATTR_ID.search(attrs):
                raise QuestionFormatError(f"{where}: question heading '{text}' has no {{ #id }}")
            qid = _ATTR_ID.search(attrs).group("id")
            if not QUESTION_ID.match(qid):
                raise QuestionFormatError(f"{where}: question id '{qid}' must be lowercase kebab-case")
            values = dict(_ATTR_KV.findall(attrs))
            difficulty = values.get("data-difficulty")
            if difficulty not in DIFFICULTIES:
                raise QuestionFormatError(
                    f"{where}: question '{qid}' needs data-difficulty set to one of "
                    f"{', '.join(DIFFICULTIES)} (got {difficulty!r})"
                )
            if not section:
                raise QuestionFormatError(f"{where}: question '{qid}' is not under a '##' section heading")
            j = i + 1
            while j < len(lines) and not lines[j].strip():
                j += 1
            opener = _ANSWER_OPEN.match(lines[j]) if j < len(lines) else None
            if not opener:
                raise QuestionFormatError(f"{where}: question '{qid}' must be followed by '??? answer \"Answer\"'")
            if opener.group("open"):
                raise QuestionFormatError(f"{path}:{j + 1}: answer of '{qid}' must start closed ('???', not '???+')")
            body, end = _indented_block(lines, j + 1)
            if not body.strip():
                raise QuestionFormatError(f"{path}:{j + 1}: answer of '{qid}' is empty")
            questions.append(Question(qid, text, difficulty, section, body, path, i + 1))
            i = end
            continue
        i += 1
    if not title:
        raise QuestionFormatError(f"{path}: page has no '# Title' heading")
    return title, questions


def _indented_block(lines: list[str], start: int) -> tuple[str, int]:
    """Collect the 4-space indented body that follows an admonition opener."""
    end = start
    while end < len(lines) and (not lines[end].strip() or lines[end].startswith("    ")):
        end += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return textwrap.dedent("\n".join(lines[start:end])), end


def load_topic_pages(docs_dir: Path) -> dict[int, TopicPage]:
    """Parse every ``docs/topics/NN-slug.md``, keyed by page number."""
    pages: dict[int, TopicPage] = {}
    for file in sorted((docs_dir / "topics").glob("*.md")):
        match = TOPIC_FILE.match(file.name)
        if not match:
            raise QuestionFormatError(f"{file}: topic pages are named NN-slug.md")
        number = int(match.group("number"))
        relative = f"topics/{file.name}"
        title, questions = parse_page(file.read_text(encoding="utf-8"), relative)
        if number in pages:
            raise QuestionFormatError(f"{file}: a second topic page numbered {number:02d}")
        pages[number] = TopicPage(number, match.group("slug"), relative, title, questions)
    return pages


def all_questions(pages: dict[int, TopicPage]) -> dict[str, Question]:
    """Every question by id; ids are unique across the whole site."""
    by_id: dict[str, Question] = {}
    for page in pages.values():
        for question in page.questions:
            if question.id in by_id:
                first = by_id[question.id]
                raise QuestionFormatError(
                    f"{question.page}:{question.line}: question id '{question.id}' is already used "
                    f"at {first.page}:{first.line}"
                )
            by_id[question.id] = question
    return by_id


def code_blocks(markdown: str) -> list[CodeBlock]:
    """Fenced code blocks in a piece of Markdown, dedented, with their language."""
    blocks: list[CodeBlock] = []
    lines = markdown.splitlines()
    i = 0
    while i < len(lines):
        opener = _FENCE_OPEN.match(lines[i])
        if not opener:
            i += 1
            continue
        indent, fence = opener.group("indent"), opener.group("fence")
        body: list[str] = []
        j = i + 1
        while j < len(lines) and lines[j].strip() != fence:
            body.append(lines[j][len(indent):] if lines[j].startswith(indent) else lines[j].lstrip())
            j += 1
        blocks.append(CodeBlock(opener.group("lang").lower(), "\n".join(body) + "\n", i + 1))
        i = j + 1
    return blocks
