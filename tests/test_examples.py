"""Every Python code block in docs/ runs, and prints what its #> lines show.

Each block runs where studysite.runtimes.test_runtime puts it: a native CPython new
enough for it, else the pinned Pyodide of its version under Node. Every block the
site offers to run in a reader's browser (browser_runtime) is run on that Pyodide too.
"""

from __future__ import annotations

import collections
import os

import pytest
from conftest import DOCS
from studysite import examples, runtimes
from studysite.examples import Outcome, docs_blocks, expected_output, installed_interpreters, run_block, skip_reason
from studysite.pyodide_runner import missing_reason, run_blocks
from studysite.runtimes import (
    browser_candidate,
    browser_runtime,
    browser_stdlib,
    code_hash,
    native_label,
    not_in_browser,
    test_runtime,
)
from studysite.services import needs_postgres

BLOCKS = docs_blocks(DOCS)
BROWSER_BLOCKS = [block for block in BLOCKS if browser_candidate(block.code)]
RECORD = "run `.venv/bin/python scripts/record_browser_examples.py` and review data/not-in-browser.json"


def params(blocks):
    return [pytest.param(block.code, id=block.where) for block in blocks]


class PyodideBatches:
    """Runs, per Pyodide version, every block this session's tests ask of it in one Node
    process (loading Pyodide takes seconds), on the first request for that version."""

    def __init__(self, wanted: dict[str, list[str]]):
        self.wanted = wanted
        self.runs: dict[str, dict] = {}

    def outcome(self, version: str, code: str) -> tuple[Outcome, str]:
        if reason := missing_reason(version):
            message = f"cannot run on Pyodide {version}: {reason}"
            if os.environ.get("CI") == "true":
                pytest.fail(message)
            pytest.skip(message)
        if version not in self.runs:
            codes = list(dict.fromkeys([*self.wanted.get(version, []), code]))
            run = run_blocks(codes, version)
            self.runs[version] = {"label": run.label, **dict(zip(codes, run.outcomes))}
        run = self.runs[version]
        if code not in run:
            run[code] = run_blocks([code], version).outcomes[0]
        return run[code], run["label"]


def _pyodide_work(item) -> tuple[str, str] | None:
    """The (Pyodide version, block) a collected test will ask for, if any."""
    params = getattr(item, "callspec", None) and item.callspec.params
    if not params:
        return None
    if item.originalname == "test_python_block" and (runtime := test_runtime(params["code"])).kind == "pyodide":
        return runtime.version, params["code"]
    if item.originalname == "test_block_runs_in_the_browser":
        return browser_candidate(params["code"]), params["code"]
    if item.originalname == "test_browser_stdlib_is_what_pyodide_can_import":
        return params["version"], stdlib_probe(params["version"])
    return None


@pytest.fixture(scope="session")
def pyodide(request) -> PyodideBatches:
    wanted = collections.defaultdict(list)
    for item in request.session.items:
        if work := _pyodide_work(item):
            wanted[work[0]].append(work[1])
    return PyodideBatches(wanted)


@pytest.mark.parametrize("code", params(BLOCKS))
def test_python_block(code, redis_server, request):
    runtime = test_runtime(code)
    if runtime.kind == "skip":
        pytest.skip(runtime.reason)
    if runtime.kind == "pyodide":
        outcome, label = request.getfixturevalue("pyodide").outcome(runtime.version, code)
    else:
        env = {}
        if needs_postgres(code):  # started on first use: most blocks need no database
            env["DATABASE_URL"] = request.getfixturevalue("postgres_server").fresh_database()
        outcome, label = run_block(code, env=env), native_label(runtime.version)
    request.node.user_properties.append(("runtime", label))  # for the summary (conftest.py)
    assert outcome.ok, f"on {label}: {outcome.detail}"


