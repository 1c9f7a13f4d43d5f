"""Offline reading in real Chromium: the service worker, the "Make available
offline" control, and a new deploy replacing the stored copy.

The site is built from a copy of the project into a GitHub Pages project path
(/pyguide/) and served by a server that records every request, so a test can
tell what the browser fetched and that nothing reached the network offline.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import http.server
import json
import re
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import ROOT, best_result, run_mkdocs_build, search, watched_page
from playwright.sync_api import expect
from studysite.site import load_site

pytestmark = pytest.mark.browser
SITE = load_site(ROOT)
PROJECT = "pyguide"
NEVER_VISITED = "topics/12-data-structures-and-algorithms/"
CHANGED_PAGE = "topics/04-classes-and-objects/"
CONTENT = "article.md-content__inner"  # the page's article (search results are articles too)
AXE = Axe()


class _RecordingHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass

    def send_head(self):
        self.server.requests.append(self.path.split("?")[0])
        if self.server.down:
            self.close_connection = True  # no response at all: the network is gone
            return None
        return super().send_head()

    def end_headers(self):
        # As GitHub Pages: the browser's HTTP cache keeps files 10 minutes, so after a
        # deploy it still holds the previous build's copies.
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()


class ServedSite:
    """A copy of the project, built into <root>/pyguide/ and served from <root>."""

    def __init__(self, workdir: Path):
        self.project = workdir / "project"
        for name in ("docs", "data", "scripts", "overrides"):
            shutil.copytree(ROOT / name, self.project / name, ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy(ROOT / "mkdocs.yml", self.project)
        (self.project / "node_modules").symlink_to(ROOT / "node_modules")  # the pinned esbuild
        self.root = workdir / "served"
        self.site_dir = self.root / PROJECT
        handler = functools.partial(_RecordingHandler, directory=str(self.root))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.requests = []
        self.server.down = False
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/{PROJECT}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def build(self):
        result = run_mkdocs_build(self.project / "mkdocs.yml", self.site_dir, self.url)
        assert result.returncode == 0, result.stdout + result.stderr

    def manifest(self) -> dict:
        """The version and file list the build put in front of the worker."""
        first_line = (self.site_dir / "offline-worker.js").read_text(encoding="utf-8").split("\n", 1)[0]
        return json.loads(first_line.removeprefix("const OFFLINE = ").removesuffix(";"))

    def requested(self) -> list[str]:
        """Files of the site ("topics/x/index.html" for "/pyguide/topics/x/") requested since the last call."""
        paths, self.server.requests[:] = list(self.server.requests), []
        files = [path.removeprefix(f"/{PROJECT}/") for path in paths]
        return [file + "index.html" if file == "" or file.endswith("/") else file for file in files]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    site = ServedSite(tmp_path_factory.mktemp("offline"))
    site.build()
    yield site
    site.close()


@pytest.fixture
def reader(browser, served):
    """A fresh browser profile (its own service workers and caches) that logs every request."""
    with watched_page(browser, log_workers=True) as page:
        served.requested()
        yield page
    assert page.request_log.foreign("127.0.0.1") == []


def controlled(page):
    """Wait until the offline worker is installed and serves this page."""
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=30000)


def wait_until(condition, page, what: str, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out after {seconds} s waiting until {what}"
        page.wait_for_timeout(200)


def cache_names(page) -> list[str]:
    return page.evaluate("caches.keys()")


@contextlib.contextmanager
def offline(page, served):
    """No network: the browser is offline and the server answers nothing. Yields
    what reached the server meanwhile: only the browser's update checks of the worker
    script, which Chromium makes outside the page's (emulated) network."""
    served.requested()
    page.context.set_offline(True)
    served.server.down = True
    reached = []
    try:
        yield reached
    finally:
        served.server.down = False
        page.context.set_offline(False)
        reached += served.requested()
    assert set(reached) <= {"offline-worker.js"}, f"requests reached the server while offline: {reached}"


