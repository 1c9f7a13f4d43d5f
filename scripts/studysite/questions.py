"""The one parser of interview questions.

Every output (build checks, week sheets, counts, Anki deck, quiz) reads topic
pages through this module, so the question format is defined in one place:

    ### What is the GIL? { #gil data-difficulty="mid" }

    ??? answer "Answer"
        Short answer first, then depth, examples, pitfalls, follow-ups.

A practice problem ("Your turn") has one python block between its heading and its
answer, whose first line is ``# practice``: a starter function (body ``...``) and
``CASES``, a list of ``(args_tuple, expected)``; its answer's worked solution
defines the same function and checks it against the same cases.
"""

from __future__ import annotations

import ast
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

DIFFICULTIES = ("junior", "mid", "senior")
TOPIC_FILE = re.compile(r"^(?P<number>\d{2})-(?P<slug>[a-z0-9-]+)\.md$")
QUESTION_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.+?)\s*$")
_ATTRS = re.compile(r"\s*\{(?P<attrs>[^{}]*)\}\s*$")
# One attr_list token: #id, .class, key="value" (or 'value'); anything else is a stray word.
_ATTR_TOKEN = re.compile(
    r"""#(?P<id>[^\s#.=]+)|\.(?P<cls>[^\s#.=]+)|(?P<key>[\w-]+)=(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')|(?P<stray>\S+)"""
)
_ANSWER_OPEN = re.compile(r'^\?\?\?(?P<open>\+?)\s+answer(?:\s+"[^"]*")?\s*$')
_FENCE_OPEN = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})\s*(?P<lang>[\w+-]*)(?P<rest>.*)$")
_RAW_H3 = re.compile(r"^\s*<h3\b[^>]*>", re.IGNORECASE)
_HTML_ID = re.compile(r"""\bid\s*=\s*["']?(?P<id>[^"'\s>]+)""", re.IGNORECASE)
PRACTICE_MARKER = "# practice"
MIN_PRACTICE_CASES = 5


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
    practice: CodeBlock | None = None  # a "Your turn" problem's starter and cases

    @property
    def code_blocks(self) -> list[CodeBlock]:
        return code_blocks(self.answer)

    @property
    def practice_solution(self) -> CodeBlock | None:
        """A practice problem's worked solution (the parser has checked it exists)."""
        return practice_solution(practice_function(self.practice.code), self.code_blocks) if self.practice else None


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


def _heading_attrs(text: str, attrs: str, where: str) -> tuple[list[str], dict[str, str]]:
    """The ids and key="value" pairs of a heading's ``{ ... }``; a stray word is an error.

    attr_list would turn ``{ #qa list-vs-tuple }`` into id "qa" plus a junk attribute,
    so anything that is not ``#id``, ``.class`` or ``key="value"`` is rejected here.
    """
    ids: list[str] = []
    values: dict[str, str] = {}
    for token in _ATTR_TOKEN.finditer(attrs):
        if token["stray"]:
            hint = "quote the value" if "=" in token["stray"] else "an id has no spaces"
            raise QuestionFormatError(
                f"{where}: question heading '{text}' has a stray {token['stray']!r} in {{ {attrs.strip()} }}: "
                f'only #id, .class and key="value" belong there ({hint})'
            )
        if token["id"]:
            ids.append(token["id"])
        elif token["key"]:
            values[token["key"]] = token["dq"] if token["dq"] is not None else token["sq"]
    return ids, values


def _is_fence_close(line: str, indent: int, fence: str) -> bool:
    """A closing fence: only the opener's character, at least as long, indented no deeper."""
    stripped = line.strip()
    return (
        len(stripped) >= len(fence)
        and set(stripped) == {fence[0]}
        and len(line) - len(line.lstrip()) <= indent
    )


