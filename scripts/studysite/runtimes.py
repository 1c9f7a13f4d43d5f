"""Which Pyodide (CPython compiled to WebAssembly) can run a docs block.

The build offers a "Run" control only for blocks this module accepts, and the
tests run the same blocks on the same runtimes: what a reader can run in the
browser is what the tests ran. Pyodide comes from npm, pinned in
package-lock.json under these aliases.
"""

from __future__ import annotations

import re
import sys

# Python version -> the npm alias of the Pyodide build that is that CPython.
PYODIDE_PACKAGES = {"3.14": "pyodide-314", "3.15": "pyodide-315"}

_REQUIRES = re.compile(r"^#\s*requires:\s*Python\s*(?P<major>\d+)\.(?P<minor>\d+)\+?", re.IGNORECASE)
_NOT_RUN = re.compile(r"^#\s*not run:", re.IGNORECASE)
# `import a.b, c as d`, `from a.b import c`, and PEP 810's `lazy import a`, at any indent.
_IMPORT = re.compile(r"^[ \t]*(?:lazy[ \t]+)?(?:from[ \t]+(?P<source>[\w.]+)[ \t]+import\b|import[ \t]+(?P<names>[^#\n;]+))",
                     re.MULTILINE)

# What WebAssembly in a browser cannot do: start threads or processes, open sockets,
# block on the event loop without stack switching (asyncio.run needs JSPI, which not
# every browser has), or use the few stdlib modules Pyodide leaves out (measured by
# importing every name of sys.stdlib_module_names on both pinned builds).
_BLOCKED_MODULES = frozenset({
    "threading", "_thread", "concurrent", "multiprocessing", "subprocess",
    "socket", "socketserver", "ssl", "selectors", "http", "urllib", "asyncio", "signal",
    "curses", "dbm", "ensurepip", "grp", "idlelib", "pwd", "pydoc_data", "readline",
    "resource", "syslog", "tkinter", "turtle", "turtledemo", "venv",
})
# A block that names these waits for a service, a process or a terminal, or needs
# OpenSSL's key derivation, which Pyodide's hashlib lacks (scrypt, pbkdf2_hmac).
_SERVICE_MARKERS = re.compile(r"DATABASE_URL|\bos\.(?:fork|system|popen)\b|\binput\(|\b(?:scrypt|pbkdf2_hmac)\b")


def _first_line(code: str) -> str:
    return code.lstrip("\n").splitlines()[0] if code.strip() else ""


def _imported_modules(code: str) -> set[str]:
    """Top-level names of every module the block imports, wherever the import sits.

    Read line by line, not with ast: the build classifies every block of every page,
    and walking each tree cost more than a second; a block in newer syntax (t-strings,
    PEP 758) is read the same way.
    """
    names: set[str] = set()
    for match in _IMPORT.finditer(code):
        if match["source"]:
            names.add(match["source"].split(".")[0])
        else:
            names.update(part.split()[0].split(".")[0] for part in match["names"].split(",") if part.strip())
    return {name for name in names if name.isidentifier()}


def _wanted_version(code: str) -> str | None:
    """The pinned Pyodide version new enough for the block's ``# requires:`` line."""
    match = _REQUIRES.match(_first_line(code))
    needed = (int(match["major"]), int(match["minor"])) if match else (3, 0)
    for version in sorted(PYODIDE_PACKAGES, key=lambda v: tuple(map(int, v.split(".")))):
        if tuple(map(int, version.split("."))) >= needed:
            return version
    return None


def browser_runtime(code: str) -> str | None:
    """The Pyodide version ("3.14", "3.15") that can run this block in a browser, or None.

    None for a block marked ``# not run``, one that imports anything but the standard
    library or a module WebAssembly lacks, one that needs a service, or one that needs
    a newer Python than any pinned Pyodide.
    """
    if _NOT_RUN.match(_first_line(code)) or _SERVICE_MARKERS.search(code):
        return None
    version = _wanted_version(code)
    if version is None:
        return None
    modules = _imported_modules(code)
    # sys.stdlib_module_names of the running interpreter (3.11+); newer stdlib modules
    # (annotationlib, compression) are only reached by blocks that say `# requires:`.
    known = set(sys.stdlib_module_names) | {"annotationlib", "compression"}
    if modules & _BLOCKED_MODULES or not modules <= known:
        return None
    return version
