"""Benchmark the site against plain Material for MkDocs on the same docs.

    make bench   (or: .venv/bin/python scripts/bench.py [--runs N] [--lighthouse-runs N])

Prints one table: build time, first-visit bytes of a topic and a week page
(gzip, every request including the search index), our own JS + CSS (gzip),
Lighthouse mobile scores per page type (median of runs, with each run's
performance score), warm search latency, and the in-browser runner: bytes of
the Pyodide runtime a first "Run" transfers (gzip), and the time from that
click to the output (cold) and of a second run (warm). The reference is the same docs
and macros built with `theme: material` and default settings (fonts off, as
this machine has no network). Figures only; the budgets live in DESIGN.md.
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
from conftest import CHROMIUM_ARGS, find_chromium, search  # noqa: E402

PAGES = {"home": "", "topic": "topics/08-asyncio/", "week": "weeks/week-3/", "study plan": "study-plan/"}
FIRST_VISIT_PAGES = ("topic", "week")
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


def lighthouse_median(url: str, chromium: str, runs: int) -> tuple[dict[str, float], list[int]]:
    """Median of each score over several runs (the performance score moves by a few
    points run to run on a small machine), and every performance score seen."""
    reports = [lighthouse(url, chromium) for _ in range(runs)]
    medians = {key: statistics.median(report[key] for report in reports) for key in reports[0]}
    return medians, [report["performance"] for report in reports]


# -- the report ---------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="builds of each site (median is reported)")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--lighthouse-runs", type=int, default=3, help="Lighthouse runs per page (median is reported)")
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

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        for name, (_, site_dir) in sites.items():
            server, handler, base = serve(site_dir)
            for kind in FIRST_VISIT_PAGES:
                visit = first_visit_bytes(browser, base + PAGES[kind], handler)
                rows[name][f"first visit, {kind} page KB gzip"] = f"{visit / 1024:.1f}"
            if name == "ours":
                sent, cold, warm = run_example(browser, base + RUN_PAGE, handler)
                rows[name]["first Run: runtime transferred, KB gzip"] = f"{sent / 1024:.0f}"
                rows[name]["first Run: click to output, ms (cold)"] = f"{cold:.0f}"
                rows[name]["second Run: click to output, ms (warm)"] = f"{warm:.0f}"
            latency, failures = search_latency_ms(browser, base)
            rows[name]["search ms (median, warm)"] = f"{latency:.0f}" + (f" ({failures} queries failed)" if failures else "")
            if not args.no_lighthouse:
                for kind, path in PAGES.items():
                    scores, performance_runs = lighthouse_median(base + path, chromium, args.lighthouse_runs)
                    rows[name][f"Lighthouse {kind} (perf/a11y/bp/seo)"] = "/".join(
                        f"{scores[key]:g}" for key in ("performance", "accessibility", "best-practices", "seo"))
                    rows[name][f"Lighthouse {kind}, performance of each run"] = " ".join(map(str, performance_runs))
            server.shutdown()
        browser.close()
    rows["ours"]["own JS+CSS KB gzip"] = f"{own_assets_gzip_bytes(sites['ours'][1]) / 1024:.1f}"
    shutil.rmtree(work, ignore_errors=True)
    for kind in FIRST_VISIT_PAGES:
        key = f"first visit, {kind} page KB gzip"
        extra = float(rows["ours"][key]) - float(rows["plain Material"][key])
        rows["ours"][f"first visit, {kind} page, minus plain Material, KB"] = f"{extra:+.1f}"

    print("\n| figure | ours | plain Material | budget |\n|---|---|---|---|")
    budgets = {"build ratio": "<= 1.15", "own JS+CSS KB gzip": "<= 15", "search ms (median, warm)": "<= 100"}
    budgets.update({f"first visit, {kind} page, minus plain Material, KB": "<= +15" for kind in FIRST_VISIT_PAGES})
    for key in dict.fromkeys([*rows["ours"], *rows["plain Material"]]):
        budget = budgets.get(key, "100/100/100/100" if key.endswith("(perf/a11y/bp/seo)") else "")
        print(f"| {key} | {rows['ours'].get(key, '')} | {rows['plain Material'].get(key, '')} | {budget} |")


if __name__ == "__main__":
    main()
