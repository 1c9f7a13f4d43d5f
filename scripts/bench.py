"""Benchmark the site against plain Material for MkDocs on the same docs.

    make bench   (or: .venv/bin/python scripts/bench.py [--runs N] [--lighthouse-runs N]
                  [--cold-search-runs N] [--no-lighthouse])

Prints one table: build time, first-visit bytes of a topic page, the longest
topic page and a week page (gzip, every request including the search index
when the page fetches it), the same after a first search, our own JS + CSS
(gzip), warm search latency, cold search (a freshly loaded page, CPU slowed 4x,
from the key that opens search to the first results and to results searched
through the answers), and Lighthouse mobile
scores per page type including the longest topic page (median of runs, with
each run's performance score). The reference is the same docs and macros built
with `theme: material` and default settings (fonts off, as this machine has no
network). Ours and the reference alternate run by run, so machine noise hits
both alike. For ours, the offline download of the whole guide ("Make
available offline", gzip as served) and the stored copy's size. The in-browser runner (ours): bytes of the Pyodide runtime a first "Run"
transfers (gzip), and the time from that click to the output (cold) and of a
second run (warm). Figures only; the budgets live in DESIGN.md.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "scripts"))
from build_hooks import OWN_STYLES_ID, SHIPPED_JS  # noqa: E402
from studysite import offline  # noqa: E402
from printed_pages import measure_pdf, print_pdf, summary, underfilled  # noqa: E402
from conftest import ANSWER_TEXT_IN_RESULTS, CHROMIUM_ARGS, find_chromium, search  # noqa: E402

PAGES = {"home": "", "topic": "topics/08-asyncio/", "week": "weeks/week-3/", "study plan": "study-plan/"}
LONGEST = "longest topic"  # a page type found per build: the biggest topic page
FIRST_VISIT_PAGES = ("topic", LONGEST, "week")
COLD_SEARCH_TERM = "GIL"
CPU_SLOWDOWN = 4  # Lighthouse's mobile CPU slowdown
SEARCH_TERMS = ["GIL", "consistent hashing", "run_in_executor", "descriptor", "dataclass", "free threaded"]
RUN_PAGE = "topics/01-objects-and-functions/"  # the runner: a topic page with runnable examples
# .mjs and .wasm: the Pyodide runtime (hosts such as GitHub Pages compress both; its .zip is already compressed)
COMPRESSIBLE = (".html", ".css", ".js", ".mjs", ".wasm", ".json", ".xml", ".svg", ".txt", ".py")


# -- building ----------------------------------------------------------------

def reference_config() -> Path:
    """Our mkdocs.yml minus everything that is ours: theme features, overrides, assets."""
    ours = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=_EnvLoader)
    reference = {
        "site_name": ours["site_name"],
        "site_url": "http://127.0.0.1:8000/",
        "theme": {"name": "material", "font": False},
        "plugins": ["search", {"macros": ours["plugins"][1]["macros"]}],
        "markdown_extensions": ours["markdown_extensions"],
        "nav": ours["nav"],
    }
    path = ROOT / ".bench-reference.yml"  # beside mkdocs.yml, so the macros find data/ and scripts/
    path.write_text(yaml.safe_dump(reference, sort_keys=False))
    return path


class _EnvLoader(yaml.SafeLoader):
    pass


_EnvLoader.add_constructor("!ENV", lambda loader, node: "http://127.0.0.1:8000/")


def build(config: Path, site_dir: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", str(config), "--site-dir", str(site_dir)],
        cwd=ROOT, check=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
    )
    return time.perf_counter() - started


# -- serving, gzip-compressed as a real host would ----------------------------

@functools.lru_cache(maxsize=None)
def _gzip_cached(path: Path, mtime_ns: int, body: bytes) -> bytes:
    return gzip.compress(body, compresslevel=6, mtime=0)


def _gzipped(path: Path, body: bytes) -> bytes:
    """Compressed once per file, as a host with a compression cache does (the 10 MB
    Pyodide runtime would otherwise take a second per request to compress)."""
    return _gzip_cached(path, path.stat().st_mtime_ns, body)


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    sent_bytes = 0  # per server class: bytes of every response body sent

    def log_message(self, format, *args):  # noqa: A002
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            return super().send_head()
        body = path.read_bytes()
        encoded = path.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", "")
        if encoded:
            body = _gzipped(path, body)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        if encoded:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        type(self).sent_bytes += len(body)
        return io.BytesIO(body)


def serve(site_dir: Path):
    handler = type("Handler", (GzipHandler,), {"sent_bytes": 0})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, handler, f"http://127.0.0.1:{server.server_address[1]}/"


# -- measuring ----------------------------------------------------------------

def first_visit_bytes(browser, url: str, handler) -> int:
    context = browser.new_context()
    page = context.new_page()
    handler.sent_bytes = 0
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(500)  # the search worker fetches the index after load
    page.wait_for_load_state("networkidle")
    total = handler.sent_bytes
    context.close()
    return total


def first_search_bytes(browser, url: str, handler) -> int:
    """A first visit, then the reader opens search and types: every byte, the index included."""
    context = browser.new_context()
    page = context.new_page()
    handler.sent_bytes = 0
    page.goto(url, wait_until="networkidle")
    search(page, "GIL")
    page.wait_for_load_state("networkidle")
    total = handler.sent_bytes
    context.close()
    return total


def cold_search_ms(browser, url: str) -> tuple[float | None, float | None]:
    """From the key that opens search to the first results, and to results searched
    through the answers' text, on a page just loaded with the CPU slowed down as
    Lighthouse does, in a fresh context (nothing cached). Plain Material shows both
    at once; ours may first answer from the question titles (search-worker.js).

    Chromium throttles the page's main thread only ("Operation is only supported
    for pages, not workers"), so the index build in the search worker runs at the
    machine's speed for both sites alike. The reader types at once: the index is
    not built yet. None where nothing appears within a minute.
    """
    context = browser.new_context()
    page = context.new_page()
    context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    page.goto(url)  # until the load event
    page.evaluate(
        """(answerText) => {
            const list = document.querySelector('.md-search-result__list');
            window.__shown = {first: null, answers: null};
            window.__answers = new Promise(resolve => {
                new MutationObserver((_, observer) => {
                    if (!list.querySelector('.md-search-result__item')) return;
                    window.__shown.first ??= performance.now();
                    if (!list.querySelector(answerText)) return;
                    window.__shown.answers = performance.now();
                    observer.disconnect();
                    resolve();
                }).observe(list, {childList: true, subtree: true});
            });
            document.addEventListener('keydown', () => { window.__start = performance.now(); },
                                      {capture: true, once: true});
        }""",
        ANSWER_TEXT_IN_RESULTS,
    )
    page.keyboard.press("/")  # Material's shortcut: focus the search box
    page.keyboard.type(COLD_SEARCH_TERM)
    page.evaluate("Promise.race([window.__answers, new Promise(r => setTimeout(r, 60000))])")
    shown, start = page.evaluate("window.__shown"), page.evaluate("window.__start")
    context.close()
    return tuple(None if shown[key] is None else shown[key] - start for key in ("first", "answers"))


def search_latency_ms(browser, base: str) -> tuple[float, int]:
    """Median time from the last key of a query to the results list changing, warm."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(base)
    search(page, "warm up")
    samples, failures = [], 0
    for term in SEARCH_TERMS * 3:
        box = page.get_by_role("textbox", name="Search")
        box.fill("")
        page.keyboard.type(term[:-1])
        page.wait_for_timeout(300)
        page.evaluate(
            """() => {
                const list = document.querySelector('.md-search-result__list');
                window.__changed = new Promise(resolve =>
                    new MutationObserver((_, observer) => { observer.disconnect(); resolve(performance.now()); })
                        .observe(list, {childList: true, subtree: true}));
                window.__start = performance.now();
            }"""
        )
        page.keyboard.press(term[-1])
        changed = page.evaluate("Promise.race([window.__changed, new Promise(r => setTimeout(() => r(null), 2000))])")
        if changed is None or not page.locator(".md-search-result__item").count():
            failures += 1
            continue
        samples.append(changed - page.evaluate("window.__start"))
    context.close()
    return (statistics.median(samples) if samples else float("nan")), failures


