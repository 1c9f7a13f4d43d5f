"""Run docs code blocks on the pinned Pyodide (CPython compiled to WebAssembly) under Node.

One Node process per Pyodide version runs a whole list of blocks
(scripts/pyodide_runner.mjs), because loading Pyodide takes seconds; each block
still runs as a fresh ``__main__`` with its own stdout, and its outcome is
judged exactly as ``examples.run_block`` judges a native run.
"""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .examples import Outcome, compare_output
from .runtimes import PYODIDE_PACKAGES, needs_stack_switching

ROOT = Path(__file__).resolve().parents[2]
RUNNER = ROOT / "scripts" / "pyodide_runner.mjs"
# asyncio.run() on Pyodide suspends WebAssembly (JSPI); Node 20 has it behind this flag,
# later Node versions renamed it.
STACK_SWITCHING_FLAGS = ("--experimental-wasm-stack-switching", "--experimental-wasm-jspi")


class PyodideMissing(RuntimeError):
    """Node or the pinned Pyodide package is not installed; the message says how to get it."""


@dataclass(frozen=True)
class PyodideRun:
    """The outcomes of a batch, in the order of the blocks, and what ran them."""

    outcomes: list[Outcome]
    seconds: list[float]  # each block's run time
    python: str  # e.g. "3.14.2"
    pyodide: str  # the npm package's version, e.g. "314.0.7"

    @property
    def label(self) -> str:
        return f"CPython {self.python} (Pyodide {self.pyodide})"


def package_dir(version: str) -> Path:
    return ROOT / "node_modules" / PYODIDE_PACKAGES[version]


def package_version(version: str) -> str:
    return json.loads((package_dir(version) / "package.json").read_text(encoding="utf-8"))["version"]


def missing_reason(version: str) -> str | None:
    """Why Pyodide ``version`` cannot run here, or None when it can."""
    if version not in PYODIDE_PACKAGES:
        return f"no Pyodide package for Python {version}"
    if not shutil.which("node"):
        return "Node.js is not installed (make test installs it)"
    if not (package_dir(version) / "pyodide.mjs").exists():
        return f"npm package {PYODIDE_PACKAGES[version]} is not installed (run `npm ci`; make test does)"
    return None


@functools.cache
def _node_flags() -> tuple[str, ...]:
    for flag in STACK_SWITCHING_FLAGS:
        if subprocess.run(["node", flag, "-e", "0"], capture_output=True).returncode == 0:
            return (flag,)
    return ()


def run_blocks(codes: Sequence[str], version: str, timeout: float = 60.0) -> PyodideRun:
    """Run every block on Pyodide ``version`` ("3.14", "3.15") in one Node process."""
    if reason := missing_reason(version):
        raise PyodideMissing(reason)
    requests = "".join(json.dumps({"id": index, "code": code, "async": needs_stack_switching(code)}) + "\n"
                       for index, code in enumerate(codes))
    result = subprocess.run(
        ["node", *_node_flags(), str(RUNNER), PYODIDE_PACKAGES[version], str(timeout)],
        input=requests, capture_output=True, text=True, cwd=ROOT,
        timeout=60 + len(codes) * (timeout + 3),
    )
    lines = result.stdout.splitlines()
    if result.returncode != 0 or len(lines) != len(codes) + 1:
        raise RuntimeError(f"the Pyodide runner failed (exit code {result.returncode}, "
                           f"{len(lines) - 1} of {len(codes)} results):\n{result.stderr.strip()}")
    hello = json.loads(lines[0])
    replies = sorted((json.loads(line) for line in lines[1:]), key=lambda reply: reply["id"])
    return PyodideRun([_judge(code, reply, timeout) for code, reply in zip(codes, replies)],
                      [reply["seconds"] for reply in replies], python=hello["python"], pyodide=package_version(version))


def _judge(code: str, reply: dict, timeout: float) -> Outcome:
    if reply["timedOut"]:
        return Outcome(False, f"timed out after {timeout:.0f} s")
    if reply["error"]:
        return Outcome(False, f"exception\n{reply['error'].strip()}")
    return compare_output(code, reply["stdout"])
