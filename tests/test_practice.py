"""Practice problems ("Your turn"), judged by the harness the browser runs (on CPython here)."""

from __future__ import annotations

import dataclasses
import re

import pytest
from conftest import DOCS
from studysite.practice import practice_problems, run_cases
from studysite.questions import load_topic_pages, practice_cases, practice_function


def practice_questions() -> list:
    return [pytest.param(question, id=question.id)
            for page in load_topic_pages(DOCS).values() for question in page.questions if question.practice]


def test_page_13_has_practice_problems():
    on_13 = [question for question in load_topic_pages(DOCS)[13].questions if question.practice]
    assert len(on_13) >= 2
    assert all(question.section == "Your turn: practice problems" for question in on_13)


@pytest.mark.parametrize("question", practice_questions())
def test_reference_passes_and_the_starter_fails(question):
    starter, solution = question.practice.code, question.practice_solution.code
    name = practice_function(starter)
    assert practice_function(solution) == name  # the reader writes the function the solution defines
    assert len(practice_cases(starter)) >= 5
    reference = run_cases(solution, starter, name)
    assert [case for case in reference if not case["passed"]] == []
    as_written = run_cases(starter, starter, name)
    assert any(not case["passed"] for case in as_written), "the starter passes every case"
    assert practice_problems(question) == []


@pytest.mark.parametrize("question", practice_questions())
def test_the_build_names_the_same_function(question, built_site):
    html = built_site.html(question.page)
    heading = html.index(f'id="{question.id}"')
    practice = re.compile(r'<div class="runner" data-run="[\d.]+" data-practice="(\w+)"').search(html, heading)
    assert practice and practice[1] == practice_function(question.practice.code)
    assert practice.start() < html.index('<details class="answer">', heading)


STARTER = '''# practice
def middle(items: list) -> object:
    """The middle item."""
    ...


CASES = [(([1, 2, 3],), 2), ((["a"],), "a"), (([1, 2, 3, 4, 5],), 3), (([None, 7, None],), 7), (([[1], [2], [3]],), [2])]
'''


def test_cases_show_the_failing_input_expected_and_actual():
    wrong = "def middle(items):\n    return items[0]\n"
    results = run_cases(wrong, STARTER, "middle")
    assert results[0] == {"call": "middle([1, 2, 3])", "expected": "2", "actual": "1", "passed": False}
    assert results[1] == {"call": "middle(['a'])", "expected": "'a'", "actual": "'a'", "passed": True}


def test_an_exception_a_missing_function_and_edited_cases_fail_honestly():
    raising = run_cases("def middle(items):\n    return items[99]\n", STARTER, "middle")
    assert raising[0]["actual"] == "raised IndexError: list index out of range" and not raising[0]["passed"]
    misnamed = run_cases("def centre(items):\n    return items[len(items) // 2]\n", STARTER, "middle")
    assert {case["actual"] for case in misnamed} == {"no function named middle"}
    crashed = run_cases("1 / 0\ndef middle(items):\n    return 0\n", STARTER, "middle")
    assert crashed[0]["actual"] == "no function named middle (the code raised first)"
    # The reader's own CASES do not replace the published ones.
    cheat = "def middle(items):\n    return None\nCASES = [(([1],), None)] * 5\n"
    assert not any(case["passed"] for case in run_cases(cheat, STARTER, "middle"))


def test_practice_problems_reports_a_wrong_reference_and_a_starter_that_passes():
    question = next(param.values[0] for param in practice_questions())
    solution = question.practice_solution
    broken = dataclasses.replace(
        question, answer=question.answer.replace(solution.code.splitlines()[1],
                                                 solution.code.splitlines()[1] + "\n    return None", 1))
    problems = practice_problems(broken)
    assert problems and all(problem.startswith("the worked solution fails ") for problem in problems)
    assert ": expected " in problems[0] and problems[0].endswith(", got None")
    none_expected = re.sub(r"\), [^()]+?\),\n", "), None),\n", question.practice.code)
    lazy = dataclasses.replace(question, practice=dataclasses.replace(question.practice, code=none_expected))
    assert "the starter as written passes every case" in " ".join(practice_problems(lazy))