def offline_download_bytes(browser, base: str, handler) -> int:
    """Bytes sent while "Make available offline" stores the whole guide (no decks),
    clicked on the home page after its first visit."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(base, wait_until="networkidle")
    status = page.locator("#offline-control [role=status]")
    status.filter(has_text="to download").wait_for(timeout=60000)
    handler.sent_bytes = 0
    page.get_by_role("button", name="Make available offline").click()
    status.filter(has_text="Done:").wait_for(timeout=300000)
    total = handler.sent_bytes
    context.close()
    return total


def offline_stored_bytes(site_dir: Path) -> int:
    """The whole guide as stored (uncompressed), from the offline worker's file list."""
    first_line = (site_dir / offline.WORKER_FILE).read_text(encoding="utf-8").split("\n", 1)[0]
    files = json.loads(first_line.removeprefix("const OFFLINE = ").removesuffix(";"))["files"]
    return sum(size for group, size, _, _ in files.values() if group != "decks")


CLICK_TO_OUTPUT = """runner => new Promise(resolve => {
    const status = runner.querySelector('[data-runner=status]');
    const started = performance.now();
    new MutationObserver((_, observer) => {
        if (!status.textContent.startsWith('Finished')) return;
        observer.disconnect();
        resolve(performance.now() - started);
    }).observe(status, {childList: true, characterData: true, subtree: true});
    runner.querySelector('[data-runner=run]').click();
})"""


