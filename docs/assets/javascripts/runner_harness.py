"""How a docs example and a practice problem run: in the browser (Pyodide, loaded
by runner-worker.js) and in the tests (CPython, tests/test_practice.py), the same code.

Each run gets a fresh ``__main__``, as a fresh interpreter would: definitions from
an earlier run do not leak into the next one.
"""

from __future__ import annotations

import sys
import traceback
import types

RESULT_TEXT_LIMIT = 300  # characters of one shown value: a huge wrong answer stays readable


def run_example(code: str) -> tuple[dict, bool]:
    """Run ``code`` as ``__main__``; an exception's traceback goes to stderr.

    Returns the module's namespace (what was defined before any exception) and
    whether the code ran to its end.
    """
    for stream in (sys.stdout, sys.stderr):  # each print reaches the page as it happens, in order
        stream.reconfigure(line_buffering=True)
    main = types.ModuleType("__main__")
    sys.modules["__main__"] = main
    try:
        exec(compile(code, "<example>", "exec"), main.__dict__)
    except SystemExit:
        pass
    except BaseException as error:  # noqa: BLE001 - the reader sees every exception
        sys.stdout.flush()
        traceback.print_exception(type(error), error, error.__traceback__.tb_next)  # from the reader's code on
        return main.__dict__, False
    finally:
        sys.stdout.flush()
    return main.__dict__, True


def shown(value) -> str:
    text = repr(value)
    return text if len(text) <= RESULT_TEXT_LIMIT else text[: RESULT_TEXT_LIMIT - 3] + "..."


def run_cases(code: str, starter: str, name: str) -> list[dict]:
    """Run the reader's ``code``, then call its function ``name`` on each case of the
    practice block ``starter`` (its CASES: ``(args_tuple, expected)``, compared with ==).

    Each result: ``call`` (e.g. ``max_subarray([1, -2])``), ``expected``, ``actual``
    (the repr of the return value, or the exception raised) and ``passed``.
    The cases come from the starter as published, so editing them cannot pass a test.
    """
    published: dict = {}
    exec(compile(starter, "<practice>", "exec"), published)
    namespace, finished = run_example(code)
    function = namespace.get(name)
    results = []
    for args, expected in published["CASES"]:
        call = f"{name}({', '.join(shown(arg) for arg in args)})"
        if not callable(function):
            actual = f"no function named {name}" + ("" if finished else " (the code raised first)")
            passed = False
        else:
            try:
                value = function(*args)
                actual, passed = shown(value), value == expected
            except Exception as error:  # noqa: BLE001 - a failing case, shown to the reader
                actual, passed = f"raised {type(error).__name__}: {error}", False
        results.append({"call": call, "expected": shown(expected), "actual": actual, "passed": passed})
    return results