def _fence_end(lines: list[str], start: int, where: str, context: str = "", first_line: int = 1) -> int:
    """Index of the line that closes the fence opened at ``lines[start]``.

    An opener left unclosed would swallow everything after it (later questions
    included), so reaching the end of ``lines`` is an error naming the opener's line;
    so is a second opener of the same fence (```` ```python ````) before the first closes,
    which is what an unclosed fence followed by the next code block looks like.
    """
    opener = _FENCE_OPEN.match(lines[start])
    indent, fence = len(opener.group("indent")), opener.group("fence")
    line_no = first_line + start
    owner, scope = (f" in {context}", "it ends") if context else ("", "the end of the page")
    for j in range(start + 1, len(lines)):
        if _is_fence_close(lines[j], indent, fence):
            return j
        other = _FENCE_OPEN.match(lines[j])
        if (
            other
            and other.group("lang")
            and other.group("fence") == fence
            and len(other.group("indent")) <= indent
        ):
            raise QuestionFormatError(
                f"{where}{line_no}: code fence {fence!r}{owner} is not closed before line {first_line + j} opens "
                f"another ({lines[j].strip()!r}); close it with {fence!r}"
            )
    raise QuestionFormatError(
        f"{where}{line_no}: code fence {fence!r}{owner} is never closed before {scope}; close it with {fence!r}"
        + (" at the same indent" if indent else "")
    )


def parse_page(markdown: str, path: str) -> tuple[str, list[Question]]:
    """Return the page's H1 title and its questions, in page order.

    On a topic page every H3 is a question; each must carry one id, a difficulty
    and be followed by a closed ``??? answer`` block indented by 4 spaces.
    """
    lines = markdown.splitlines()
    title = ""
    section = ""
    questions: list[Question] = []
    seen: dict[str, int] = {}
    i = 0
    while i < len(lines):
        line = lines[i]
        fence = _FENCE_OPEN.match(line)
        if fence and not line.startswith(" "):
            i = _fence_end(lines, i, f"{path}:") + 1
            continue
        _check_raw_h3(line, f"{path}:{i + 1}")
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
            ids, values = _heading_attrs(text, attrs, where) if attrs is not None else ([], {})
            if not ids:
                raise QuestionFormatError(f"{where}: question heading '{text}' has no {{ #id }}")
            if len(ids) > 1:
                raise QuestionFormatError(
                    f"{where}: question heading '{text}' has {len(ids)} ids "
                    f"({', '.join('#' + qid for qid in ids)}); a question has exactly one"
                )
            qid = ids[0]
            if not QUESTION_ID.match(qid):
                raise QuestionFormatError(f"{where}: question id '{qid}' must be lowercase kebab-case")
            if qid in seen:
                raise QuestionFormatError(f"{where}: question id '{qid}' is already used at {path}:{seen[qid]}")
            difficulty = values.get("data-difficulty")
            if difficulty not in DIFFICULTIES:
                raise QuestionFormatError(
                    f"{where}: question '{qid}' needs data-difficulty set to one of "
                    f"{', '.join(DIFFICULTIES)} (got {difficulty!r})"
                )
            if not section:
                raise QuestionFormatError(f"{where}: question '{qid}' is not under a '##' section heading")
            j = _skip_blank(lines, i + 1)
            practice = None
            if j < len(lines) and _FENCE_OPEN.match(lines[j]) and not lines[j].startswith(" "):
                close = _fence_end(lines, j, f"{path}:")
                block = code_blocks("\n".join(lines[j:close + 1]), first_line=j + 1)[0]
                if block.language not in ("python", "py", "python3") or _first_line(block.code) != PRACTICE_MARKER:
                    raise QuestionFormatError(
                        f"{path}:{j + 1}: question '{qid}' must be followed by its '??? answer'; only a python "
                        f"block whose first line is '{PRACTICE_MARKER}' may come between them")
                practice = block
                j = _skip_blank(lines, close + 1)
            opener = _ANSWER_OPEN.match(lines[j]) if j < len(lines) else None
            if not opener:
                raise QuestionFormatError(f"{where}: question '{qid}' must be followed by '??? answer \"Answer\"'")
            if opener.group("open"):
                raise QuestionFormatError(f"{path}:{j + 1}: answer of '{qid}' must start closed ('???', not '???+')")
            body, end = _indented_block(lines, j + 1)
            after = end
            while after < len(lines) and not lines[after].strip():
                after += 1
            tabbed = after < len(lines) and lines[after].startswith("\t")
            if not body.strip():
                if tabbed:
                    raise QuestionFormatError(
                        f"{path}:{after + 1}: answer of '{qid}': indent the answer with 4 spaces, not tabs"
                    )
                raise QuestionFormatError(f"{path}:{j + 1}: answer of '{qid}' is empty")
            # Inside the answer a fence may only close within the answer's indented block.
            code_blocks(body, path, first_line=j + 2, context=f"the answer of '{qid}'")
            if after < len(lines) and not _HEADING.match(lines[after]):
                _check_raw_h3(lines[after], f"{path}:{after + 1}")
                how = "indent the whole answer with 4 spaces, not tabs" if tabbed else \
                    "indent the whole answer by 4 spaces"
                raise QuestionFormatError(
                    f"{path}:{after + 1}: answer of '{qid}' continues unindented here: {how} "
                    "(on a topic page nothing but a heading follows an answer)"
                )
            if practice:
                check_practice(practice, code_blocks(body, first_line=j + 2), f"{path}:{practice.line}", qid)
            seen[qid] = i + 1
            questions.append(Question(qid, text, difficulty, section, body, path, i + 1, practice))
            i = end
            continue
        i += 1
    if not title:
        raise QuestionFormatError(f"{path}: page has no '# Title' heading")
    return title, questions


