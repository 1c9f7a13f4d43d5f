"""Load and validate the study plan data file.

Every error names the file, the week and the field, because the person fixing
it is editing YAML by hand and needs to know exactly where to look.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

WEEK_FIELDS = {"week": int, "focus": str, "topics": list, "goals": list, "key_questions": list}
OPTIONAL_WEEK_FIELDS = {"days": list}  # what to drill on each day of the week
DAY_FIELDS = {"drill": str, "questions": list}
ROUTINE_FIELDS = {"activity": str, "minutes": int, "what": str}
# Text fields end up in table cells, headings and <meta> descriptions: one line, no
# table pipes, no HTML, and short enough for the cell they are rendered in.
TEXT_LIMITS = {"focus": 80, "activity": 40, "what": 300, "goals": 300, "drill": 120}
MAX_ITEM_MINUTES = 600  # 10 h
MAX_DAY_MINUTES = 16 * 60
MAX_REPR = 80  # characters of a bad value quoted in a message


class PlanError(ValueError):
    """The plan data file is malformed; the message says where and how."""


@dataclass(frozen=True)
class RoutineItem:
    activity: str
    minutes: int
    what: str


@dataclass(frozen=True)
class Day:
    drill: str
    questions: tuple[str, ...]


@dataclass(frozen=True)
class Week:
    number: int
    focus: str
    topics: tuple[int, ...]
    goals: tuple[str, ...]
    key_questions: tuple[str, ...]
    days: tuple[Day, ...] = ()


@dataclass(frozen=True)
class Plan:
    days_per_week: int
    daily_routine: tuple[RoutineItem, ...]
    weeks: tuple[Week, ...]

    @property
    def minutes_per_day(self) -> int:
        return sum(item.minutes for item in self.daily_routine)

    def week(self, number: int) -> Week:
        for week in self.weeks:
            if week.number == number:
                return week
        raise PlanError(f"the study plan has no week {number}")


class _UniqueKeyLoader(yaml.SafeLoader):
    """safe_load, except that a key repeated in one mapping is an error, not "last wins"."""

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: dict = {}
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                key = self.construct_object(key_node, deep=deep)
                try:
                    first = seen.setdefault(key, key_node.start_mark)
                except TypeError:  # an unhashable key: SafeLoader reports it
                    continue
                if first is not key_node.start_mark:
                    raise yaml.constructor.ConstructorError(
                        None, None,
                        f"duplicate key {_short(key)}, first at line {first.line + 1}; keep one",
                        key_node.start_mark,
                    )
        return super().construct_mapping(node, deep=deep)


def _short(value) -> str:
    """repr of a value from the file, cut to about MAX_REPR characters for a message."""
    text = repr(value)
    if len(text) <= MAX_REPR:
        return text
    return f"{text[:MAX_REPR - 3]}... ({len(text)} characters)"


def _check_text(value: str, where: str, limit: int) -> None:
    if not value.strip():
        raise PlanError(f"{where}: must not be empty")
    if "\n" in value or "\r" in value:
        raise PlanError(f"{where}: must be one line, got a line break in {_short(value)}")
    if "|" in value:
        raise PlanError(f"{where}: must not contain '|' (it splits the table's columns), got {_short(value)}")
    if "<" in value or ">" in value:
        raise PlanError(f"{where}: must not contain HTML ('<' or '>'), got {_short(value)}")
    if len(value) > limit:
        raise PlanError(f"{where}: must be at most {limit} characters, got {len(value)}")


def _type_name(kind: type) -> str:
    return {int: "a whole number", str: "text", list: "a list"}[kind]


def _check_type(value, kind: type, where: str) -> None:
    # bool is a subclass of int; "week: true" is a mistake, not week 1.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise PlanError(f"{where}: must be {_type_name(kind)}, got {_short(value)}")


def _check_fields(entry: dict, fields: dict[str, type], where: str, optional: dict[str, type] | None = None) -> None:
    optional = optional or {}
    for name, kind in fields.items():
        if name not in entry:
            raise PlanError(f"{where}: missing field '{name}'")
        _check_type(entry[name], kind, f"{where}, field '{name}'")
    for name, kind in optional.items():
        if name in entry:
            _check_type(entry[name], kind, f"{where}, field '{name}'")
    unknown = sorted(set(entry) - set(fields) - set(optional), key=str)
    if unknown:
        raise PlanError(f"{where}: unknown field {_short(unknown[0])} (expected: {', '.join([*fields, *optional])})")


def _parse_days(raw_days: list, where: str, days_per_week: int, question_ids: set[str]) -> tuple[Day, ...]:
    """The optional day-by-day drill of a week: at most one entry per study day."""
    if len(raw_days) > days_per_week:
        raise PlanError(f"{where}, field 'days': {len(raw_days)} days, but the plan has {days_per_week} study days a week")
    parsed = []
    for position, day in enumerate(raw_days, start=1):
        at = f"{where}, field 'days', day {position}"
        if not isinstance(day, dict):
            raise PlanError(f"{at}: must be a mapping with {', '.join(DAY_FIELDS)}")
        _check_fields(day, {"drill": str}, at, {"questions": list})
        _check_text(day["drill"], f"{at}, field 'drill'", TEXT_LIMITS["drill"])
        for qid in day.get("questions", []):
            _check_type(qid, str, f"{at}, field 'questions'")
            if qid not in question_ids:
                raise PlanError(f"{at}, field 'questions': unknown question id {_short(qid)}")
        parsed.append(Day(day["drill"], tuple(day.get("questions", []))))
    return tuple(parsed)


def parse_plan(data, source: str, topic_numbers: set[int], question_ids: set[str]) -> Plan:
    """Validate raw YAML data against the site's topic pages and question ids."""
    if not isinstance(data, dict):
        raise PlanError(f"{source}: the top level must be a mapping with 'days_per_week', 'daily_routine' and 'weeks'")
    for name in ("days_per_week", "daily_routine", "weeks"):
        if name not in data:
            raise PlanError(f"{source}: missing top-level field '{name}'")
    unknown = sorted(set(data) - {"days_per_week", "daily_routine", "weeks"}, key=str)
    if unknown:
        raise PlanError(f"{source}: unknown top-level field {_short(unknown[0])}")

    days = data["days_per_week"]
    _check_type(days, int, f"{source}: field 'days_per_week'")
    if not 1 <= days <= 7:
        raise PlanError(f"{source}: field 'days_per_week': must be between 1 and 7, got {_short(days)}")

    _check_type(data["daily_routine"], list, f"{source}: field 'daily_routine'")
    if not data["daily_routine"]:
        raise PlanError(f"{source}: field 'daily_routine': must list at least one activity")
    routine = []
    for index, item in enumerate(data["daily_routine"], start=1):
        where = f"{source}: daily_routine item {index}"
        if not isinstance(item, dict):
            raise PlanError(f"{where}: must be a mapping with {', '.join(ROUTINE_FIELDS)}")
        _check_fields(item, ROUTINE_FIELDS, where)
        if not 1 <= item["minutes"] <= MAX_ITEM_MINUTES:
            raise PlanError(
                f"{where}, field 'minutes': must be between 1 and {MAX_ITEM_MINUTES}, got {_short(item['minutes'])}"
            )
        for name in ("activity", "what"):
            _check_text(item[name], f"{where}, field '{name}'", TEXT_LIMITS[name])
        routine.append(RoutineItem(item["activity"], item["minutes"], item["what"]))
    total = sum(item.minutes for item in routine)
    if total > MAX_DAY_MINUTES:
        raise PlanError(
            f"{source}: field 'daily_routine': the activities add up to {total} minutes a day; "
            f"at most {MAX_DAY_MINUTES} ({MAX_DAY_MINUTES // 60} h)"
        )

    raw_weeks = data["weeks"]
    _check_type(raw_weeks, list, f"{source}: field 'weeks'")
    if not raw_weeks:
        raise PlanError(f"{source}: field 'weeks': the plan has no weeks")
    weeks: list[Week] = []
    seen_topics: dict[int, int] = {}
    for index, entry in enumerate(raw_weeks, start=1):
        number = entry.get("week") if isinstance(entry, dict) else None
        valid_number = isinstance(number, int) and not isinstance(number, bool) and number >= 1
        label = f"week {number}" if valid_number else f"week entry {index}"
        where = f"{source}: {label}"
        if not isinstance(entry, dict):
            raise PlanError(f"{where}: must be a mapping with {', '.join(WEEK_FIELDS)}")
        _check_fields(entry, WEEK_FIELDS, where, OPTIONAL_WEEK_FIELDS)
        number = entry["week"]
        if number < 1:
            raise PlanError(
                f"{where}, field 'week': week {_short(number)} is not a valid week number (weeks are numbered from 1)"
            )
        if any(week.number == number for week in weeks):
            raise PlanError(f"{where}, field 'week': duplicate week number {number}")
        _check_text(entry["focus"], f"{where}, field 'focus'", TEXT_LIMITS["focus"])
        if not entry["topics"]:
            raise PlanError(f"{where}, field 'topics': an empty week; list at least one topic page")
        for topic in entry["topics"]:
            _check_type(topic, int, f"{where}, field 'topics'")
            if topic not in topic_numbers:
                known = f"{min(topic_numbers):02d}-{max(topic_numbers):02d}" if topic_numbers else "none"
                raise PlanError(f"{where}, field 'topics': unknown topic page {_short(topic)} (topic pages: {known})")
            if topic in seen_topics:
                raise PlanError(f"{where}, field 'topics': topic page {topic} is already in week {seen_topics[topic]}")
            seen_topics[topic] = number
        if not entry["goals"]:
            raise PlanError(f"{where}, field 'goals': list at least one goal")
        for position, goal in enumerate(entry["goals"], start=1):
            _check_type(goal, str, f"{where}, field 'goals'")
            _check_text(goal, f"{where}, field 'goals', goal {position}", TEXT_LIMITS["goals"])
        for qid in entry["key_questions"]:
            _check_type(qid, str, f"{where}, field 'key_questions'")
            if qid not in question_ids:
                raise PlanError(f"{where}, field 'key_questions': unknown question id {_short(qid)}")
        if len(set(entry["key_questions"])) != len(entry["key_questions"]):
            raise PlanError(f"{where}, field 'key_questions': a question is listed twice")
        week_days = _parse_days(entry.get("days", []), where, days, question_ids)
        weeks.append(Week(number, entry["focus"], tuple(entry["topics"]), tuple(entry["goals"]),
                          tuple(entry["key_questions"]), week_days))

    numbers = sorted(week.number for week in weeks)
    expected = list(range(1, len(weeks) + 1))
    if numbers != expected:
        missing = sorted(set(expected) - set(numbers))
        detail = f"week {missing[0]} is missing" if missing else f"weeks must be numbered 1-{len(weeks)}"
        found = ", ".join(map(str, numbers))
        found = found if len(found) <= MAX_REPR else found[:MAX_REPR - 3] + "..."
        raise PlanError(f"{source}: field 'week': {detail} (found {found})")
    return Plan(days, tuple(routine), tuple(sorted(weeks, key=lambda week: week.number)))


def read_yaml(path: Path, what: str):
    """Read one of our YAML data files: UTF-8, valid YAML, no repeated keys.

    Any problem raises PlanError naming the file (and line and column where known).
    """
    source = str(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise PlanError(f"{source}: cannot read {what} ({error.strerror})") from error
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        line = raw.count(b"\n", 0, error.start) + 1
        column = len(raw[line_start:error.start].decode("utf-8", errors="replace")) + 1
        raise PlanError(
            f"{source}:{line}:{column}: not UTF-8 text (byte 0x{raw[error.start]:02x}); "
            "save the file as UTF-8"
        ) from None
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{source}:{mark.line + 1}" if mark else source
        raise PlanError(f"{where}: not valid YAML ({getattr(error, 'problem', None) or error})") from error


def load_plan(path: Path, topic_numbers: set[int], question_ids: set[str]) -> Plan:
    """Read and validate the plan file; any problem raises PlanError naming the file."""
    return parse_plan(read_yaml(path, "the study plan"), str(path), topic_numbers, question_ids)
