"""Every Python code block in docs/ runs, and prints what its #> lines show."""

from __future__ import annotations

import pytest
from conftest import DOCS
from studysite.examples import PYTHON_LANGUAGES, expected_output, installed_interpreters, run_block, skip_reason
from studysite.questions import code_blocks
from studysite.services import needs_postgres


def python_blocks() -> list:
    return list(_python_blocks())


def _python_blocks():
    for file in sorted(DOCS.rglob("*.md")):
        for block in code_blocks(file.read_text(encoding="utf-8")):
            if block.language in PYTHON_LANGUAGES:
                yield pytest.param(block.code, id=f"{file.relative_to(DOCS)}:{block.line}")


@pytest.mark.parametrize("code", python_blocks())
def test_python_block(code, redis_server, request):
    reason = skip_reason(code)
    if reason:
        pytest.skip(reason)
    env = {}
    if needs_postgres(code):  # started on first use: most blocks need no database
        env["DATABASE_URL"] = request.getfixturevalue("postgres_server").fresh_database()
    outcome = run_block(code, env=env)
    assert outcome.ok, outcome.detail


def test_docs_have_python_examples():
    assert len(python_blocks()) >= 50


# -- the runner itself must be able to fail -----------------------------------

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
