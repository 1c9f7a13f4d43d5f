"""Check topic pages while writing them: question format, then every Python block.

    python scripts/check_page.py docs/topics/01-*.md
"""

import collections
import contextlib
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from studysite.diagrams import DiagramError, figure  # noqa: E402
from studysite.examples import PYTHON_LANGUAGES, run_block  # noqa: E402
from studysite.pyodide_runner import missing_reason, run_blocks  # noqa: E402
from studysite.practice import practice_problems  # noqa: E402
from studysite.questions import (  # noqa: E402
    QuestionFormatError,
    TopicPage,
    all_questions,
    code_blocks,
    load_topic_pages,
    parse_page,
)
from studysite.runtimes import browser_candidate, browser_runtime, test_runtime  # noqa: E402
from studysite.services import needs_postgres, postgres_server, redis_server  # noqa: E402

DOCS = Path(__file__).resolve().parent.parent / "docs"


class Services:
    """Redis for every run (cheap) and PostgreSQL started on the first block that needs it."""

    def __init__(self, stack: contextlib.ExitStack):
        self.stack = stack
        self.postgres = None
        stack.enter_context(redis_server())

    def env_for(self, code: str) -> dict[str, str]:
        if not needs_postgres(code):
            return {}
        if self.postgres is None:
            self.postgres = self.stack.enter_context(postgres_server())
        return {"DATABASE_URL": self.postgres.fresh_database()}


def check_ids_across_pages(file: Path, page: TopicPage, docs_dir: Path) -> None:
    """Raise QuestionFormatError if a question id of ``page`` is used on another topic page.

    Every page in docs/topics is loaded, as the build does; a page that does not parse
    (someone else's, half-written) is named in a note and its ids are not compared.
    Only clashes with the checked page are reported: they are the writer's to fix.
    """
    broken: list[str] = []
    others = load_topic_pages(docs_dir, broken=broken)
    for message in broken:
        if not message.startswith(f"topics/{file.name}:"):
            print(f"note   ids not compared with a page that does not parse: {message}")
    for other in others.values():
        if (docs_dir / other.path).resolve() != file.resolve():
            all_questions({0: other, 1: page})  # raises at the checked page, naming both lines


def empty_table_headers(text: str) -> list[int]:
    """Lines of table header rows with an empty cell (a header row is followed by |---|)."""
    lines = text.splitlines()
    found = []
    for number, (row, rule) in enumerate(zip(lines, lines[1:]), start=1):
        if row.strip().startswith("|") and re.match(r"^\s*\|?\s*:?-{3,}", rule):
            cells = row.strip().strip("|").split("|")
            if any(not cell.strip() for cell in cells):
                found.append(number)
    return found


def check_on_pyodide(file: Path, on_pyodide: dict[str, list]) -> int:
    """Run the page's blocks for Pyodide, one Node process per version, as the tests do."""
    failures = 0
    for version, blocks in on_pyodide.items():
        blocks = list({block.line: block for block in blocks}.values())
        if reason := missing_reason(version):
            print(f"FAIL   {file}: {len(blocks)} blocks need Pyodide {version}: {reason}")
            failures += len(blocks)
            continue
        run = run_blocks([block.code for block in blocks], version)
        for block, outcome in zip(blocks, run.outcomes):
            if test_runtime(block.code).kind == "pyodide" and not outcome.ok:
                failures += 1
                print(f"FAIL   {file}:{block.line}: on {run.label}: {outcome.detail}")
            elif browser_runtime(block.code) and not outcome.ok:
                failures += 1
                print(f"FAIL   {file}:{block.line}: the site offers it a Run control, but on {run.label}: "
                      f"{outcome.detail}\n       fix the block, or if Pyodide legitimately differs, record it: "
                      "scripts/record_browser_examples.py")
    return failures


def check(file: Path, services: Services, docs_dir: Path = DOCS) -> int:
    text = file.read_text(encoding="utf-8")
    try:
        title, questions = parse_page(text, str(file))
        check_ids_across_pages(file, TopicPage(0, file.stem, str(file), title, questions), docs_dir)
        blocks = code_blocks(text, str(file))
    except QuestionFormatError as error:
        print(f"FORMAT {error}")
        return 1
    failures = 0
    on_pyodide = collections.defaultdict(list)  # blocks for Pyodide: newer Python, or offered in the browser
    description = re.search(r"^---\n(?:.*\n)*?description: (?P<text>.*)\n(?:.*\n)*?---", text)
    if description and not 50 <= len(description["text"]) <= 200:
        failures += 1
        print(f"FAIL   {file}: the front matter's description has {len(description['text'])} characters; "
              "search engines show 50-200")
    for line_number in empty_table_headers(text):
        failures += 1
        print(f"FAIL   {file}:{line_number}: a table header cell is empty; name the column "
              "(screen readers announce it; axe: empty-table-header)")
    for block in blocks:
        if block.language == "dot":  # drawn as the build draws it
            try:
                figure(block.code)
            except DiagramError as error:
                failures += 1
                print(f"FAIL   {file}:{block.line}: diagram: {error}")
            continue
        if block.language not in PYTHON_LANGUAGES:
            continue
        if browser_version := browser_candidate(block.code):
            on_pyodide[browser_version].append(block)
        runtime = test_runtime(block.code)
        if runtime.kind == "skip":
            print(f"skip   {file}:{block.line}: {runtime.reason}")
        elif runtime.kind == "pyodide":
            on_pyodide[runtime.version].append(block)
        elif not (outcome := run_block(block.code, env=services.env_for(block.code))).ok:
            failures += 1
            print(f"FAIL   {file}:{block.line}: {outcome.detail}")
    failures += check_on_pyodide(file, on_pyodide)
    for question in questions:
        if question.practice:  # judged as the browser's "Run tests" judges it
            for problem in practice_problems(question):
                failures += 1
                print(f"FAIL   {file}:{question.practice.line}: practice '{question.id}': {problem}")
    words = sorted(len(q.answer.split()) for q in questions)
    median = words[len(words) // 2] if words else 0
    levels = {d: sum(q.difficulty == d for q in questions) for d in ("junior", "mid", "senior")}
    print(f"{file}: '{title}', {len(questions)} questions, median answer {median} words, {levels}, "
          f"{failures} failing blocks")
    return failures


if __name__ == "__main__":
    with contextlib.ExitStack() as stack:
        services = Services(stack)
        failed = sum(check(Path(arg), services) for arg in sys.argv[1:])
    sys.exit(1 if failed else 0)