def store_the_guide(page, served) -> None:
    page.goto(served.url)
    control = page.locator("#offline-control")
    status = control.get_by_role("status")
    expect(status).to_contain_text("to download", timeout=30000)
    control.get_by_role("button", name="Make available offline").click()
    expect(status).to_contain_text("Done: the whole guide is stored", timeout=60000)


def megabytes(size: int) -> str:
    return f"{size / 1e6:.{1 if size < 1e7 else 0}f} MB"


def test_visited_pages_work_offline_and_a_page_never_stored_says_so(reader, served):
    page = reader
    page.goto(served.url + CHANGED_PAGE, wait_until="load")
    page.wait_for_timeout(500)
    assert page.evaluate("navigator.serviceWorker.getRegistration()") is None, "a first visit registered the worker"
    assert "offline-worker.js" not in served.requested()
    # The reader goes on to a second page (an instant navigation): the worker installs,
    # and stores the first page from the HTTP cache.
    page.locator("nav.md-nav a[href$='study-plan/']").first.click()
    controlled(page)
    with offline(page, served):
        # A full load of the first page, read before the worker came.
        page.goto(served.url + CHANGED_PAGE)
        expect(page.locator(f"{CONTENT} > h1")).to_contain_text(SITE.pages[4].title)
        # Search works offline: the index the first page loaded was stored with it.
        target = best_result(search(page, "GIL"))
        assert "GIL" in SITE.questions[target.get_attribute("href").split("#")[1]].title
        page.keyboard.press("Escape")
        # An instant navigation to the other visited page.
        page.evaluate("window.sameDocument = true")
        page.locator("nav.md-nav a[href$='study-plan/']").first.click()
        expect(page.locator(f"{CONTENT} > h1")).to_contain_text("Study plan")
        assert page.evaluate("window.sameDocument") is True, "the navigation reloaded the page"

        # A page never opened: an instant navigation falls back to a full load, which says so.
        page.locator(f"nav.md-nav a[href$='{NEVER_VISITED}']").first.click()
        not_stored = page.get_by_role("heading", name="This page is not stored for offline reading")
        expect(not_stored).to_be_visible()
        response = page.goto(served.url + NEVER_VISITED)
        assert response.status == 503
        expect(page.locator("main")).to_contain_text("Make available offline")
        page.get_by_role("link", name="Home page").click()  # never opened either
        expect(page).to_have_url(served.url)
        expect(not_stored).to_be_visible()


