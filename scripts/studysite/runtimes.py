"""Which runtime runs a docs code block: the one classifier of blocks.

Used by the tests (``test_runtime``: which interpreter proves a block's output)
and by the site (``browser_runtime``: which Pyodide, if any, can run it in a
reader's browser). Three kinds of runtime:

* ``native``: a CPython on this machine new enough for the block (examples.py);
* ``pyodide``: CPython compiled to WebAssembly, from the pinned npm packages
  (PYODIDE_PACKAGES), run under Node by the tests and in a Web Worker by the site;
* ``skip``: ``# not run: <reason>``, or a block that needs what WebAssembly lacks
  (threads, subinterpreters, processes, sockets, signals) and has no native
  interpreter here.

What a block needs is read from its syntax tree: the modules it imports and the
names it uses (``threading.Thread``, ``os.fork``, ``loop.run_in_executor``...),
so a block that merely takes a ``threading.Lock`` still runs on Pyodide.

Browser blocks are proved by running them: tests/test_examples.py runs every block
``browser_runtime`` accepts on its Pyodide. Where the output on that Pyodide differs
from the ``#>`` lines written for the test interpreter (an exception message
reworded since 3.11, sizes on a 32-bit platform, a module Pyodide leaves out), the
block is recorded in data/not-in-browser.json (by its code's hash, with the
difference) and gets no Run control: ``python scripts/record_browser_examples.py``
rewrites that file from real runs.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from . import examples
from .services import needs_postgres

PYODIDE_PACKAGES = {"3.14": "pyodide-314", "3.15": "pyodide-315"}
NOT_IN_BROWSER = Path(__file__).resolve().parents[2] / "data" / "not-in-browser.json"

# What WebAssembly (Emscripten) cannot do, and the names that need it. "pkg" matches
# the module and everything in it; ".name" matches a method on any object
# (``loop.run_in_executor``); "*" is a wildcard.
WASM_LACKS = {
    "threads": (
        "threading.Thread", "threading.Timer", "_thread.start_new_thread", "_thread.start_new",
        "concurrent.futures.ThreadPoolExecutor", "asyncio.to_thread", ".run_in_executor",
    ),
    "subinterpreters": (
        "concurrent.interpreters", "interpreters", "_interpreters", "_xxsubinterpreters",
        "concurrent.futures.InterpreterPoolExecutor",
    ),
    "processes": (
        "subprocess", "multiprocessing", "pty", "concurrent.futures.ProcessPoolExecutor",
        "os.fork", "os.forkpty", "os.system", "os.popen", "os.spawn*", "os.exec*", "os.posix_spawn*",
        "os.register_at_fork", "asyncio.create_subprocess_exec", "asyncio.create_subprocess_shell",
        ".subprocess_exec", ".subprocess_shell",
    ),
    "sockets": (
        "socket", "socketserver", "ssl", "select", "selectors", "http.server", "http.client",
        "urllib.request", "smtplib", "ftplib", "poplib", "imaplib", "xmlrpc", "wsgiref.simple_server",
        "asyncio.start_server", "asyncio.start_unix_server", "asyncio.open_connection",
        "asyncio.open_unix_connection", "asyncio.SelectorEventLoop", ".create_server", ".create_unix_server",
        ".create_datagram_endpoint", ".sock_connect", ".sock_accept", ".sock_recv", ".sock_sendall",
    ),
    "signals": ("signal",),
}

# The standard library in a reader's browser: what the tests' CPython (3.11) calls
# stdlib, with CPython's changes since, minus what Pyodide leaves out (terminal, GUI,
# OS user databases, venv). tests/test_examples.py checks this against the real Pyodide.
STDLIB_CHANGES = {  # version: (modules added, modules removed)
    "3.12": (set(), {"asynchat", "asyncore", "distutils", "imp", "smtpd"}),
    "3.13": (set(), {"aifc", "audioop", "cgi", "cgitb", "chunk", "crypt", "imghdr", "lib2to3", "mailcap",
                     "msilib", "nis", "nntplib", "ossaudiodev", "pipes", "sndhdr", "spwd", "sunau",
                     "telnetlib", "uu", "xdrlib"}),
    "3.14": ({"annotationlib", "compression"}, set()),
    "3.15": ({"profiling"}, {"sre_compile", "sre_constants", "sre_parse"}),
}
PYODIDE_LEAVES_OUT = {
    "curses", "dbm", "ensurepip", "grp", "idlelib", "msvcrt", "nt", "pwd", "pydoc_data", "readline",
    "resource", "syslog", "tkinter", "turtle", "turtledemo", "venv", "winreg", "winsound",
}


def browser_stdlib(version: str) -> set[str]:
    """Top-level standard-library modules Pyodide ``version`` can import."""
    names = set(sys.stdlib_module_names)
    for changed, (added, removed) in STDLIB_CHANGES.items():
        if _pair(changed) <= _pair(version):
            names = (names | added) - removed
    return names - PYODIDE_LEAVES_OUT


# Paths a reader's browser has: Pyodide's in-memory file system is empty but for these.
_BROWSER_PATHS = re.compile(r"^(/tmp|/home/pyodide)(/|$)")
_FILE_CALLS = {"open", "io.open", "pathlib.Path", "pathlib.PurePath", "os.listdir", "os.scandir", "os.stat",
               "os.walk", "os.open", "os.chdir", "shutil.copy", "shutil.rmtree", "glob.glob"}


@dataclass(frozen=True)
class Runtime:
    kind: str  # "native" | "pyodide" | "skip"
    version: str  # the Python version that runs the block, e.g. "3.11", "3.14"
    reason: str = ""  # why a block is skipped


@dataclass(frozen=True)
class Uses:
    """What a block's code shows it uses."""

    modules: frozenset[str]  # imported, dotted: "os.path", "concurrent.futures"
    names: frozenset[str]  # qualified names used: "threading.Thread", "os.fork", ".run_in_executor"
    strings: frozenset[str]  # string literals (a module the block writes itself is named in one)
    paths: frozenset[str]  # string literals passed to file functions
    relative_import: bool