@pytest.mark.parametrize("code", params(BROWSER_BLOCKS))
def test_block_runs_in_the_browser(code, pyodide, request):
    """The site's promise: a block with a Run control prints exactly its #> lines on that Pyodide."""
    outcome, label = pyodide.outcome(browser_candidate(code), code)
    recorded = not_in_browser().get(code_hash(code))
    request.node.user_properties.append(("runtime", label))
    if recorded:
        request.node.user_properties.append(("not_in_browser", recorded["why"]))
        assert not outcome.ok, (f"recorded as differing on Pyodide ({recorded['why']}), "
                                f"but on {label} it now prints its #> lines: {RECORD}")
        assert browser_runtime(code) is None
    else:
        assert outcome.ok, (
            f"on {label}: {outcome.detail}\n\nThe site would offer this block a Run control. If the block is "
            f"right and Pyodide legitimately differs (a message reworded since 3.11, a 32-bit size, "
            f"something Pyodide lacks), {RECORD}.")
        assert browser_runtime(code) == browser_candidate(code)


def test_browser_record_names_only_current_blocks():
    current = {code_hash(block.code) for block in BROWSER_BLOCKS}
    stale = {key: entry["page"] for key, entry in not_in_browser().items() if key not in current}
    assert not stale, f"data/not-in-browser.json records blocks that are gone or changed: {stale}; {RECORD}"


def test_browser_runs_most_examples():
    runnable = [block for block in BLOCKS if browser_runtime(block.code)]
    assert len(runnable) >= 300
    assert {browser_runtime(block.code) for block in runnable} == {"3.14", "3.15"}


def test_docs_have_python_examples():
    assert len(BLOCKS) >= 50


def stdlib_probe(version: str) -> str:
    """A block that prints which public stdlib modules import, and shows what the classifier expects."""
    importable = sorted(name for name in browser_stdlib(version)
                        if not name.startswith("_") and name not in ("this", "antigravity"))
    return (
        "import importlib, sys\n"
        "public = [n for n in sorted(sys.stdlib_module_names) if not n.startswith('_') and n not in ('this', 'antigravity')]\n"
        "ok = []\n"
        "for name in public:\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "        ok.append(name)\n"
        "    except ImportError:\n"
        "        pass\n"
        "print(ok)\n"
        f"#> {importable}\n"
    )


@pytest.mark.parametrize("version", sorted(runtimes.PYODIDE_PACKAGES))
def test_browser_stdlib_is_what_pyodide_can_import(version, pyodide):
    """The classifier's idea of the browser's standard library matches the real Pyodide."""
    outcome, label = pyodide.outcome(version, stdlib_probe(version))
    assert outcome.ok, f"on {label}: {outcome.detail}"


# -- the classifier --------------------------------------------------------------

@pytest.fixture
def only_python_311(monkeypatch):
    """This machine as CI sees it: no native interpreter newer than the tests' own."""
    monkeypatch.setattr(examples, "installed_interpreters", lambda: {(3, 11): examples.sys.executable})


def test_plain_blocks_run_natively_and_in_the_browser_on_314():
    code = "import collections\nprint(collections.Counter('aab').most_common(1))\n#> [('a', 2)]\n"
    assert test_runtime(code).kind == "native"
    assert browser_runtime(code) == "3.14"


def test_newer_blocks_run_on_their_pyodide_without_a_native_interpreter(only_python_311):
    assert test_runtime("# requires: Python 3.14\nprint(1)\n") == runtimes.Runtime("pyodide", "3.14")
    assert test_runtime("# requires: Python 3.15\nprint(1)\n") == runtimes.Runtime("pyodide", "3.15")
    assert test_runtime("# requires: Python 3.12\ntype N = int\n") == runtimes.Runtime("pyodide", "3.14")
    assert browser_runtime("# requires: Python 3.15\nprint(1)\n") == "3.15"
    too_new = test_runtime("# requires: Python 3.16\nprint(1)\n")
    assert too_new.kind == "skip" and "needs Python 3.16+" in too_new.reason
    assert browser_runtime("# requires: Python 3.16\nprint(1)\n") is None