def _skip_blank(lines: list[str], start: int) -> int:
    while start < len(lines) and not lines[start].strip():
        start += 1
    return start


def _first_line(code: str) -> str:
    return code.lstrip("\n").splitlines()[0].strip() if code.strip() else ""


def practice_function(code: str) -> str:
    """The name of the function a practice block (or its worked solution) defines first."""
    tree = ast.parse(code)
    return next(node.name for node in tree.body if isinstance(node, ast.FunctionDef))


def practice_cases(code: str) -> list:
    """A practice block's CASES, read as a literal (never executed)."""
    for node in ast.parse(code).body:
        if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == ["CASES"]:
            try:
                return ast.literal_eval(node.value)
            except ValueError:
                for case in getattr(node.value, "elts", [node.value]):
                    try:
                        ast.literal_eval(case)
                    except ValueError:
                        raise ValueError(f"{ast.unparse(case)} (its line {case.lineno}) is not one") from None
                raise
    raise ValueError("there is no CASES = [...]")


def check_practice(starter: CodeBlock, solution_blocks: list[CodeBlock], where: str, qid: str) -> None:
    """A practice block: a function whose body is ``...`` (so as written it fails its
    cases), at least MIN_PRACTICE_CASES literal ``(args_tuple, expected)`` CASES, and a
    worked solution in the answer that defines the same function and uses CASES."""
    prefix = f"{where}: practice block of '{qid}'"
    try:
        tree = ast.parse(starter.code)
    except SyntaxError as error:
        raise QuestionFormatError(f"{prefix} does not parse: {error.msg} (its line {error.lineno})") from None
    functions = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
    if not functions:
        raise QuestionFormatError(f"{prefix} defines no function for the reader to write")
    body = functions[0].body
    if isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
        body = body[1:]  # the docstring
    stub = len(body) == 1 and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
    if not (stub and body[0].value.value is Ellipsis):
        raise QuestionFormatError(f"{prefix}: the body of {functions[0].name}() must be '...' (after its docstring)")
    try:
        cases = practice_cases(starter.code)
    except ValueError as error:
        raise QuestionFormatError(f"{prefix} needs CASES = [((args...), expected), ...] of plain literals "
                                  f"(the browser shows them): {error}") from None
    if not (isinstance(cases, list) and all(isinstance(case, tuple) and len(case) == 2 and isinstance(case[0], tuple)
                                            for case in cases)):
        raise QuestionFormatError(f"{prefix}: each of CASES is a pair (args_tuple, expected)")
    if len(cases) < MIN_PRACTICE_CASES:
        raise QuestionFormatError(f"{prefix} has {len(cases)} CASES; at least {MIN_PRACTICE_CASES}, edge cases included")
    name = functions[0].name
    solution = practice_solution(name, solution_blocks)
    if solution is None:
        raise QuestionFormatError(f"{prefix}: its answer needs a worked solution, a python block that defines "
                                  f"{name}() first and checks it against the same CASES")
    try:
        same = practice_cases(solution.code) == cases
    except ValueError:
        same = False
    if not same:
        raise QuestionFormatError(f"{prefix}: the worked solution (line {solution.line}) must check the same "
                                  "CASES as the practice block; copy them unchanged")


