"""Unit tests of the plan loader, its validation messages and the Markdown it renders."""

from __future__ import annotations

import copy

import pytest
import yaml
from studysite import render
from studysite.plan import PlanError, load_plan
from studysite.questions import TopicPage, Question
from studysite.site import Site

TOPICS = {1, 2, 3, 4}
IDS = {"gil", "mro", "rag"}

GOOD = {
    "days_per_week": 6,
    "daily_routine": [
        {"activity": "LeetCode", "minutes": 60, "what": "Solve problems."},
        {"activity": "System design", "minutes": 30, "what": "Sketch a design."},
    ],
    "weeks": [
        {"week": 1, "focus": "Python core", "topics": [1, 2], "goals": ["Know it."], "key_questions": ["gil"]},
        {"week": 2, "focus": "Design", "topics": [3, 4], "goals": ["Design it."], "key_questions": []},
    ],
}


def write_plan(tmp_path, data) -> object:
    path = tmp_path / "study-plan.yml"
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data), encoding="utf-8")
    return path


def broken(change) -> dict:
    data = copy.deepcopy(GOOD)
    change(data)
    return data


def test_good_plan_loads(tmp_path):
    plan = load_plan(write_plan(tmp_path, GOOD), TOPICS, IDS)
    assert [week.number for week in plan.weeks] == [1, 2]
    assert plan.week(1).topics == (1, 2)
    assert plan.week(1).key_questions == ("gil",)
    assert plan.minutes_per_day == 90


