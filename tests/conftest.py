"""Shared fixtures: the real strict build, a local server, and a real Chromium."""

from __future__ import annotations

import collections
import contextlib
import functools
import json
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
# Flags that keep Chromium from phoning home; the machines have no internet.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class BuiltSite:
    def __init__(self, directory: Path, log: str, seconds: float):
        self.directory = directory
        self.log = log
        self.seconds = seconds

    def html(self, page: str) -> str:
        """HTML of a docs page, e.g. 'topics/16-interview-qa.md' or 'index.md'."""
        stem = page.removesuffix(".md")
        path = self.directory / ("index.html" if stem == "index" else f"{stem}/index.html")
        return path.read_text(encoding="utf-8")


def run_mkdocs_build(config: Path, site_dir: Path, site_url: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if site_url:
        env["SITE_URL"] = site_url
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config), "--site-dir", str(site_dir)],
        cwd=config.parent,
        capture_output=True,
        text=True,
        env=env,
    )


@pytest.fixture(scope="session")
def site_port() -> int:
    """A free port, chosen before the build: the site's URL must name the port it is
    served on, because Material navigates instantly only to URLs in sitemap.xml."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, site_port) -> BuiltSite:
    """`mkdocs build --strict` of the real project, once per test session."""
    import time

    site_dir = tmp_path_factory.mktemp("site")
    started = time.perf_counter()
    result = run_mkdocs_build(ROOT / "mkdocs.yml", site_dir, f"http://127.0.0.1:{site_port}/")
    seconds = time.perf_counter() - started
    log = result.stdout + result.stderr
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{log}"
    return BuiltSite(site_dir, log, seconds)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


@pytest.fixture(scope="session")
def site_url(built_site, site_port) -> str:
    """The built site served on 127.0.0.1 at the port its URLs name, for the browser tests."""
    handler = functools.partial(_QuietHandler, directory=str(built_site.directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", site_port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def find_chromium() -> str | None:
    for candidate in (os.environ.get("CHROMIUM_PATH"), *CHROMIUM_CANDIDATES):
        if candidate and shutil.which(candidate):
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    """A real Chromium. A missing browser is a failure, never a skip."""
    from playwright.sync_api import sync_playwright

    executable = find_chromium()
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        except Exception as error:  # Playwright raises its own Error type
            pytest.fail(
                f"cannot start Chromium ({executable or 'Playwright default'}): {error}\n"
                "Run the README's test command (`make test`), which installs it, or set CHROMIUM_PATH."
            )
        yield browser
        browser.close()


class RequestLog:
    """Every request a page makes, so tests can check nothing leaves the site's host."""

    def __init__(self):
        self.urls: list[str] = []

    def foreign(self, allowed_host: str) -> list[str]:
        from urllib.parse import urlsplit

        return [
            url for url in self.urls
            if urlsplit(url).scheme not in ("data", "blob", "about") and urlsplit(url).hostname != allowed_host
        ]


