"""Which blocks get a Run control, the controls the build writes, and the runtime it ships."""

from __future__ import annotations

import filecmp
import gzip
import re

import pytest
from build_hooks import NODE_MODULES, PYODIDE_DIR, PYODIDE_FILES, SHIPPED_JS, minify_js
from conftest import DOCS
from studysite.examples import PYTHON_LANGUAGES
from studysite.questions import code_blocks, load_topic_pages
from studysite.runner import add_runners
from studysite.runtimes import PYODIDE_PACKAGES, browser_runtime

CLASSIFIED = {
    "plain": ("import collections\nprint(collections.Counter('aab'))\n", "3.14"),
    "newer but older than 3.14": ("# requires: Python 3.12\ntype Point = tuple[int, int]\n", "3.14"),
    "3.15": ("# requires: Python 3.15\nprint(1)\n", "3.15"),
    "t-string syntax this interpreter cannot parse": (
        '# requires: Python 3.14\nfrom string.templatelib import Template\nname = "x"\nt = t"hi {name}"\n', "3.14"),
    "lazy import": ("# requires: Python 3.15\nlazy import json\nprint(json.dumps(1))\n", "3.15"),
    "newer than any Pyodide": ("# requires: Python 3.16\nprint(1)\n", None),
    "third-party package": ("import httpx\nprint(httpx.__version__)\n", None),
    "threads": ("import threading\nthreading.Thread(target=print).start()\n", None),
    "processes": ("from concurrent.futures import ProcessPoolExecutor\n", None),
    "asyncio, run through stack switching": ("import asyncio\nasyncio.run(asyncio.sleep(0))\n", "3.14"),
    "a module Pyodide leaves out": ("import readline\n", None),
    "a database": ("import os\nprint(os.environ['DATABASE_URL'])\n", None),
    "not run": ("# not run: needs a GPU\nprint(1)\n", None),
    # What only a run shows (stdin, hashlib.scrypt, a reworded message) is decided by the
    # recorded Pyodide runs: tests/test_examples.py::test_block_runs_in_the_browser.
}


@pytest.mark.parametrize("case", CLASSIFIED, ids=list(CLASSIFIED))
def test_browser_runtime_classifies_blocks(case):
    code, runtime = CLASSIFIED[case]
    assert browser_runtime(code) == runtime


def test_every_runtime_version_is_a_pinned_npm_package():
    assert set(PYODIDE_PACKAGES) == {"3.14", "3.15"}
    for package in PYODIDE_PACKAGES.values():
        assert (NODE_MODULES / package / "package.json").is_file()


HIGHLIGHT = '<div class="language-python highlight"><pre><span></span><code>{}</code></pre></div>'


def test_add_runners_writes_controls_after_runnable_blocks_only():
    markdown = ("```python\nprint(1 < 2)\n```\n\n```python\nimport httpx\n```\n\n"
                "```python\n# practice\ndef f(x):\n    ...\n```\n")
    page = (HIGHLIGHT.format('<span class="nb">print</span>(1 &lt; 2)\n') + "\n"  # Pygments escapes the text
            + HIGHLIGHT.format("import httpx\n") + "\n"
            + HIGHLIGHT.format("# practice\ndef f(x):\n    ...\n"))
    annotated = add_runners(page, markdown)
    runners = re.findall(r'<div class="runner"[^>]*>', annotated)
    assert runners == ['<div class="runner" data-run="3.14" data-search-exclude>',
                       '<div class="runner" data-run="3.14" data-practice="f" data-search-exclude>']
    assert 'import httpx\n</code></pre></div>\n<div class="practice">' in annotated  # no control after it
    assert '<div class="practice"><div class="language-python highlight">' in annotated
    assert 'data-runner="run">Run tests</button>' in annotated
    assert 'role="status"' in annotated and 'role="log" aria-label="Output"' in annotated
    assert add_runners("<p>No code.</p>", "No code.") == "<p>No code.</p>"


def test_the_built_site_ships_each_pyodide_from_npm_and_nothing_else(built_site):
    for version, package in PYODIDE_PACKAGES.items():
        shipped = built_site.directory / PYODIDE_DIR / version
        assert sorted(path.name for path in shipped.iterdir()) == sorted(PYODIDE_FILES)
        for name in PYODIDE_FILES:
            assert filecmp.cmp(shipped / name, NODE_MODULES / package / name, shallow=False), name
    # The worker names no other host: the runtime's default CDN is replaced by indexURL.
    worker = (built_site.directory / "assets/javascripts/runner-worker.js").read_text(encoding="utf-8")
    assert "indexURL" in worker and "cdn" not in worker.lower()


def test_every_runnable_block_has_a_run_control_and_nothing_else_does(built_site):
    for page in load_topic_pages(DOCS).values():
        blocks = [block for block in code_blocks((DOCS / page.path).read_text(encoding="utf-8"))
                  if block.language in PYTHON_LANGUAGES]
        expected = [browser_runtime(block.code) for block in blocks]
        html = built_site.html(page.path)
        shown = re.findall(r'<div class="runner" data-run="([\d.]+)"', html)
        assert shown == [version for version in expected if version], page.path


def test_the_page_script_stays_small_and_loads_no_runtime(built_site):
    bundle = (built_site.directory / SHIPPED_JS).read_text(encoding="utf-8")
    assert "loadPyodide" not in bundle  # the worker has it; pages load it on the first Run only
    page_script = minify_js((DOCS / "assets/javascripts/runner.js").read_text(encoding="utf-8"))
    assert "assets/javascripts/runner.js failed to load" in bundle  # joined, in its own try block
    assert len(gzip.compress(page_script.encode())) < 2000
    html = built_site.html("topics/01-objects-and-functions.md")
    assert "pyodide" not in html.lower()  # no preload, no script tag: nothing before a click


def test_the_build_remembers_the_classifier_and_survives_a_bad_cache(tmp_path, monkeypatch):
    """The build classifies each block once across builds (runner.CACHE_FILE); a cache
    that is corrupt, wrong or from another classifier is ignored."""
    from studysite import runner
    code = CLASSIFIED["plain"][0]
    calls = []
    monkeypatch.setattr(runner, "browser_runtime", lambda c: calls.append(c) or browser_runtime(c))
    for stored in ("{not json", '{"key": "old", "blocks": {}}', None):
        monkeypatch.setattr(runner, "CACHE_FILE", tmp_path / "cache.json")
        monkeypatch.setattr(runner, "_cache", None)
        if stored is not None:
            runner.CACHE_FILE.write_text(stored)
        assert runner.cached_browser_runtime(code) == "3.14"
        runner.save_cache()
    assert len(calls) == 2  # the third build read the second's answer
    monkeypatch.setattr(runner, "_cache", None)
    key = runner.code_hash(code)
    runner.CACHE_FILE.write_text(runner.CACHE_FILE.read_text().replace(f'"{key}": "3.14"', f'"{key}": 7'))
    assert runner.cached_browser_runtime(code) == "3.14"  # not a Pyodide version: classified again
    assert len(calls) == 3
