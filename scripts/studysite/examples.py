"""Run the Python code blocks of the docs and check the output they show.

Conventions (documented in the README):

* Printed output is written under the print, as ``#>`` comment lines. The
  block's whole stdout must equal those lines, in order.
* ``# requires: Python 3.N`` as the first line: skipped on older interpreters.
* ``# not run: <reason>`` as the first line: never run here (needs a broker,
  a GPU, a network...); the reason is reported by the test suite.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass

PYTHON_LANGUAGES = {"python", "py", "python3"}
_REQUIRES = re.compile(r"^#\s*requires:\s*Python\s*(?P<major>\d+)\.(?P<minor>\d+)\+?", re.IGNORECASE)
_NOT_RUN = re.compile(r"^#\s*not run:\s*(?P<reason>.+)$", re.IGNORECASE)
_OUTPUT = re.compile(r"^\s*#>(?: (?P<text>.*)|$)")


@dataclass(frozen=True)
class Outcome:
    ok: bool
    detail: str = ""


def skip_reason(code: str, version: tuple[int, int] = sys.version_info[:2]) -> str | None:
    """Why this block is not run on this interpreter, or None to run it."""
    first = code.lstrip("\n").splitlines()[0] if code.strip() else ""
    if match := _NOT_RUN.match(first):
        return match.group("reason").strip()
    if match := _REQUIRES.match(first):
        needed = (int(match.group("major")), int(match.group("minor")))
        if version < needed:
            return f"needs Python {needed[0]}.{needed[1]}+ (running {version[0]}.{version[1]})"
    return None


def expected_output(code: str) -> str:
    """The output a block claims to print: its ``#>`` lines, in order."""
    shown = []
    for line in code.splitlines():
        if match := _OUTPUT.match(line):
            shown.append(match.group("text") or "")
    return "\n".join(shown)


def run_block(code: str, timeout: float = 30.0) -> Outcome:
    """Run one block in a fresh interpreter and compare stdout with its ``#>`` lines."""
    try:
        result = subprocess.run(
            [sys.executable, "-X", "utf8", "-c", code],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return Outcome(False, f"timed out after {timeout:.0f} s")
    if result.returncode != 0:
        return Outcome(False, f"exit code {result.returncode}\n{result.stderr.strip()}")
    printed = "\n".join(line.rstrip() for line in result.stdout.rstrip("\n").splitlines())
    shown = "\n".join(line.rstrip() for line in expected_output(code).splitlines())
    if printed != shown:
        return Outcome(False, f"printed:\n{printed}\n--- but the block shows (#>):\n{shown}")
    return Outcome(True)
