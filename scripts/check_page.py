"""Check topic pages while writing them: question format, then every Python block.

    python scripts/check_page.py docs/topics/01-*.md
"""

import contextlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from studysite.examples import PYTHON_LANGUAGES, run_block, skip_reason  # noqa: E402
from studysite.questions import QuestionFormatError, code_blocks, parse_page  # noqa: E402
from studysite.services import needs_postgres, postgres_server, redis_server  # noqa: E402


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


def check(file: Path, services: Services) -> int:
    text = file.read_text(encoding="utf-8")
    try:
        title, questions = parse_page(text, str(file))
    except QuestionFormatError as error:
        print(f"FORMAT {error}")
        return 1
    failures = 0
    for block in code_blocks(text):
        if block.language not in PYTHON_LANGUAGES:
            continue
        reason = skip_reason(block.code)
        if reason:
            print(f"skip   {file}:{block.line}: {reason}")
            continue
        outcome = run_block(block.code, env=services.env_for(block.code))
        if not outcome.ok:
            failures += 1
            print(f"FAIL   {file}:{block.line}: {outcome.detail}")
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