def test_store_the_guide_then_read_search_mark_review_and_quiz_offline(reader, served):
    page = reader
    manifest = served.manifest()
    guide = [facts for facts in manifest["files"].values() if facts[0] != "decks"]
    decks = [facts for facts in manifest["files"].values() if facts[0] == "decks"]
    page.goto(served.url)
    control = page.locator("#offline-control")
    status = control.get_by_role("status")
    # The size before the download: gzip bytes still missing, and the size once stored.
    expect(status).to_contain_text(f"({megabytes(sum(f[1] for f in guide))} once stored)", timeout=30000)
    shown = float(re.search(r"about ([\d.]+) MB to download", status.text_content()).group(1))
    assert 0.5 * sum(f[2] for f in guide) / 1e6 < shown <= sum(f[2] for f in guide) / 1e6 + 0.05
    expect(control.locator(".offline-control__decks")).to_contain_text(
        f"Include the Anki decks (about {megabytes(sum(f[2] for f in decks))})")

    control.get_by_role("button", name="Make available offline").click()
    expect(status).to_contain_text("Done: the whole guide is stored", timeout=60000)
    # Progress was shown while downloading, up to the whole amount.
    expect(control.locator(".offline-control__progress span")).to_have_text(re.compile(r"^([\d.]+ MB) of \1$"))
    expect(control.get_by_role("button", name="Make available offline")).to_be_disabled()
    fetched = set(served.requested())
    assert {path for path, facts in manifest["files"].items() if facts[0] == "pages"} - {"index.html"} <= fetched
    assert not any(path.startswith("decks/") for path in fetched), "the decks were stored without being asked for"

    with offline(page, served):
        # A topic page never visited, in a full load.
        page.goto(served.url + NEVER_VISITED)
        expect(page.locator(f"{CONTENT} > h1")).to_contain_text(SITE.pages[12].title)
        # Search, and land on the question with its answer open.
        target = best_result(search(page, "GIL"))
        question_id = target.get_attribute("href").split("#")[1]
        assert "GIL" in SITE.questions[question_id].title
        target.click()
        expect(page).to_have_url(re.compile(rf"#{re.escape(question_id)}$"))
        expect(page.locator(f"h3[id='{question_id}']")).to_be_in_viewport()
        expect(page.locator(f"h3[id='{question_id}'] + details.answer")).to_have_attribute("open", "")
        # Marks are kept across a reload.
        marks = page.locator(f".marks[data-question='{question_id}']")
        marks.get_by_role("button", name="Review later").click()
        page.reload()
        expect(page.locator(f".marks[data-question='{question_id}']").get_by_role("button", name="Review later")
               ).to_have_attribute("aria-pressed", "true")
        # Review: the answer comes from the stored topic page.
        page.goto(served.url + "review/")
        item = page.locator(f"#review-queue li[data-question='{question_id}']")
        item.get_by_role("button", name="Reveal answer").click()
        expect(item.locator(".review-answer")).to_contain_text("Short answer.")
        # Instant navigation to another page never visited, then the quiz there.
        page.evaluate("window.sameDocument = true")
        page.locator("nav.md-nav a[href$='topics/08-asyncio/']").first.click()
        expect(page.locator(f"{CONTENT} > h1")).to_contain_text(SITE.pages[8].title)
        assert page.evaluate("window.sameDocument") is True, "the navigation reloaded the page"
        page.get_by_role("button", name=re.compile("Quiz")).click()
        quiz = page.get_by_role("dialog", name="Quiz this page")
        quiz.get_by_role("button", name="Start").click()
        quiz.get_by_role("button", name="Reveal answer").click()
        expect(quiz.locator(".quiz__answer")).to_be_visible()
        page.keyboard.press("Escape")
        # "Run" needs the Python runtime, which the offline copy leaves out: the reader is told so.
        runner = page.locator(".runner[data-run]").first
        runner.evaluate("r => { const d = r.closest('details'); if (d) d.open = true; }")
        runner.get_by_role("button", name="Run").click()
        expect(runner.locator("[data-runner=status]")).to_contain_text(
            "offline, and the Python runtime is not part of the offline copy", timeout=30_000)


NEW_SENTENCE = "This sentence is new in this deploy."


def deploy(served, with_sentence: bool) -> dict:
    """Rebuild the site into the same folder, with or without a new sentence on one
    page; the changed files must be that page and the search index (and the decks,
    which are not stored here)."""
    before = served.manifest()
    source = served.project / "docs" / SITE.pages[4].path
    original = source.read_text(encoding="utf-8")
    if with_sentence:
        source.write_text(original.replace("\n## ", f"\n{NEW_SENTENCE}\n\n## ", 1), encoding="utf-8")
    try:
        served.build()
    finally:
        source.write_text(original.replace(f"\n{NEW_SENTENCE}\n", ""), encoding="utf-8")
    after = served.manifest()
    changed = {path for path, facts in after["files"].items()
               if before["files"].get(path) != facts and not path.startswith("decks/")}  # decks carry the build time
    assert changed == {CHANGED_PAGE + "index.html", "search/search_index.json"}
    return after


def next_visit_installs(page, served, manifest):
    """The next visit, online: the new version installs beside the old one, then replaces it."""
    page.goto(served.url)
    page.evaluate("window.servedBy = navigator.serviceWorker.controller")
    expected = [f"offline /{PROJECT}/ {manifest['version']}"]
    wait_until(lambda: cache_names(page) == expected, page, f"the only cache is {expected}")