def _dotted(node: ast.AST) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return ".".join([node.id, *reversed(parts)])
    return None


def _bind(aliases: dict[str, str], module: str, asname: str | None) -> None:
    """``import a.b`` binds a; ``import a.b as x`` binds x to a.b."""
    if asname:
        aliases[asname] = module
    else:
        aliases[module.split(".")[0]] = module.split(".")[0]


def _qualified(dotted: str, aliases: dict[str, str]) -> str | None:
    root, _, rest = dotted.partition(".")
    if root not in aliases:
        return None
    return f"{aliases[root]}.{rest}" if rest else aliases[root]


@functools.cache
def uses(code: str) -> Uses:
    """Modules imported and names used, resolved through import aliases."""
    try:
        tree = ast.parse(code)
    except SyntaxError:  # syntax newer than this interpreter's parser (3.12+ on 3.11)
        return _scan(code)
    modules, names, strings, paths = set(), set(), set(), set()
    aliases: dict[str, str] = {}
    relative = False
    references, calls = [], []  # resolved once every import is known (one walk: the build runs this)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            names.add(f".{node.attr}")
            references.append(node)
        elif isinstance(node, ast.Name):
            references.append(node)
        elif isinstance(node, ast.Call):
            if node.args and isinstance(node.args[0], ast.Constant):
                calls.append(node)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            strings.add(node.value)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                modules.add(alias.name)
                _bind(aliases, alias.name, alias.asname)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                relative = True
                continue
            modules.add(node.module)
            for alias in node.names:
                aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
                names.add(f"{node.module}.{alias.name}")  # a submodule or a name in the module
    for node in references:
        if (dotted := _dotted(node)) and (qualified := _qualified(dotted, aliases)):
            names.add(qualified)
    for node in calls:
        callee = _dotted(node.func)
        if callee and (_qualified(callee, aliases) or callee) in _FILE_CALLS:
            paths.add(str(node.args[0].value))
    return Uses(frozenset(modules), frozenset(names), frozenset(strings), frozenset(paths), relative)


_IMPORT = re.compile(r"^[ \t]*(?:lazy[ \t]+)?import[ \t]+(?P<modules>[\w., \t]+)$"
                     r"|^[ \t]*(?:lazy[ \t]+)?from[ \t]+(?P<dots>\.*)(?P<module>[\w.]*)[ \t]+import[ \t]+"
                     r"\(?(?P<names>[\w., \t]+)\)?$", re.MULTILINE)
_NAME = re.compile(r"(?<![\w.])\.?[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")
_STRING = re.compile(r"""(?P<quote>["'])(?P<text>[^"'\n]*)(?P=quote)""")


def _scan(code: str) -> Uses:
    """A lenient reading for code this parser cannot parse: import lines and dotted names
    outside comments. It errs towards seeing more (a name in a string counts)."""
    code = re.sub(r"(?m)^\s*#.*$|[ \t]+#[^\n]*$", "", code)
    modules, names = set(), set()
    aliases: dict[str, str] = {}
    relative = False
    for match in _IMPORT.finditer(code):
        if match["modules"]:
            for part in match["modules"].split(","):
                module, _, asname = part.strip().partition(" as ")
                modules.add(module.strip())
                _bind(aliases, module.strip(), asname.strip() or None)
        elif match["dots"]:
            relative = True
        else:
            modules.add(match["module"])
            for part in match["names"].split(","):
                name, _, asname = part.strip().partition(" as ")
                if name.strip():
                    aliases[(asname or name).strip()] = f"{match['module']}.{name.strip()}"
                    names.add(f"{match['module']}.{name.strip()}")
    for match in _NAME.finditer(code):
        dotted = match.group()
        if dotted.startswith("."):
            names.add("." + dotted[1:].split(".")[0])
        elif qualified := _qualified(dotted, aliases):
            names.add(qualified)
        names.update("." + attribute for attribute in dotted.split(".")[1:])
    strings = frozenset(match["text"] for match in _STRING.finditer(code))
    return Uses(frozenset(modules), frozenset(names), strings, frozenset(), relative)


