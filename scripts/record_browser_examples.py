"""Record which docs examples print something else on Pyodide than their #> lines.

    .venv/bin/python scripts/record_browser_examples.py

Runs every block that studysite.runtimes lets into the browser on its pinned
Pyodide and rewrites data/not-in-browser.json with those whose output differs
(an error message reworded since the Python the #> lines were written for, sizes
on 32-bit WebAssembly, a module or behaviour Pyodide lacks). Those blocks get no
Run control. tests/test_examples.py fails when this file is out of date, and says
to run this script; read the differences it prints before committing the file.
"""

import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from studysite.examples import Outcome, docs_blocks  # noqa: E402
from studysite.pyodide_runner import run_blocks  # noqa: E402
from studysite.runtimes import NOT_IN_BROWSER, browser_candidate, code_hash  # noqa: E402

DOCS = Path(__file__).resolve().parent.parent / "docs"


def difference(outcome: Outcome) -> str:
    """The first line where the run went another way than the block shows."""
    detail = outcome.detail
    if detail.startswith("printed:\n"):
        printed, shown = detail.removeprefix("printed:\n").split("\n--- but the block shows (#>):\n")
        for number, (got, want) in enumerate(zip(printed.splitlines(), shown.splitlines()), start=1):
            if got != want:
                return f"output line {number} is {got!r}, the block shows {want!r}"
        return f"prints {len(printed.splitlines())} lines, the block shows {len(shown.splitlines())}"
    return detail.strip().splitlines()[-1]


def main() -> None:
    by_version = defaultdict(list)
    for block in docs_blocks(DOCS):
        if version := browser_candidate(block.code):
            by_version[version].append(block)
    recorded = {}
    for version, blocks in sorted(by_version.items()):
        run = run_blocks([block.code for block in blocks], version)
        print(f"{len(blocks)} blocks on {run.label}")
        for block, outcome in zip(blocks, run.outcomes):
            if not outcome.ok:
                why = difference(outcome)
                print(f"  differs {block.where}: {why}")
                recorded[code_hash(block.code)] = {"page": block.where.rsplit(":", 1)[0], "python": run.label,
                                                   "why": why}
    NOT_IN_BROWSER.write_text(json.dumps({
        "about": "Docs examples whose output on Pyodide differs from their #> lines, by the hash of their code: "
                 "they get no Run control. Written by scripts/record_browser_examples.py from real runs.",
        "blocks": dict(sorted(recorded.items(), key=lambda item: (item[1]["page"], item[0]))),
    }, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(recorded)} recorded in {NOT_IN_BROWSER.relative_to(DOCS.parent)}")


if __name__ == "__main__":
    main()
