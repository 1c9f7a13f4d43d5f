"""Mock interviews: rounds from data/mock-interviews.yml, prompts from the question parser.

The Mock interview page (docs/mock-interview.md) and mock.js get everything from
here at build time: each round's phases and rubric from the data file, and its
prompts from the topic pages' questions (the one parser), so a new question on
page 13 is a new coding prompt with no other edit. A mistake in the data file
stops the build with a message naming the file, the round and the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .plan import PlanError, _check_text, _short, read_yaml
from .questions import Question, TopicPage
from .pagedata import json_data

MOCK_FILE = Path("data") / "mock-interviews.yml"
LENGTHS = (30, 45, 60)
ROUND_FIELDS = ("id", "name", "prompts", "sources", "phases", "rubric")
MAX_PROMPTS = 8  # prompts drawn for one mock
LEVELS = 4  # every rubric dimension is scored 1-4
MIN_PROMPTS = 4
_PROMPT = re.compile(r"^\*\*Prompt\.\*\*\s*(?P<text>.+?)(?:\n\s*\n|\Z)", re.S | re.M)
_MARKUP = re.compile(r"\[([^\]]+)\]\([^)]*\)|[*`_]")


class MockError(PlanError):
    """The mock-interview data file is malformed; the message says where and how."""


@dataclass(frozen=True)
class Source:
    page: int
    section: str | None


@dataclass(frozen=True)
class Round:
    id: str
    name: str
    prompts: int  # how many a mock draws
    sources: tuple[Source, ...]
    phases: dict[int, tuple[tuple[str, int], ...]]  # length -> (phase, minutes) in order
    rubric: tuple[tuple[str, tuple[str, ...]], ...]  # dimension -> descriptors for 1..4


def parse_rounds(data, source: str, pages: dict[int, TopicPage]) -> tuple[Round, ...]:
    if not isinstance(data, dict) or set(data) != {"rounds"}:
        raise MockError(f"{source}: the top level must be a mapping with one field, 'rounds'")
    if not isinstance(data["rounds"], list) or not data["rounds"]:
        raise MockError(f"{source}: field 'rounds': must be a non-empty list")
    rounds: list[Round] = []
    for index, entry in enumerate(data["rounds"], start=1):
        label = f"round {entry['id']!r}" if isinstance(entry, dict) and isinstance(entry.get("id"), str) else f"round {index}"
        where = f"{source}: {label}"
        if not isinstance(entry, dict):
            raise MockError(f"{where}: must be a mapping with {', '.join(ROUND_FIELDS)}")
        missing = [name for name in ROUND_FIELDS if name not in entry]
        if missing:
            raise MockError(f"{where}: missing field '{missing[0]}'")
        unknown = sorted(set(entry) - set(ROUND_FIELDS), key=str)
        if unknown:
            raise MockError(f"{where}: unknown field {_short(unknown[0])} (expected: {', '.join(ROUND_FIELDS)})")
        if not isinstance(entry["id"], str) or not re.fullmatch(r"[a-z][a-z0-9-]*", entry["id"]):
            raise MockError(f"{where}, field 'id': must be lowercase kebab-case, got {_short(entry['id'])}")
        if any(other.id == entry["id"] for other in rounds):
            raise MockError(f"{where}, field 'id': a second round with this id")
        _text(entry["name"], f"{where}, field 'name'", 40)
        count = entry["prompts"]
        if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= MAX_PROMPTS:
            raise MockError(f"{where}, field 'prompts': must be a whole number from 1 to {MAX_PROMPTS}, got {_short(count)}")
        sources = _sources(entry["sources"], f"{where}, field 'sources'", pages)
        phases = _phases(entry["phases"], f"{where}, field 'phases'")
        rubric = _rubric(entry["rubric"], f"{where}, field 'rubric'")
        round_ = Round(entry["id"], entry["name"], count, sources, phases, rubric)
        found = len(prompt_pool(round_, pages))
        needed = max(MIN_PROMPTS, 2 * count)  # enough that two mocks in a row need not repeat one
        if found < needed:
            raise MockError(f"{where}, field 'sources': {found} prompts; this round needs at least {needed}")
        rounds.append(round_)
    return tuple(rounds)


def _text(value, where: str, limit: int) -> None:
    if not isinstance(value, str):
        raise MockError(f"{where}: must be text, got {_short(value)}")
    try:
        _check_text(value, where, limit)
    except PlanError as error:
        raise MockError(str(error)) from None


def _sources(value, where: str, pages: dict[int, TopicPage]) -> tuple[Source, ...]:
    if not isinstance(value, list) or not value:
        raise MockError(f"{where}: must be a non-empty list of {{page: N}} or {{page: N, section: ...}}")
    sources = []
    for item in value:
        if not isinstance(item, dict) or "page" not in item or set(item) - {"page", "section"}:
            raise MockError(f"{where}: each source is {{page: N}} or {{page: N, section: ...}}, got {_short(item)}")
        page, section = item["page"], item.get("section")
        if not isinstance(page, int) or isinstance(page, bool) or page not in pages:
            raise MockError(f"{where}: unknown topic page {_short(page)}")
        if section is not None and section not in {q.section for q in pages[page].questions}:
            raise MockError(f"{where}: page {page:02d} has no section {_short(section)} with questions")
        sources.append(Source(page, section))
    return tuple(sources)


def _phases(value, where: str) -> dict[int, tuple[tuple[str, int], ...]]:
    if not isinstance(value, dict) or sorted(value) != list(LENGTHS):
        raise MockError(f"{where}: must give the phases for each length: {', '.join(map(str, LENGTHS))} minutes")
    phases = {}
    for length in LENGTHS:
        steps = value[length]
        if not isinstance(steps, dict) or not steps:
            raise MockError(f"{where}, {length} minutes: must map each phase to its minutes")
        for name, minutes in steps.items():
            _text(name, f"{where}, {length} minutes, phase name", 40)
            if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes < 1:
                raise MockError(f"{where}, {length} minutes, phase {name!r}: must be whole minutes, got {_short(minutes)}")
        if sum(steps.values()) != length:
            raise MockError(f"{where}, {length} minutes: the phases add up to {sum(steps.values())} minutes")
        phases[length] = tuple(steps.items())
    return phases


def _rubric(value, where: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, dict) or not value:
        raise MockError(f"{where}: must map each dimension to its {LEVELS} descriptors")
    rubric = []
    for name, descriptors in value.items():
        _text(name, f"{where}, dimension name", 40)
        if not isinstance(descriptors, list) or len(descriptors) != LEVELS:
            raise MockError(f"{where}, dimension {name!r}: needs exactly {LEVELS} descriptors (for scores 1-{LEVELS})")
        for level, text in enumerate(descriptors, start=1):
            _text(text, f"{where}, dimension {name!r}, score {level}", 200)
        rubric.append((name, tuple(descriptors)))
    return tuple(rubric)


def load_rounds(path: Path, pages: dict[int, TopicPage]) -> tuple[Round, ...]:
    try:
        data = read_yaml(path, "the mock-interview rounds")
    except PlanError as error:
        raise MockError(str(error)) from None
    return parse_rounds(data, str(path), pages)


def prompt_pool(round_: Round, pages: dict[int, TopicPage]) -> list[Question]:
    return [question for source in round_.sources for question in pages[source.page].questions
            if source.section is None or question.section == source.section]


def candidate_prompt(question: Question) -> str:
    """What the candidate sees: the answer's **Prompt.** paragraph, else the question itself."""
    match = _PROMPT.search(question.answer)
    text = match.group("text") if match else question.title
    return " ".join(_MARKUP.sub(lambda m: m.group(1) or "", text).split())


