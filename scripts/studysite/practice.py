"""Practice problems judged as the browser judges them: the same harness
(docs/assets/javascripts/runner_harness.py), run here on CPython in a fresh process."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from .questions import Question, practice_function

HARNESS_DIR = Path(__file__).resolve().parents[2] / "docs" / "assets" / "javascripts"
_RUN = """
import json, sys
sys.path.insert(0, sys.argv[1])
import runner_harness
data = json.load(sys.stdin)
results = runner_harness.run_cases(data["code"], data["starter"], data["name"])
with open(sys.argv[2], "w", encoding="utf-8") as out:
    json.dump(results, out)
"""


def run_cases(code: str, starter: str, name: str, timeout: float = 60.0) -> list[dict]:
    """Each case's result (call, expected, actual, passed) for ``code`` against the starter's CASES."""
    with tempfile.NamedTemporaryFile(suffix=".json") as results:
        subprocess.run([sys.executable, "-X", "utf8", "-c", _RUN, str(HARNESS_DIR), results.name],
                       input=json.dumps({"code": code, "starter": starter, "name": name}),
                       capture_output=True, text=True, timeout=timeout, check=True)
        return json.loads(Path(results.name).read_text(encoding="utf-8"))


def practice_problems(question: Question) -> list[str]:
    """What is wrong with a practice problem when it runs; empty when the worked solution
    passes every case and the starter as written fails one. (The parser has checked
    that both define the same function and list the same cases.)"""
    starter, solution = question.practice.code, question.practice_solution.code
    name = practice_function(starter)
    problems = []
    failing = [result for result in run_cases(solution, starter, name) if not result["passed"]]
    problems += [f"the worked solution fails {r['call']}: expected {r['expected']}, got {r['actual']}" for r in failing]
    if all(result["passed"] for result in run_cases(starter, starter, name)):
        problems.append("the starter as written passes every case: the cases cannot tell a solution from none")
    return problems