def stored_files(page) -> dict[str, str]:
    """SHA-256 of every file in the offline cache, by URL path."""
    stored = page.evaluate("""async () => {
        const cache = await caches.open((await caches.keys())[0]);
        const hex = (buffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");
        const found = {};
        for (const request of await cache.keys()) {
            const body = await (await cache.match(request)).arrayBuffer();
            found[new URL(request.url).pathname] = hex(await crypto.subtle.digest("SHA-256", body));
        }
        return found;
    }""")
    stored.pop(f"/{PROJECT}/.offline-choices")
    return stored


def assert_the_whole_guide_is_this_build(page, served, manifest):
    stored = stored_files(page)
    assert len(stored) == sum(1 for facts in manifest["files"].values() if facts[0] != "decks")
    for url_path, digest in stored.items():
        file = served.site_dir / url_path.removeprefix(f"/{PROJECT}/")
        assert digest == hashlib.sha256(file.read_bytes()).hexdigest(), f"{url_path} is not this build's"


def test_a_new_deploy_replaces_the_stored_copy_on_the_next_visit(reader, served):
    page = reader
    store_the_guide(page, served)
    assert cache_names(page) == [f"offline /{PROJECT}/ {served.manifest()['version']}"]

    # A deploy with one page changed, the browser's HTTP cache emptied: what the
    # update downloads is what it could not copy from the stored guide.
    second = deploy(served, with_sentence=True)
    page.context.new_cdp_session(page).send("Network.clearBrowserCache")
    served.requested()
    next_visit_installs(page, served, second)
    fetched = set(served.requested())
    assert {CHANGED_PAGE + "index.html", "search/search_index.json"} <= fetched
    assert not [path for path in fetched if path.endswith(".html") and path != CHANGED_PAGE + "index.html"], \
        "unchanged pages were downloaded again"
    # This page came from the old version: its next page loads in full, not into its old scripts.
    page.wait_for_function("navigator.serviceWorker.controller !== window.servedBy")
    page.evaluate("window.sameDocument = true")
    page.locator(f"nav.md-nav a[href$='{CHANGED_PAGE}']").first.click()
    expect(page.locator(CONTENT)).to_contain_text(NEW_SENTENCE)
    assert page.evaluate("window.sameDocument") is None, "the new page was swapped into the old one"
    with offline(page, served):
        page.goto(served.url + CHANGED_PAGE)
        expect(page.locator(CONTENT)).to_contain_text(NEW_SENTENCE)
        assert_the_whole_guide_is_this_build(page, served, second)

    # A deploy that takes the sentence out again, while the HTTP cache still holds
    # the page with it (as GitHub Pages lets it for 10 minutes): that copy is not stored.
    third = deploy(served, with_sentence=False)
    next_visit_installs(page, served, third)
    with offline(page, served):
        page.goto(served.url + CHANGED_PAGE)
        expect(page.locator(f"{CONTENT} > h1")).to_contain_text(SITE.pages[4].title)
        expect(page.locator(CONTENT)).not_to_contain_text(NEW_SENTENCE)
        assert_the_whole_guide_is_this_build(page, served, third)


def violations(page) -> list[dict]:
    found = AXE.run(page).response["violations"]
    return [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"][:5]]} for v in found]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_on_the_offline_control_and_the_offline_page(browser, served, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(served.url + "review/")
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate" if scheme == "dark" else "default")
    status = page.locator("#offline-control").get_by_role("status")
    expect(status).to_contain_text("to download", timeout=30000)
    before = violations(page)
    page.locator("#offline-control .offline-control__decks input").check()
    page.get_by_role("button", name="Make available offline").click()
    expect(status).to_contain_text("Done: the whole guide is stored", timeout=60000)
    expect(page.locator("#offline-control .offline-control__decks")).to_contain_text("(stored)")
    after = violations(page)
    context.set_offline(True)
    page.goto(served.url + "no-such-page/")
    expect(page.get_by_role("heading", name="This page is not stored for offline reading")).to_be_visible()
    fallback = violations(page)
    context.close()
    assert (before, after, fallback) == ([], [], []), json.dumps([before, after, fallback], indent=1)