def _name_pattern(patterns) -> re.Pattern:
    """One regex for a list of name patterns: each matches the name and what is inside it."""
    alternatives = (re.escape(pattern).replace(r"\*", r"\w*") + r"(?:\..*)?" for pattern in patterns)
    return re.compile("|".join(alternatives))


_LACKS_PATTERNS = {need: _name_pattern(patterns) for need, patterns in WASM_LACKS.items()}


def wasm_lacks(code: str) -> str | None:
    """What this block needs that WebAssembly lacks ("threads", "sockets"...), or None."""
    used = uses(code)
    for need, pattern in _LACKS_PATTERNS.items():
        if any(pattern.fullmatch(name) for name in used.modules | used.names):
            return need
    return None


def _version(pair: tuple[int, int]) -> str:
    return f"{pair[0]}.{pair[1]}"


def _pair(version: str) -> tuple[int, int]:
    major, minor = version.split(".")
    return int(major), int(minor)


def _pyodide_for(needed: tuple[int, int]) -> str | None:
    """The oldest pinned Pyodide new enough for a block."""
    new_enough = [version for version in PYODIDE_PACKAGES if _pair(version) >= needed]
    return min(new_enough, key=_pair) if new_enough else None


def test_runtime(code: str) -> Runtime:
    """Where the tests run a block: a native CPython new enough, else Pyodide, else skip."""
    needed = examples.required_version(code) or sys.version_info[:2]
    if reason := examples.not_run_reason(code):
        return Runtime("skip", _version(needed), reason)
    native = sorted(v for v in examples.installed_interpreters() if v >= needed)
    if native:
        return Runtime("native", _version(native[0]))
    if need := wasm_lacks(code):
        return Runtime("skip", _version(needed),
                       f"needs {need}, which WebAssembly lacks (no native Python {_version(needed)} here)")
    if pyodide := _pyodide_for(needed):
        return Runtime("pyodide", pyodide)
    return Runtime("skip", _version(needed), f"needs Python {_version(needed)}+ (no interpreter or Pyodide here)")


test_runtime.__test__ = False  # a function named test_*, not a test: keep pytest from collecting it


def native_label(version: str) -> str:
    """What runs a native block, for the test summary: "CPython 3.11.2 (native)"."""
    path = examples.installed_interpreters()[_pair(version)]
    return f"CPython {examples.interpreter_version(path)} (native)"


def browser_static_reason(code: str) -> str | None:
    """Why a block cannot run in a reader's browser, judged from its text alone; None if it may."""
    if reason := examples.not_run_reason(code):
        return f"not run: {reason}"
    needed = examples.required_version(code) or sys.version_info[:2]
    version = _pyodide_for(needed)
    if version is None:
        return f"needs Python {_version(needed)}+"
    if needs_postgres(code):
        return "needs a PostgreSQL database"
    used = uses(code)
    if need := wasm_lacks(code):
        return f"needs {need}"
    if used.relative_import:
        return "imports a package's own modules"
    imported = {module.split(".")[0] for module in used.modules}
    written = {name for name in imported if name in used.strings or f"{name}.py" in used.strings}
    if third_party := sorted(imported - browser_stdlib(version) - written - {"__future__"}):
        return f"imports {', '.join(third_party)} (not in the standard library Pyodide ships)"
    if outside := sorted(p for p in used.paths if p.startswith("/") and not _BROWSER_PATHS.match(p)):
        return f"reads files of this machine ({', '.join(outside)})"
    return None


def code_hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()[:16]


@functools.cache
def not_in_browser() -> dict[str, dict]:
    """Blocks whose output on Pyodide differs from their #> lines, by code_hash (recorded runs)."""
    if not NOT_IN_BROWSER.exists():
        return {}
    return json.loads(NOT_IN_BROWSER.read_text(encoding="utf-8"))["blocks"]


def browser_candidate(code: str) -> str | None:
    """The Pyodide version for a block that passes the static rules, recorded runs aside."""
    if browser_static_reason(code):
        return None
    return _pyodide_for(examples.required_version(code) or sys.version_info[:2])


def browser_runtime(code: str) -> str | None:
    """The Pyodide version ("3.14", "3.15") that runs this block in a reader's browser, or None."""
    if code_hash(code) in not_in_browser():
        return None
    return browser_candidate(code)


def needs_stack_switching(code: str) -> bool:
    """Whether a block uses asyncio: asyncio.run() on Pyodide suspends WebAssembly (JSPI),
    so such a block must be called with ``callPromising`` (tests and browser alike)."""
    return any(module.split(".")[0] == "asyncio" for module in uses(code).modules)