def test_native_interpreter_wins_when_one_is_new_enough(monkeypatch):
    monkeypatch.setattr(examples, "installed_interpreters",
                        lambda: {(3, 11): examples.sys.executable, (3, 14): "/opt/python3.14"})
    assert test_runtime("# requires: Python 3.14\nimport threading\nthreading.Thread(target=print).start()\n") \
        == runtimes.Runtime("native", "3.14")


@pytest.mark.parametrize("code, need", [
    ("import threading\nt = threading.Thread(target=print)\nt.start()\n", "threads"),
    ("from threading import Thread as T\nT(target=print).start()\n", "threads"),
    ("from concurrent import futures as f\nwith f.ThreadPoolExecutor() as pool: pass\n", "threads"),
    ("import asyncio\nasync def main():\n    await asyncio.get_running_loop().run_in_executor(None, print)\n", "threads"),
    ("import subprocess\nsubprocess.run(['true'])\n", "processes"),
    ("import os\nif os.fork() == 0:\n    os._exit(0)\n", "processes"),
    ("from multiprocessing import Pool\n", "processes"),
    ("import socket\nsocket.create_connection(('example.org', 80))\n", "sockets"),
    ("import asyncio\nasync def main():\n    await asyncio.start_server(print, '127.0.0.1', 0)\n", "sockets"),
    ("import urllib.request\nurllib.request.urlopen('https://example.org')\n", "sockets"),
    ("from concurrent import interpreters\ninterpreters.create()\n", "subinterpreters"),
    ("import signal\nsignal.alarm(1)\n", "signals"),
    # syntax newer than the tests' 3.11 parser is read by the lenient scan
    ("# requires: Python 3.12\ntype Pair = tuple[int, int]\nimport subprocess\n", "processes"),
    ("# requires: Python 3.15\nlazy import threading\nthreading.Thread(target=print).start()\n", "threads"),
])
def test_blocks_needing_what_webassembly_lacks_are_skipped_with_the_reason(code, need, only_python_311):
    code = code if code.startswith("# requires") else "# requires: Python 3.14\n" + code
    runtime = test_runtime(code)
    assert runtime.kind == "skip"
    assert runtime.reason.startswith(f"needs {need}, which WebAssembly lacks")
    assert browser_runtime(code) is None
    assert runtimes.browser_static_reason(code) == f"needs {need}"


@pytest.mark.parametrize("code", [
    "import threading\nlock = threading.Lock()\nwith lock:\n    print('held')\n#> held\n",
    "import urllib.parse\nprint(urllib.parse.quote('a b'))\n#> a%20b\n",
    "class Pool:\n    def create_connection(self): return 1\nprint(Pool().create_connection())\n#> 1\n",
    "import asyncio\nasync def main():\n    return 1\nprint(asyncio.run(main()))\n#> 1\n",
])
def test_stdlib_blocks_that_need_nothing_webassembly_lacks_run_in_the_browser(code):
    assert runtimes.wasm_lacks(code) is None
    assert browser_runtime(code) == "3.14"


@pytest.mark.parametrize("code, reason", [
    ("import numpy as np\nprint(np.zeros(2))\n", "imports numpy"),
    ("from fastapi import FastAPI\nimport httpx\n", "imports fastapi, httpx"),
    ("import redis\n", "imports redis"),
    ("import psycopg, os\npsycopg.connect(os.environ['DATABASE_URL'])\n", "needs a PostgreSQL database"),
    ("from sqlalchemy import select\n", "imports sqlalchemy"),
    ("import celery, pydantic\n", "imports celery, pydantic"),
    ("import venv\n", "imports venv"),  # standard library, but Pyodide leaves it out
    ("# requires: Python 3.15\nimport profiling\n", None),  # added in 3.15: stdlib there
    ("import profiling\n", "imports profiling"),  # ... but not on 3.14
    ("from . import sibling\n", "imports a package's own modules"),
    ("print(open('/etc/hostname').read())\n", "reads files of this machine (/etc/hostname)"),
    ("print(open('/tmp/notes.txt', 'w').write('x'))\n", None),
    ("# not run: needs a GPU\nimport torch\n", "not run: needs a GPU"),
])
def test_browser_needs_the_standard_library_and_nothing_outside(code, reason):
    static = runtimes.browser_static_reason(code)
    assert static == reason or (reason and static.startswith(reason)), static
    assert (browser_runtime(code) is None) == (reason is not None)