def _first_runner(browser, url: str):
    """A fresh browser context (empty cache) on ``url``, and its first Run control, answer opened."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(500)  # the search worker fetches the index after load
    page.wait_for_load_state("networkidle")
    runner = page.locator(".runner[data-run]").first
    runner.evaluate("r => { const d = r.closest('details'); if (d) d.open = true; }")
    return context, runner


def run_example(browser, url: str, handler) -> tuple[int, float, float]:
    """Bytes the first "Run" transfers (runtime, worker, harness), and the milliseconds
    from a click to its output: first (cold: the runtime loads) and second (warm)."""
    context, runner = _first_runner(browser, url)
    runner.evaluate(CLICK_TO_OUTPUT)  # a throwaway run fills the server's compression cache
    context.close()
    context, runner = _first_runner(browser, url)
    handler.sent_bytes = 0
    cold = runner.evaluate(CLICK_TO_OUTPUT)
    sent = handler.sent_bytes
    warm = runner.evaluate(CLICK_TO_OUTPUT)
    context.close()
    return sent, cold, warm


def printed(browser, url: str) -> str:
    """Pages and fill of ``url`` printed to A4 with its answers (tests/printed_pages.py)."""
    page = browser.new_page()
    page.goto(url, wait_until="networkidle")
    pages = measure_pdf(print_pdf(page))
    page.close()
    return summary(pages) + f", {len(underfilled(pages))} under half full"


def own_assets_gzip_bytes(site_dir: Path) -> int:
    """Our JS and CSS as shipped: the joined, minified script file, the search
    worker wrapper, and what each page carries inline (our styles, and the
    scripts of our template overrides: the palette toggle, the worker switch)."""
    shipped = [SHIPPED_JS, "assets/javascripts/search-worker.js"]
    texts = [(site_dir / name).read_text(encoding="utf-8") for name in shipped]
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    texts += re.findall(rf'<style id="{OWN_STYLES_ID}">(.*?)</style>', home, re.S)
    texts += [script for script in re.findall(r"<script>(.*?)</script>", home, re.S)
              if "studyPalette" in script or "search-worker.js" in script]
    assert len(texts) == 5, "bench: expected 2 files, our styles and 2 inline scripts"
    return sum(len(gzip.compress(text.encode(), compresslevel=6, mtime=0)) for text in texts)


def lighthouse(url: str, chromium: str) -> dict[str, int]:
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    result = subprocess.run(
        [str(ROOT / "node_modules/.bin/lighthouse"), url, "--output=json", "--quiet",
         "--only-categories=performance,accessibility,best-practices,seo", f"--chrome-flags={flags}"],
        capture_output=True, text=True, env=dict(os.environ, CHROME_PATH=chromium), timeout=300,
    )
    if result.returncode != 0:
        raise RuntimeError(f"lighthouse failed on {url}: {result.stderr[-2000:]}")
    report = json.loads(result.stdout)
    return {key: round(category["score"] * 100) for key, category in report["categories"].items()}


def median_scores(reports: list[dict[str, int]]) -> dict[str, float]:
    """Median of each score over several runs (the performance score moves by a few
    points run to run on a small machine)."""
    return {key: statistics.median(report[key] for report in reports) for key in reports[0]}


def longest_topic_page(site_dir: Path) -> str:
    page = max((site_dir / "topics").glob("*/index.html"), key=lambda path: path.stat().st_size)
    return f"topics/{page.parent.name}/"


# -- the report ---------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="builds of each site (median is reported)")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--lighthouse-runs", type=int, default=5, help="Lighthouse runs per page (median is reported)")
    parser.add_argument("--cold-search-runs", type=int, default=7, help="cold searches per site (median is reported)")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    chromium = find_chromium()
    if not chromium:
        sys.exit("no Chromium found: run `make test` once (it installs it) or set CHROMIUM_PATH")
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    reference = reference_config()
    sites = {"ours": (ROOT / "mkdocs.yml", work / "ours"), "plain Material": (reference, work / "reference")}
    times: dict[str, list[float]] = {name: [] for name in sites}
    try:
        for _ in range(args.runs):  # alternate, so machine noise hits both alike
            for name, (config, site_dir) in sites.items():
                times[name].append(build(config, site_dir))
    finally:
        reference.unlink()

    rows: dict[str, dict[str, object]] = {name: {} for name in sites}
    for name in sites:
        rows[name]["build s (median)"] = f"{statistics.median(times[name]):.2f}"
    rows["ours"]["build ratio"] = f"{statistics.median(times['ours']) / statistics.median(times['plain Material']):.2f}"
    pages = dict(PAGES, **{LONGEST: longest_topic_page(sites["ours"][1])})
    longest = f"{LONGEST} ({pages[LONGEST].split('/')[1]})"

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        servers = {name: serve(site_dir) for name, (_, site_dir) in sites.items()}
        for name, (_, handler, base) in servers.items():
            for kind in FIRST_VISIT_PAGES:
                visit = first_visit_bytes(browser, base + pages[kind], handler)
                rows[name][f"first visit, {kind} page KB gzip"] = f"{visit / 1024:.1f}"
            visit = first_search_bytes(browser, base + pages[LONGEST], handler)
            rows[name][f"first visit and a first search, {LONGEST} page KB gzip"] = f"{visit / 1024:.1f}"
            if name == "ours":
                rows[name]["offline download (whole guide) KB gzip"] = f"{offline_download_bytes(browser, base, handler) / 1024:.0f}"
                rows[name]["offline copy stored KB"] = f"{offline_stored_bytes(sites['ours'][1]) / 1024:.0f}"
                sent, cold, warm = run_example(browser, base + RUN_PAGE, handler)
                rows[name]["first Run: runtime transferred, KB gzip"] = f"{sent / 1024:.0f}"
                rows[name]["first Run: click to output, ms (cold)"] = f"{cold:.0f}"
                rows[name]["second Run: click to output, ms (warm)"] = f"{warm:.0f}"
                rows[name]["printed week 1 with answers (A4)"] = printed(browser, base + "weeks/week-1/")
            latency, failures = search_latency_ms(browser, base)
            rows[name]["search ms (median, warm)"] = f"{latency:.0f}" + (f" ({failures} queries failed)" if failures else "")

        cold: dict[str, list[tuple[float | None, float | None]]] = {name: [] for name in sites}
        for _ in range(args.cold_search_runs):  # alternate, as the builds do
            for name, (_, _, base) in servers.items():
                cold[name].append(cold_search_ms(browser, base + pages[LONGEST]))
        for name, samples in cold.items():
            for position, what in enumerate(("first results", "results with answers' text")):
                times = [sample[position] for sample in samples]
                found = [time for time in times if time is not None]
                median = f"{statistics.median(found):.0f}" if found else "none"
                each = " ".join("-" if time is None else f"{time:.0f}" for time in times)
                rows[name][f"search ms, cold, {what} (median; {CPU_SLOWDOWN}x CPU, {longest})"] = median
                rows[name][f"search ms, cold, {what}, each run"] = each

        if not args.no_lighthouse:
            reports = {(name, kind): [] for name in sites for kind in pages}
            for _ in range(args.lighthouse_runs):
                for kind, path in pages.items():
                    for name, (_, _, base) in servers.items():
                        reports[name, kind].append(lighthouse(base + path, chromium))
            for (name, kind), runs in reports.items():
                label = longest if kind == LONGEST else kind
                scores = median_scores(runs)
                rows[name][f"Lighthouse {label} (perf/a11y/bp/seo)"] = "/".join(
                    f"{scores[key]:g}" for key in ("performance", "accessibility", "best-practices", "seo"))
                rows[name][f"Lighthouse {label}, performance of each run"] = " ".join(
                    str(run["performance"]) for run in runs)
        for server, _, _ in servers.values():
            server.shutdown()
        browser.close()
    rows["ours"]["own JS+CSS KB gzip"] = f"{own_assets_gzip_bytes(sites['ours'][1]) / 1024:.1f}"
    shutil.rmtree(work, ignore_errors=True)
    for kind in FIRST_VISIT_PAGES:
        key = f"first visit, {kind} page KB gzip"
        extra = float(rows["ours"][key]) - float(rows["plain Material"][key])
        rows["ours"][f"first visit, {kind} page, minus plain Material, KB"] = f"{extra:+.1f}"

    print("\n| figure | ours | plain Material | budget |\n|---|---|---|---|")
    budgets = {"build ratio": "<= 1.15", "own JS+CSS KB gzip": "<= 15", "search ms (median, warm)": "<= 100",
               "printed week 1 with answers (A4)": "0 under half full (the last page aside)",
               "first Run: runtime transferred, KB gzip": "none before a Run (on demand)"}
    budgets.update({f"first visit, {kind} page, minus plain Material, KB": "<= +15" for kind in FIRST_VISIT_PAGES})
    for key in dict.fromkeys([*rows["ours"], *rows["plain Material"]]):
        if key.endswith("(perf/a11y/bp/seo)"):
            budget = "perf >= plain's (100 if plain's is); 100/100/100 for the rest"
        elif key.startswith("search ms, cold, ") and "(median" in key:
            budget = "<= plain Material's"
        else:
            budget = budgets.get(key, "")
        print(f"| {key} | {rows['ours'].get(key, '')} | {rows['plain Material'].get(key, '')} | {budget} |")


if __name__ == "__main__":
    main()
