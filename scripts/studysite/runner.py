"""The "Run" controls under the examples a browser can run, written at build time.

Which blocks get one is decided by studysite.runtimes, the classifier the tests
use; runner.js brings the controls to life and loads Pyodide on the first click.
The controls are in the HTML so nothing moves when the script runs.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import sys
from pathlib import Path

from . import examples, runtimes
from .examples import PYTHON_LANGUAGES
from .questions import PRACTICE_MARKER, code_blocks, practice_function
from .runtimes import browser_runtime, code_hash

# The classifier reads each block's syntax tree (about 1 ms a block, most of the
# build's own cost): its answers are kept on disk, under a key that changes with
# the classifier's code, its recorded runs and the Python it runs on.
CACHE_FILE = Path(__file__).resolve().parents[2] / ".cache" / "browser-runtimes.json"
_cache: dict[str, str | None] | None = None
_used: dict[str, str | None] = {}  # what this build classified: all the cache keeps


def _classifier_key() -> str:
    sources = [Path(runtimes.__file__), Path(examples.__file__), runtimes.NOT_IN_BROWSER]
    digest = hashlib.sha256(repr(sys.version_info[:2]).encode())
    for source in sources:
        digest.update(source.read_bytes() if source.is_file() else b"-")
    return digest.hexdigest()[:16]


def cached_browser_runtime(code: str) -> str | None:
    """browser_runtime(code), remembered across builds."""
    global _cache
    if _cache is None:
        try:
            stored = json.loads(CACHE_FILE.read_text(encoding="utf-8"))
            _cache = stored["blocks"] if stored.get("key") == _classifier_key() else {}
        except (OSError, ValueError, KeyError, TypeError):
            _cache = {}
    key = code_hash(code)
    version = _cache.get(key, "unknown")
    if version is not None and version not in runtimes.PYODIDE_PACKAGES:  # not cached, or not a valid answer
        version = _cache[key] = browser_runtime(code)
    _used[key] = version
    return version


def save_cache() -> None:
    """Write what this build classified (called once, after the build)."""
    if not _used:
        return
    try:
        CACHE_FILE.parent.mkdir(parents=True, exist_ok=True)
        CACHE_FILE.write_text(json.dumps({"key": _classifier_key(), "blocks": _used}), encoding="utf-8")
    except OSError:
        pass  # a read-only checkout builds the same, only slower
    _used.clear()

# Pygments' output for a python block; its text is the block's code.
_PYTHON_BLOCK = re.compile(
    r'<div class="language-(?:python|py|python3) highlight"><pre>(?P<pre>.*?)</pre></div>', re.S)
_TAG = re.compile(r"<[^>]+>")

RUNNER = ('<div class="runner" data-run="{version}"{practice} data-search-exclude>'
          '<button type="button" class="md-button" data-runner="run">{label}</button>'
          '<span class="runner__status" data-runner="status" role="status"></span>'
          '<div class="runner__output" data-runner="output" role="log" aria-label="Output"></div></div>')


def _text(pre_html: str) -> str:
    return html.unescape(_TAG.sub("", pre_html)).strip("\n")


def runnable_blocks(markdown: str) -> dict[str, tuple[str, str | None]]:
    """Code text -> (Pyodide version, practice function name or None), for the page's
    python blocks a browser can run."""
    found = {}
    for block in code_blocks(markdown):
        if block.language not in PYTHON_LANGUAGES:
            continue
        version = cached_browser_runtime(block.code)
        if version:
            practice = block.code.lstrip("\n").startswith(PRACTICE_MARKER + "\n")
            found[block.code.strip("\n")] = (version, practice_function(block.code) if practice else None)
    return found


def add_runners(page_html: str, markdown: str) -> str:
    """A Run control (or "Run tests" for a practice block) after each runnable block;
    a practice block and its controls are wrapped in ``<div class="practice">``."""
    runnable = runnable_blocks(markdown)
    if not runnable:
        return page_html

    def annotate(match: re.Match) -> str:
        found = runnable.get(_text(match["pre"]))
        if not found:
            return match.group()
        version, practice = found
        controls = RUNNER.format(version=version, label="Run tests" if practice else "Run",
                                 practice=f' data-practice="{practice}"' if practice else "")
        if practice:
            return f'<div class="practice">{match.group()}{controls}</div>'
        return match.group() + controls

    return _PYTHON_BLOCK.sub(annotate, page_html)