def mock_data(rounds: tuple[Round, ...], pages: dict[int, TopicPage], url_path) -> dict:
    """Everything mock.js needs, embedded in the page as JSON."""
    return {
        "lengths": list(LENGTHS),
        "rounds": [{
            "id": round_.id,
            "name": round_.name,
            "count": round_.prompts,
            "phases": {str(length): [list(step) for step in steps] for length, steps in round_.phases.items()},
            "rubric": [[name, list(descriptors)] for name, descriptors in round_.rubric],
            "prompts": [[q.id, q.title, candidate_prompt(q), q.difficulty, url_path(q.page)]
                        for q in prompt_pool(round_, pages)],
        } for round_ in rounds],
    }


def rubric_tables(rounds: tuple[Round, ...]) -> str:
    """Markdown: one rubric table per round, for reading and for the printed scorecard."""
    parts = []
    for round_ in rounds:
        parts += [f"### {round_.name} {{ #rubric-{round_.id} }}", "",
                  "| Dimension | 1 | 2 | 3 | 4 |", "|---|---|---|---|---|"]
        parts += [f"| {name} | " + " | ".join(descriptors) + " |" for name, descriptors in round_.rubric]
        phases = ", ".join(f"{length} min: " + " · ".join(f"{name} {minutes}" for name, minutes in steps)
                           for length, steps in round_.phases.items())
        parts += ["", f"*Phases (minutes).* {phases}", ""]
    return "\n".join(parts)


def mock_page(rounds: tuple[Round, ...], pages: dict[int, TopicPage], url_path) -> str:
    """The Mock interview page's controls, written at build time so nothing shifts;
    mock.js brings them to life (setup, timer, packet, scoring, history)."""
    def radios(name: str, legend: str, options: list[tuple[str, str]], checked: str) -> str:
        inputs = "".join(
            f'<label><input type="radio" name="{name}" value="{value}"{" checked" if value == checked else ""}> '
            f"{label}</label> " for value, label in options)
        return f'<fieldset><legend>{legend}</legend>{inputs}</fieldset>'

    setup = (
        '<form id="mock-setup" class="mock-setup">'
        + radios("round", "Round", [(r.id, r.name) for r in rounds], rounds[0].id)
        + radios("length", "Length", [(str(n), f"{n} minutes") for n in LENGTHS], "45")
        + radios("difficulty", "Difficulty", [("any", "Any"), ("junior", "Junior"), ("mid", "Mid"),
                                              ("senior", "Senior")], "any")
        + '<p><button type="submit" class="md-button md-button--primary" disabled>Start the mock</button></p>'
        + "</form>"
    )
    return (
        '<div id="mock" class="mock" data-search-exclude>'
        + setup
        + '<section id="mock-session" class="mock-session" hidden></section>'
        + '<p class="mock-announcer" role="status" aria-live="polite"></p>'
        + '<section class="mock-history" aria-labelledby="mock-history-title">'
        + '<h2 id="mock-history-title">Your mock interviews</h2>'
        + '<div id="mock-history"><p>Finished mocks appear here, with their scores.</p></div></section>'
        + json_data("mock-data", mock_data(rounds, pages, url_path))
        + '<script src="../assets/javascripts/mock.js" defer></script>'
        + "</div>"
    )