# Each malformed plan must be rejected with a message naming file, week and field.
MALFORMED = {
    "missing field": (
        lambda d: d["weeks"][1].pop("focus"),
        "week 2: missing field 'focus'",
    ),
    "wrong type of topics": (
        lambda d: d["weeks"][0].update(topics="1, 2"),
        "week 1, field 'topics': must be a list, got '1, 2'",
    ),
    "wrong type inside topics": (
        lambda d: d["weeks"][0].update(topics=[1, "two"]),
        "week 1, field 'topics': must be a whole number, got 'two'",
    ),
    "unknown topic page": (
        lambda d: d["weeks"][1].update(topics=[3, 17]),
        "week 2, field 'topics': unknown topic page 17 (topic pages: 01-04)",
    ),
    "unknown question id": (
        lambda d: d["weeks"][0].update(key_questions=["gil", "no-such-question"]),
        "week 1, field 'key_questions': unknown question id 'no-such-question'",
    ),
    "duplicate week number": (
        lambda d: d["weeks"][1].update(week=1),
        "week 1, field 'week': duplicate week number 1",
    ),
    "missing week number": (
        lambda d: d["weeks"][1].update(week=3),
        "field 'week': week 2 is missing (found 1, 3)",
    ),
    "empty week": (
        lambda d: d["weeks"][1].update(topics=[]),
        "week 2, field 'topics': an empty week; list at least one topic page",
    ),
    "week number is a boolean": (
        lambda d: d["weeks"][0].update(week=True),
        "week entry 1, field 'week': must be a whole number, got True",
    ),
    "misspelt field": (
        lambda d: d["weeks"][0].update(goal=["typo"]),
        "week 1: unknown field 'goal' (expected: week, focus, topics, goals, key_questions, days)",
    ),
    "topic page in two weeks": (
        lambda d: d["weeks"][1].update(topics=[2, 3]),
        "week 2, field 'topics': topic page 2 is already in week 1",
    ),
    "no goals": (
        lambda d: d["weeks"][0].update(goals=[]),
        "week 1, field 'goals': list at least one goal",
    ),
    "routine minutes not a number": (
        lambda d: d["daily_routine"][0].update(minutes="1h"),
        "daily_routine item 1, field 'minutes': must be a whole number, got '1h'",
    ),
    "no weeks": (
        lambda d: d.update(weeks=[]),
        "field 'weeks': the plan has no weeks",
    ),
    "key question listed twice": (
        lambda d: d["weeks"][0].update(key_questions=["gil", "gil"]),
        "week 1, field 'key_questions': a question is listed twice",
    ),
    # -- the day-by-day drill (week 4) --
    "more days than study days": (
        lambda d: d["weeks"][0].update(days=[{"drill": "x"}] * 7),
        "week 1, field 'days': 7 days, but the plan has 6 study days a week",
    ),
    "day without a drill": (
        lambda d: d["weeks"][0].update(days=[{"drill": "Two pointers"}, {"questions": ["gil"]}]),
        "week 1, field 'days', day 2: missing field 'drill'",
    ),
    "day with an unknown question": (
        lambda d: d["weeks"][0].update(days=[{"drill": "Heaps", "questions": ["gil", "heap-typo"]}]),
        "week 1, field 'days', day 1, field 'questions': unknown question id 'heap-typo'",
    ),
    "day drill with a pipe": (
        lambda d: d["weeks"][0].update(days=[{"drill": "Heaps | stacks"}]),
        "week 1, field 'days', day 1, field 'drill': must not contain '|' (it splits the table's columns), got 'Heaps | stacks'",
    ),
    "day with an unknown field": (
        lambda d: d["weeks"][0].update(days=[{"drill": "Heaps", "problems": [1]}]),
        "week 1, field 'days', day 1: unknown field 'problems' (expected: drill, questions)",
    ),
    # -- bounds on what is rendered into tables, headings and <meta> (reliability review) --
    "week number 0": (
        lambda d: d["weeks"][0].update(week=0),
        "week entry 1, field 'week': week 0 is not a valid week number (weeks are numbered from 1)",
    ),
    "negative week number": (
        lambda d: d["weeks"][1].update(week=-2),
        "week entry 2, field 'week': week -2 is not a valid week number (weeks are numbered from 1)",
    ),
    "routine minutes zero": (
        lambda d: d["daily_routine"][1].update(minutes=0),
        "daily_routine item 2, field 'minutes': must be between 1 and 600, got 0",
    ),
    "routine minutes huge": (
        lambda d: d["daily_routine"][0].update(minutes=10**29),
        f"daily_routine item 1, field 'minutes': must be between 1 and 600, got {10**29}",
    ),
    "routine longer than a day": (
        lambda d: d["daily_routine"].extend([{"activity": "More", "minutes": 600, "what": "x"}] * 2),
        "field 'daily_routine': the activities add up to 1290 minutes a day; at most 960 (16 h)",
    ),
    "focus too long": (
        lambda d: d["weeks"][0].update(focus="x" * 81),
        "week 1, field 'focus': must be at most 80 characters, got 81",
    ),
    "activity too long": (
        lambda d: d["daily_routine"][0].update(activity="x" * 41),
        "daily_routine item 1, field 'activity': must be at most 40 characters, got 41",
    ),
    "what too long": (
        lambda d: d["daily_routine"][1].update(what="x" * 301),
        "daily_routine item 2, field 'what': must be at most 300 characters, got 301",
    ),
    "goal too long": (
        lambda d: d["weeks"][1].update(goals=["Fine.", "x" * 301]),
        "week 2, field 'goals', goal 2: must be at most 300 characters, got 301",
    ),
    "pipe in focus": (
        lambda d: d["weeks"][0].update(focus="OOP | design"),
        "week 1, field 'focus': must not contain '|' (it splits the table's columns), got 'OOP | design'",
    ),
    "line break in focus": (
        lambda d: d["weeks"][0].update(focus="OOP\n# design"),
        "week 1, field 'focus': must be one line, got a line break in 'OOP\\n# design'",
    ),
    "HTML in focus": (
        lambda d: d["weeks"][1].update(focus="<img src=x onerror=alert(1)>"),
        "week 2, field 'focus': must not contain HTML ('<' or '>'), got '<img src=x onerror=alert(1)>'",
    ),
    "HTML in what": (
        lambda d: d["daily_routine"][0].update(what="Solve <b>two</b>."),
        "daily_routine item 1, field 'what': must not contain HTML ('<' or '>'), got 'Solve <b>two</b>.'",
    ),
    "pipe in activity": (
        lambda d: d["daily_routine"][0].update(activity="Leet|Code"),
        "daily_routine item 1, field 'activity': must not contain '|' (it splits the table's columns), got 'Leet|Code'",
    ),
    "empty goal": (
        lambda d: d["weeks"][0].update(goals=["Know it.", ""]),
        "week 1, field 'goals', goal 2: must not be empty",
    ),
    "blank goal": (
        lambda d: d["weeks"][0].update(goals=["   "]),
        "week 1, field 'goals', goal 1: must not be empty",
    ),
    "empty activity": (
        lambda d: d["daily_routine"][0].update(activity=" "),
        "daily_routine item 1, field 'activity': must not be empty",
    ),
    "weeks as a mapping": (
        lambda d: d.update(weeks={f"week {n}": {"focus": "x" * 200, "topics": list(range(50))} for n in range(20)}),
        "field 'weeks': must be a list, got {'week 0': {'focus': 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
        "xxxx... (8550 characters)",
    ),
}