@contextlib.contextmanager
def watched_page(browser, log_workers: bool = False):
    """A fresh browser context and page that logs its requests (with ``log_workers``, those
    of its service workers too) and fails on any JavaScript error once it is closed."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.request_log = RequestLog()
    page.errors = []
    (context if log_workers else page).on("request", lambda request: page.request_log.urls.append(request.url))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()
    assert not page.errors, f"JavaScript errors on the page: {page.errors}"


@pytest.fixture
def page(browser, site_url):
    """A fresh browser context and page; fails the test on any JavaScript error."""
    with watched_page(browser) as page:
        yield page


# -- report where the docs examples ran, and which were skipped and why ---------

def pytest_terminal_summary(terminalreporter):
    runtimes = collections.Counter()  # "CPython 3.14.2 (Pyodide 314.0.7)": blocks run on it
    reasons = collections.Counter()
    browser = collections.Counter()
    differing = 0
    for status in ("passed", "failed", "skipped"):
        for report in terminalreporter.stats.get(status, []):
            nodeid = getattr(report, "nodeid", "")
            properties = dict(getattr(report, "user_properties", []))
            if "test_examples.py::test_python_block" in nodeid:
                if status == "skipped":
                    reasons[report.longrepr[2].removeprefix("Skipped: ")] += 1
                elif report.when == "call":
                    runtimes[properties.get("runtime", "no runtime (it could not start)")] += 1
            elif "test_examples.py::test_block_runs_in_the_browser" in nodeid and report.when == "call":
                if "not_in_browser" in properties:
                    differing += 1
                elif status == "passed":
                    browser[properties["runtime"]] += 1
    ran = sum(runtimes.values())
    if ran or reasons or browser or differing:
        terminalreporter.section("docs code examples")
    if ran or reasons:
        terminalreporter.write_line(f"{ran} Python blocks executed, {sum(reasons.values())} skipped")
        for runtime, count in sorted(runtimes.items()):
            terminalreporter.write_line(f"  {count:3d} blocks on {runtime}")
        for reason, count in reasons.most_common():
            terminalreporter.write_line(f"  {count:3d} skipped: {reason}")
    if browser or differing:
        terminalreporter.write_line(
            f"{sum(browser.values())} blocks run in a reader's browser, proved here on "
            + ", ".join(f"{runtime} ({count})" for runtime, count in sorted(browser.items()))
            + f"; {differing} print otherwise on Pyodide (data/not-in-browser.json) and get no Run control")


# -- helpers shared by the browser tests -------------------------------------

def search(page, term: str):
    """Type a query the way a reader does and return the result links."""
    from playwright.sync_api import expect

    page.keyboard.press("/")  # Material's shortcut focuses the search box
    box = page.get_by_role("textbox", name="Search")
    expect(box).to_be_focused()
    # Focus fetches the index (overrides/main.html); the worker answers once it is ready.
    expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching", timeout=15000)
    page.keyboard.type(term)
    # The first results may come from the question titles alone (search-worker.js);
    # wait for those searched through the answers too, which show the answers' text.
    expect(page.locator(ANSWER_TEXT_IN_RESULTS).first).to_be_attached(timeout=30000)
    links = page.locator(".md-search-result__item a.md-search-result__link")
    expect(links.first).to_be_visible()
    return links


# A result searched through the text shows some of it under the title; one found
# by its title alone, before the whole index is built, shows the title (and any
# query terms it misses) only.
ANSWER_TEXT_IN_RESULTS = (".md-search-result__article"
                          " > :not(h1, h2, .md-search-result__icon, .md-search-result__terms, .md-tags)")


def best_result(links):
    """The result link with the highest search score, read once the results have settled:
    results re-render while the worker answers each keystroke, so read them in one go."""
    import time

    snapshot = "els => els.map(a => [a.getAttribute('href'), parseFloat(a.querySelector('article')?.dataset.mdScore)])"
    previous, deadline = None, time.monotonic() + 15
    while True:
        current = links.evaluate_all(snapshot)
        if current and current == previous or time.monotonic() > deadline:
            break
        previous = current
        links.page.wait_for_timeout(300)
    href = max(current, key=lambda item: item[1])[0]
    return links.page.locator(".md-search-result__item a.md-search-result__link").filter(
        has=links.page.locator(f"xpath=self::*[@href={json.dumps(href)}]")).first


@pytest.fixture(scope="session")
def redis_server():
    """A Redis on localhost:6379 for the docs' Redis and Celery examples (see studysite.services)."""
    from studysite.services import ServiceError, redis_server

    try:
        with redis_server() as url:
            yield url
    except ServiceError as error:
        pytest.fail(str(error))


@pytest.fixture(scope="session")
def postgres_server():
    """A private PostgreSQL 18 with pgvector for the docs' SQL examples (see studysite.services)."""
    from studysite.services import ServiceError, postgres_server

    try:
        with postgres_server() as server:
            yield server
    except ServiceError as error:
        pytest.fail(str(error))
