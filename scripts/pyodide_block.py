"""Runs inside Pyodide: one docs code block as a fresh ``__main__``, as ``python -c`` would.

Loaded once per interpreter (scripts/pyodide_runner.mjs); ``run_block(code)``
returns ``(stdout, stderr, traceback or None)``. Every block gets a new
``__main__`` module and its own captured streams, and what it changed in the
shared interpreter is put back afterwards: modules it imported, sys.path,
os.environ, the working directory, warnings, logging, the recursion limit, and
the one event loop Pyodide shares between all ``asyncio.run()`` calls.
"""

import asyncio
import builtins
import io
import logging
import os
import sys
import traceback
import types
import warnings

_BASELINE_MODULES = dict(sys.modules)
_HOME = os.getcwd()
_LOOP = asyncio.get_event_loop()  # Pyodide's WebLoop: asyncio.run() reuses it
_pyodide_run = asyncio.run


def _run_like_cpython(main, *, debug=None, loop_factory=None):
    """asyncio.run as CPython does it: the tasks ``main`` leaves behind are cancelled on exit."""
    before = asyncio.all_tasks(_LOOP)
    if debug is not None:
        _LOOP.set_debug(debug)
    try:
        return _pyodide_run(main, debug=debug, loop_factory=loop_factory)
    finally:
        left = asyncio.all_tasks(_LOOP) - before
        for task in left:
            task.cancel()
        if left:
            _LOOP.run_until_complete(asyncio.gather(*left, return_exceptions=True))


asyncio.run = _run_like_cpython


def _reset_shared_state(saved):
    (sys.path[:], sys.meta_path[:], environ, limit, digits, sys.stdout, sys.stderr, sys.argv) = saved
    os.environ.clear()
    os.environ.update(environ)
    sys.setrecursionlimit(limit)
    sys.set_int_max_str_digits(digits)
    for name in set(sys.modules) - set(_BASELINE_MODULES):
        del sys.modules[name]
    sys.modules.update(_BASELINE_MODULES)
    sys.path_importer_cache.clear()
    os.chdir(_HOME)
    # logging and asyncio are imported by Pyodide itself, so they outlive a block
    logging.root.handlers.clear()
    logging.root.setLevel(logging.WARNING)
    logging.Logger.manager.loggerDict.clear()
    logging.disable(logging.NOTSET)
    for task in asyncio.all_tasks(_LOOP):
        task.cancel()
    _LOOP.set_task_factory(None)
    _LOOP.set_exception_handler(None)
    _LOOP.set_debug(False)
    asyncio.set_event_loop(_LOOP)


def run_block(code):
    saved = (sys.path[:], sys.meta_path[:], dict(os.environ), sys.getrecursionlimit(),
             sys.get_int_max_str_digits(), sys.stdout, sys.stderr, sys.argv)
    main = types.ModuleType("__main__")
    main.__builtins__ = builtins
    out, err = io.StringIO(), io.StringIO()
    error = None
    sys.modules["__main__"] = main
    sys.stdout, sys.stderr, sys.argv = out, err, ["-c"]
    try:
        with warnings.catch_warnings():
            exec(compile(code, "<string>", "exec"), main.__dict__)
    except SystemExit as exit_:
        if exit_.code not in (None, 0):
            error = f"SystemExit: {exit_.code}"
    except BaseException as exception:  # noqa: B036 - KeyboardInterrupt is how a timeout ends a block
        # the traceback starts at the block, as python -c shows it (not at this function)
        error = "".join(traceback.format_exception(type(exception), exception, exception.__traceback__.tb_next))
    finally:
        _reset_shared_state(saved)
    return out.getvalue(), err.getvalue(), error