@pytest.mark.parametrize("case", MALFORMED, ids=list(MALFORMED))
def test_malformed_plan_names_file_week_and_field(tmp_path, case):
    change, message = MALFORMED[case]
    path = write_plan(tmp_path, broken(change))
    with pytest.raises(PlanError) as raised:
        load_plan(path, TOPICS, IDS)
    assert str(raised.value) == f"{path}: {message}"


def test_invalid_yaml_names_file_and_line(tmp_path):
    path = write_plan(tmp_path, "weeks:\n  - week: 1\n    focus: [unclosed\n")
    with pytest.raises(PlanError, match=rf"^{path}:\d+: not valid YAML"):
        load_plan(path, TOPICS, IDS)


@pytest.mark.parametrize("byte", [b"\xff", b"\xe9"], ids=["0xff", "latin-1 e-acute"])
def test_a_byte_that_is_not_utf8_names_the_file_line_and_column(tmp_path, byte):
    text = yaml.safe_dump(GOOD, allow_unicode=True).replace("focus: Design", "focus: D\u00e9sign")
    path = tmp_path / "study-plan.yml"
    path.write_bytes(text.encode("utf-8").replace("D\u00e9sign".encode(), b"Desi" + byte + b"gn"))
    line = next(number for number, row in enumerate(text.splitlines(), 1) if "focus: D\u00e9sign" in row)
    column = text.splitlines()[line - 1].index("D\u00e9sign") + len("Desi") + 1
    with pytest.raises(PlanError) as raised:
        load_plan(path, TOPICS, IDS)
    assert str(raised.value) == (
        f"{path}:{line}:{column}: not UTF-8 text (byte 0x{byte[0]:02x}); save the file as UTF-8"
    )


def test_a_duplicate_key_names_the_file_line_and_key(tmp_path):
    text = yaml.safe_dump(GOOD, sort_keys=False).replace(
        "  focus: Design\n", "  focus: Design\n  focus: Another design\n")
    first = text.splitlines().index("  focus: Design") + 1
    path = write_plan(tmp_path, text)
    with pytest.raises(PlanError) as raised:
        load_plan(path, TOPICS, IDS)
    assert str(raised.value) == (
        f"{path}:{first + 1}: not valid YAML (duplicate key 'focus', first at line {first}; keep one)"
    )


def test_a_top_level_duplicate_key_is_caught_too(tmp_path):
    path = write_plan(tmp_path, "days_per_week: 6\n" + yaml.safe_dump(GOOD))
    with pytest.raises(PlanError, match=r"not valid YAML \(duplicate key 'days_per_week', first at line 1; keep one\)"):
        load_plan(path, TOPICS, IDS)


def test_every_value_quoted_in_a_message_is_short(tmp_path):
    changes = [
        lambda d: d.update(weeks={"a": ["x" * 5000]}),
        lambda d: d["weeks"][0].update(topics="1, " * 3000),
        lambda d: d["weeks"][0].update(key_questions=["no-such-" * 500]),
        lambda d: d["daily_routine"][0].update(minutes="1h" * 3000),
        lambda d: d.update(days_per_week=10**500),
        lambda d: d["weeks"][0].update(**{"notes" * 500: 1}),
    ]
    for change in changes:
        path = write_plan(tmp_path, broken(change))
        with pytest.raises(PlanError) as raised:
            load_plan(path, TOPICS, IDS)
        assert len(str(raised.value)) < len(str(path)) + 200, str(raised.value)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(PlanError, match="cannot read the study plan"):
        load_plan(tmp_path / "nope.yml", TOPICS, IDS)


def test_top_level_must_be_a_mapping(tmp_path):
    path = write_plan(tmp_path, "- week: 1\n")
    with pytest.raises(PlanError, match="the top level must be a mapping"):
        load_plan(path, TOPICS, IDS)


# -- rendering ---------------------------------------------------------------

def make_site(tmp_path) -> Site:
    pages = {}
    questions = {}
    for number in sorted(TOPICS):
        qs = []
        for qid in sorted(IDS)[: number % 3 + 1]:
            qid = f"{qid}-{number}" if qid != "gil" or number != 1 else qid
            question = Question(qid, f"Question {qid}?", "mid", "Section", "Answer.", f"topics/0{number}-t.md", 1)
            qs.append(question)
            questions[qid] = question
        pages[number] = TopicPage(number, "t", f"topics/0{number}-t.md", f"0{number} · Topic {number}", qs)
    plan = load_plan(write_plan(tmp_path, GOOD), set(pages), set(questions))
    return Site(plan, pages, questions)