def practice_solution(name: str, blocks: list[CodeBlock]) -> CodeBlock | None:
    """The worked solution among an answer's blocks: python that defines ``name`` first and uses CASES."""
    for block in blocks:
        if block.language in ("python", "py", "python3") and "CASES" in block.code:
            try:
                if practice_function(block.code) == name:
                    return block
            except (SyntaxError, StopIteration):
                continue
    return None


def _check_raw_h3(line: str, where: str) -> None:
    """A hand-written ``<h3>`` is not a question (no marks, no deck, no checks): say so."""
    raw = _RAW_H3.match(line)
    if raw:
        html_id = _HTML_ID.search(raw.group())
        named = f" id '{html_id['id']}'" if html_id else ""
        raise QuestionFormatError(
            f"{where}: a raw <h3>{named} on a topic page is not a question; write "
            "'### The question? { #an-id data-difficulty=\"junior|mid|senior\" }' and a '??? answer' "
            "below it, or use a '##' heading for a section"
        )


def _indented_block(lines: list[str], start: int) -> tuple[str, int]:
    """Collect the 4-space indented body that follows an admonition opener."""
    end = start
    while end < len(lines) and (not lines[end].strip() or lines[end].startswith("    ")):
        end += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return textwrap.dedent("\n".join(lines[start:end])), end


def question_ids_in(markdown: str) -> set[str]:
    """The ids of the ``### Title { #id ... }`` headings in a page's Markdown, leniently.

    For the build hook: only these headings are questions that get study controls.
    Works on topic pages and on week pages (whose key-question headings come from the
    macros and carry extra attributes); a raw ``<h3 id>`` is never one of them.
    """
    ids: set[str] = set()
    in_fence: tuple[int, str] | None = None
    for line in markdown.splitlines():
        if in_fence:
            if _is_fence_close(line, *in_fence):
                in_fence = None
            continue
        fence = _FENCE_OPEN.match(line)
        if fence and not line.startswith(" "):
            in_fence = (0, fence.group("fence"))
            continue
        heading = _HEADING.match(line)
        if heading and len(heading.group("hashes")) == 3:
            _, attrs = _split_heading_attrs(heading.group("text"))
            found = [token["id"] for token in _ATTR_TOKEN.finditer(attrs or "") if token["id"]]
            if len(found) == 1:
                ids.add(found[0])
    return ids


def load_topic_pages(docs_dir: Path, broken: list[str] | None = None) -> dict[int, TopicPage]:
    """Parse every ``docs/topics/NN-slug.md``, keyed by page number.

    With a ``broken`` list, a page with a format error is skipped and its message
    appended there instead of raised (check-pages compares ids with the other pages
    even while someone else's page is half-written).
    """
    pages: dict[int, TopicPage] = {}
    for file in sorted((docs_dir / "topics").glob("*.md")):
        match = TOPIC_FILE.match(file.name)
        if not match:
            raise QuestionFormatError(f"{file}: topic pages are named NN-slug.md")
        number = int(match.group("number"))
        relative = f"topics/{file.name}"
        try:
            title, questions = parse_page(file.read_text(encoding="utf-8"), relative)
        except QuestionFormatError as error:
            if broken is None:
                raise
            broken.append(str(error))
            continue
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


def code_blocks(markdown: str, path: str = "", first_line: int = 1, context: str = "") -> list[CodeBlock]:
    """Fenced code blocks in a piece of Markdown, dedented, with their language.

    ``first_line`` is the page line of the Markdown's first line (for an answer's
    body); an unclosed fence raises QuestionFormatError naming ``path``, its line and
    ``context`` (e.g. "the answer of 'gil'").
    """
    where = f"{path}:" if path else "line "
    blocks: list[CodeBlock] = []
    lines = markdown.splitlines()
    i = 0
    while i < len(lines):
        opener = _FENCE_OPEN.match(lines[i])
        if not opener:
            i += 1
            continue
        indent = opener.group("indent")
        end = _fence_end(lines, i, where, context, first_line)
        body = [line[len(indent):] if line.startswith(indent) else line.lstrip() for line in lines[i + 1:end]]
        blocks.append(CodeBlock(opener.group("lang").lower(), "\n".join(body) + "\n", first_line + i))
        i = end + 1
    return blocks
