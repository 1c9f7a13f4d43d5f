"""Everything the macros need, loaded once per build: the plan and the topic pages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .mock import MOCK_FILE, Round, load_rounds
from .plan import Plan, load_plan
from .questions import Question, TopicPage, all_questions, load_topic_pages

PLAN_FILE = Path("data") / "study-plan.yml"


@dataclass(frozen=True)
class Site:
    plan: Plan
    pages: dict[int, TopicPage]
    questions: dict[str, Question]
    rounds: tuple[Round, ...] = ()

    @property
    def question_count(self) -> int:
        return len(self.questions)

    def week_question_count(self, number: int) -> int:
        return sum(len(self.pages[topic].questions) for topic in self.plan.week(number).topics)


def _fingerprint(paths) -> tuple:
    return tuple((str(path), *(lambda s: (s.st_mtime_ns, s.st_size))(path.stat())) for path in paths if path.is_file())


_loaded: dict[tuple, Site] = {}  # the macros and the build hooks both load it: parse once per build


def load_site(project_dir: Path, docs_dir: Path | None = None, plan_file: Path | None = None) -> Site:
    docs_dir = docs_dir or project_dir / "docs"
    plan_file = plan_file or project_dir / PLAN_FILE
    key = _fingerprint([*sorted((docs_dir / "topics").glob("*.md")), plan_file, project_dir / MOCK_FILE])
    if key in _loaded:
        return _loaded[key]
    pages = load_topic_pages(docs_dir)
    questions = all_questions(pages)
    plan = load_plan(plan_file, set(pages), set(questions))
    rounds = load_rounds(project_dir / MOCK_FILE, pages)
    _loaded.clear()  # keep one: `mkdocs serve` rebuilds after every edit
    _loaded[key] = site = Site(plan, pages, questions, rounds)
    return site