def test_link_is_relative_to_the_including_page():
    assert render.link("study-plan.md", "topics/01-a.md") == "topics/01-a.md"
    assert render.link("weeks/week-1.md", "topics/01-a.md") == "../topics/01-a.md"
    assert render.link("weeks/week-1.md", "weeks/week-2.md") == "week-2.md"


def test_study_plan_table_has_one_row_per_week_from_the_data(tmp_path):
    site = make_site(tmp_path)
    table = render.study_plan_table(site, "study-plan.md").splitlines()
    assert table[0] == "| Week | Focus | Topic pages | Time | Your progress |"
    assert len(table) == 2 + len(GOOD["weeks"])
    assert table[2].startswith("| [Week 1](weeks/week-1.md) | Python core | [01 · Topic 1](topics/01-t.md) (2 questions)")
    assert "| 9 h | " in table[2]  # 90 minutes a day, 6 days
    assert table[2].endswith('data-progress-label="Week 1"></span> |')
    assert 'data-progress-ids="gil mro-1 ' in table[2]


def test_changing_the_data_changes_the_output(tmp_path):
    site = make_site(tmp_path)
    changed = broken(lambda d: d["weeks"][0].update(focus="Python internals"))
    plan = load_plan(write_plan(tmp_path, changed), set(site.pages), set(site.questions))
    other = Site(plan, site.pages, site.questions)
    assert "Python internals" in render.study_plan_table(other, "study-plan.md")
    assert "Python internals" not in render.study_plan_table(site, "study-plan.md")
    assert render.week_header(other, 1, "weeks/week-1.md").startswith("# Week 1 · Python internals")


def test_week_header_lists_goals_topics_routine_and_checklist(tmp_path):
    site = make_site(tmp_path)
    header = render.week_header(site, 1, "weeks/week-1.md")
    assert header.startswith("# Week 1 · Python core\n")
    assert "- Know it." in header
    assert "- [01 · Topic 1](../topics/01-t.md) (2 questions)" in header
    assert "| LeetCode | 1 h | Solve problems. |" in header
    assert "| System design | 30 min | Sketch a design. |" in header
    checklist = header.split("## Checklist", 1)[1]
    assert '<div class="checklist" markdown>' in checklist
    assert "- Answer every question on 01 · Topic 1 before revealing it" in checklist
    assert "- Say the 1 key questions aloud" in checklist
    assert render.week_description(site, 1).startswith("Week 1 of the six-week Python interview plan: Python core.")


def test_key_questions_sheet_copies_answers_by_id_out_of_search(tmp_path):
    site = make_site(tmp_path)
    sheet = render.key_questions_sheet(site, 1, "weeks/week-1.md")
    assert sheet.startswith("## Key questions { data-search-exclude }")
    assert '### Question gil? { #gil data-difficulty="mid" data-search-exclude }' in sheet
    assert '??? answer "Answer"\n    Answer.\n\n    *From [01 · Topic 1](../topics/01-t.md#gil).*' in sheet
    assert render.key_questions_sheet(site, 2, "weeks/week-2.md") == ""  # no key questions


def test_rebase_links_keeps_copied_answers_pointing_at_the_same_targets():
    answer = (
        "See [asyncio](08-asyncio.md#x), [above](#y), [docs](https://docs.python.org/3/) "
        "and [home](../index.md).\n\n```python\nprint('[not](a-link.md)')\n```"
    )
    rebased = render.rebase_links(answer, "topics/01-a.md", "weeks/week-1.md")
    assert "[asyncio](../topics/08-asyncio.md#x)" in rebased
    assert "[above](../topics/01-a.md#y)" in rebased
    assert "[docs](https://docs.python.org/3/)" in rebased
    assert "[home](../index.md)" in rebased
    assert "print('[not](a-link.md)')" in rebased


def test_plan_summary_links_every_week(tmp_path):
    site = make_site(tmp_path)
    summary = render.plan_summary(site, "index.md").splitlines()
    assert summary == [
        "1. [**Python core**](weeks/week-1.md): topic pages 01, 02, 5 questions",
        "2. [**Design**](weeks/week-2.md): topic pages 03, 04, 3 questions",
    ]


def test_hours_formatting():
    assert render.hours(60) == "1 h"
    assert render.hours(30) == "30 min"
    assert render.hours(150) == "2.5 h"
    assert render.hours(900) == "15 h"