def test_a_module_the_block_writes_itself_is_not_third_party():
    code = ("import pathlib, sys, tempfile\n"
            "with tempfile.TemporaryDirectory() as tmp:\n"
            "    pathlib.Path(tmp, 'greeter.py').write_text('def hello(): return 1')\n"
            "    sys.path.insert(0, tmp)\n"
            "    import greeter\n"
            "    print(greeter.hello())\n"
            "#> 1\n")
    assert browser_runtime(code) == "3.14"


def test_not_run_marker_skips_with_its_reason():
    assert test_runtime("# not run: needs a Redis server\nimport redis\n") == \
        runtimes.Runtime("skip", "{}.{}".format(*examples.sys.version_info[:2]), "needs a Redis server")


def test_recorded_blocks_get_no_browser_runtime(monkeypatch):
    code = "print(sys.getsizeof(1))\n#> 28\n"
    assert browser_runtime(code) == "3.14"
    monkeypatch.setattr(runtimes, "not_in_browser", lambda: {code_hash(code): {"why": "32-bit"}})
    assert browser_runtime(code) is None


# -- the runners themselves must be able to fail ----------------------------------

def test_runner_accepts_matching_output():
    assert run_block("print('a')\nprint(2)\n#> a\n#> 2\n").ok


def test_runner_rejects_wrong_output():
    outcome = run_block("print('a')\n#> b\n")
    assert not outcome.ok
    assert "printed:\na" in outcome.detail


def test_runner_rejects_unshown_output_and_errors():
    assert not run_block("print('surprise')\n").ok
    outcome = run_block("raise ValueError('boom')\n")
    assert not outcome.ok and "ValueError: boom" in outcome.detail


def test_pyodide_runner_judges_like_the_native_one():
    blocks = [
        "print('a')\nprint(2)\n#> a\n#> 2\n",  # right
        "print('a')\n#> b\n",  # wrong output
        "print('surprise')\n",  # output the block does not show
        "def f():\n    raise ValueError('boom')\nf()\n",  # an exception, with its traceback
        "import sys\nsys.exit(3)\n",  # a failing exit code
        "import sys\nprint('done')\nsys.exit(0)\n#> done\n",  # a clean exit
    ]
    run = run_blocks(blocks, "3.14")
    ok, wrong, unshown, error, exit_code, clean = run.outcomes
    assert ok.ok and clean.ok, ok.detail + clean.detail
    assert not wrong.ok and "printed:\na\n--- but the block shows (#>):\nb" in wrong.detail
    assert not unshown.ok and "printed:\nsurprise" in unshown.detail
    assert not error.ok
    assert 'File "<string>", line 3, in <module>' in error.detail and "ValueError: boom" in error.detail
    assert not exit_code.ok and "SystemExit: 3" in exit_code.detail
    assert run.python.startswith("3.14.") and run.label.startswith(f"CPython {run.python} (Pyodide 314.")


