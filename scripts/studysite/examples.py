"""Run the Python code blocks of the docs and check the output they show.

Conventions (documented in the README):

* Printed output is written under the print, as ``#>`` comment lines. The
  block's whole stdout must equal those lines, in order.
* ``# requires: Python 3.N`` as the first line: run with an interpreter that new
  when the machine has one (``python3.N`` on PATH, or a pyenv version), else skipped.
* A block that mentions ``DATABASE_URL`` runs with that variable set to a
  fresh, empty PostgreSQL 18 database (studysite.services).
* ``# not run: <reason>`` as the first line: never run here (needs a broker,
  a GPU, a network...); the reason is reported by the test suite.
"""

from __future__ import annotations

import functools
import os
import platform
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .questions import code_blocks

PYTHON_LANGUAGES = {"python", "py", "python3"}
_REQUIRES = re.compile(r"^#\s*requires:\s*Python\s*(?P<major>\d+)\.(?P<minor>\d+)\+?", re.IGNORECASE)
_NOT_RUN = re.compile(r"^#\s*not run:\s*(?P<reason>.+)$", re.IGNORECASE)
_OUTPUT = re.compile(r"^\s*#>(?: (?P<text>.*)|$)")


@dataclass(frozen=True)
class Block:
    where: str  # "topics/01-objects-and-functions.md:801": page under docs/ and the fence's line
    code: str


def docs_blocks(docs: Path) -> list[Block]:
    """Every Python code block of the Markdown pages under ``docs``, in page order."""
    return [Block(f"{file.relative_to(docs)}:{block.line}", block.code)
            for file in sorted(docs.rglob("*.md"))
            for block in code_blocks(file.read_text(encoding="utf-8"))
            if block.language in PYTHON_LANGUAGES]


@dataclass(frozen=True)
class Outcome:
    ok: bool
    detail: str = ""


def required_version(code: str) -> tuple[int, int] | None:
    first = code.lstrip("\n").splitlines()[0] if code.strip() else ""
    match = _REQUIRES.match(first)
    return (int(match.group("major")), int(match.group("minor"))) if match else None


@functools.cache
def installed_interpreters() -> dict[tuple[int, int], str]:
    """Python interpreters on this machine by version: the running one, python3.N, pyenv's."""
    found = {sys.version_info[:2]: sys.executable}
    candidates = [shutil.which(f"python3.{minor}") for minor in range(8, 30)]
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    candidates += [str(path) for path in sorted(pyenv.glob("3.*/bin/python3"))]
    for path in filter(None, candidates):
        try:
            out = subprocess.run([path, "-c", "import sys; print(*sys.version_info[:2])"],
                                 capture_output=True, text=True, timeout=10).stdout.split()
        except (OSError, subprocess.TimeoutExpired):
            continue
        if len(out) == 2:
            found.setdefault((int(out[0]), int(out[1])), path)
    return found


@functools.cache
def interpreter_version(path: str) -> str:
    """An interpreter's full version, e.g. "3.12.1"."""
    if path == sys.executable:
        return platform.python_version()
    return subprocess.run([path, "-c", "import platform; print(platform.python_version())"],
                          capture_output=True, text=True, timeout=10).stdout.strip()


def interpreter_for(code: str) -> str | None:
    """The interpreter a block runs with: ours, or the oldest one new enough for it."""
    needed = required_version(code)
    if needed is None or sys.version_info[:2] >= needed:
        return sys.executable
    newer = sorted(version for version in installed_interpreters() if version >= needed)
    return installed_interpreters()[newer[0]] if newer else None


def not_run_reason(code: str) -> str | None:
    """The reason of a ``# not run: <reason>`` first line, or None."""
    first = code.lstrip("\n").splitlines()[0] if code.strip() else ""
    match = _NOT_RUN.match(first)
    return match.group("reason").strip() if match else None


def skip_reason(code: str) -> str | None:
    """Why this block is not run here, or None to run it."""
    if reason := not_run_reason(code):
        return reason
    needed = required_version(code)
    if needed and interpreter_for(code) is None:
        newest = max(installed_interpreters())
        return f"needs Python {needed[0]}.{needed[1]}+ (newest here: {newest[0]}.{newest[1]})"
    return None


def expected_output(code: str) -> str:
    """The output a block claims to print: its ``#>`` lines, in order."""
    shown = []
    for line in code.splitlines():
        if match := _OUTPUT.match(line):
            shown.append(match.group("text") or "")
    return "\n".join(shown)


def run_block(code: str, timeout: float = 30.0, env: dict[str, str] | None = None) -> Outcome:
    """Run one block in a fresh interpreter and compare stdout with its ``#>`` lines.

    ``env`` adds environment variables, e.g. the ``DATABASE_URL`` of a fresh database.
    """
    interpreter = interpreter_for(code)
    if interpreter is None:
        return Outcome(False, skip_reason(code) or "no interpreter")
    try:
        result = subprocess.run(
            [interpreter, "-X", "utf8", "-c", code],
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, **(env or {})},
        )
    except subprocess.TimeoutExpired:
        return Outcome(False, f"timed out after {timeout:.0f} s")
    if result.returncode != 0:
        return Outcome(False, f"exit code {result.returncode}\n{result.stderr.strip()}")
    return compare_output(code, result.stdout)


def compare_output(code: str, stdout: str) -> Outcome:
    """Whether what a block printed is exactly what its ``#>`` lines show (trailing spaces aside)."""
    printed = "\n".join(line.rstrip() for line in stdout.rstrip("\n").splitlines())
    shown = "\n".join(line.rstrip() for line in expected_output(code).splitlines())
    if printed != shown:
        return Outcome(False, f"printed:\n{printed}\n--- but the block shows (#>):\n{shown}")
    return Outcome(True)