def test_pyodide_blocks_do_not_see_each_other():
    blocks = [
        ("import os, sys, pathlib, logging, asyncio\n"
         "pathlib.Path('mine.py').write_text('VALUE = 1')\n"
         "sys.path.insert(0, '.')\n"
         "import mine\n"
         "os.environ['LEAK'] = '1'\n"
         "os.chdir('/tmp')\n"
         "logging.basicConfig(level=logging.INFO, format='first %(message)s')\n"
         "leaked = 'global'\n"
         "async def later():\n"
         "    try:\n"
         "        await asyncio.sleep(10)\n"
         "    finally:\n"
         "        print('cancelled with the run that made me')\n"
         "async def main():\n"
         "    asyncio.create_task(later())\n"
         "    await asyncio.sleep(0)\n"
         "asyncio.run(main())\n"
         "#> cancelled with the run that made me\n"),
        ("import os, sys, logging, asyncio\n"
         "print('leaked' in globals(), 'mine' in sys.modules, 'LEAK' in os.environ, os.getcwd() != '/tmp')\n"
         "#> False False False True\n"
         "logging.basicConfig(format='second %(message)s')\n"
         "logging.warning('fresh logging')\n"
         "print(logging.getLogger().handlers[0].formatter._fmt)\n"
         "#> second %(message)s\n"
         "async def main():\n"
         "    await asyncio.sleep(0.05)\n"
         "asyncio.run(main())\n"),
    ]
    first, second = run_blocks(blocks, "3.14").outcomes
    assert first.ok, first.detail
    assert second.ok, second.detail


def test_pyodide_runner_survives_runaway_blocks_and_a_crash():
    blocks = [
        "while True:\n    pass\n",  # stopped by an interrupt, as a Stop button does
        "while True:\n    try:\n        while True:\n            pass\n    except KeyboardInterrupt:\n        pass\n",
        "import js\njs.process.exit(7)\n",  # the worker dies under Pyodide
        "print('still running')\n#> still running\n",
    ]
    interrupted, ignores_interrupts, crash, after = run_blocks(blocks, "3.14", timeout=3).outcomes
    assert not interrupted.ok and interrupted.detail == "timed out after 3 s"
    assert not ignores_interrupts.ok and ignores_interrupts.detail == "timed out after 3 s"
    assert not crash.ok and "Pyodide crashed: worker exited (7)" in crash.detail
    assert after.ok, after.detail


def test_missing_pyodide_fails_under_ci_and_is_skipped_elsewhere(monkeypatch):
    monkeypatch.setitem(globals(), "missing_reason", lambda version: "npm package pyodide-314 is not installed")
    batches = PyodideBatches({})
    for ci, expected in (("true", pytest.fail.Exception), (None, pytest.skip.Exception)):
        if ci:
            monkeypatch.setenv("CI", ci)
        else:
            monkeypatch.delenv("CI", raising=False)
        with pytest.raises(BaseException, match="pyodide-314 is not installed") as raised:  # a skip, too
            batches.outcome("3.14", "print(1)\n#> 1\n")
        assert raised.type is expected, f"CI={ci}: {raised.type.__name__}"


def test_not_run_marker_gives_its_reason():
    assert skip_reason("# not run: needs a Redis server\nimport redis\n") == "needs a Redis server"
    assert skip_reason("print(1)\n") is None


def test_version_marker_runs_on_a_new_enough_interpreter_or_skips():
    newest = max(installed_interpreters())
    too_new = f"# requires: Python {newest[0]}.{newest[1] + 1}\nprint(1)\n#> 1\n"
    assert skip_reason(too_new).startswith(f"needs Python {newest[0]}.{newest[1] + 1}+")
    runnable = f"# requires: Python {newest[0]}.{newest[1]}\nimport sys\nprint(sys.version_info[:2] >= {newest})\n#> True\n"
    assert skip_reason(runnable) is None
    assert run_block(runnable).ok


def test_expected_output_keeps_blank_lines():
    assert expected_output("print()\n#>\nprint('x')\n#> x\n") == "\nx"


def test_postgres_blocks_get_a_fresh_database_of_their_own(postgres_server):
    code = ("import os, psycopg\n"
            "with psycopg.connect(os.environ['DATABASE_URL']) as conn:\n"
            "    conn.execute('CREATE TABLE t (id int)')\n"
            "    print(conn.execute('SELECT current_setting(\\'server_version_num\\')::int >= 180000').fetchone()[0])\n"
            "#> True\n")
    assert needs_postgres(code)
    first = run_block(code, env={"DATABASE_URL": postgres_server.fresh_database()})
    second = run_block(code, env={"DATABASE_URL": postgres_server.fresh_database()})  # no "table exists"
    assert first.ok and second.ok, first.detail + second.detail
