"""The offline copy of the guide: the service worker's versioned file list.

Written after the build from the files actually in the site directory, so the
list cannot drift from what is deployed. Each file carries its size, its gzip
size (what the reader downloads from a compressing host like GitHub Pages) and
a hash of its bytes; the version is a hash of the whole list. The worker
(docs/assets/javascripts/offline-worker.js) stores each file under its path and
hash, so no cache ever mixes two builds.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

WORKER_FILE = "offline-worker.js"  # at the site root: a worker controls only URLs below its own folder
HASH_LENGTH = 16  # hex digits of SHA-256: enough to tell two builds of a file apart
COMPRESSIBLE = {".html", ".js", ".css", ".json", ".xml", ".svg", ".txt"}
# What nobody's browser requests: source maps (developer tools only), the
# crawlers' compressed sitemap, the 404 page (served for URLs that do not exist),
# the Pyodide runtime (loaded on the first "Run" click, never offered offline).
SKIPPED_SUFFIXES = (".map", "sitemap.xml.gz")
SKIPPED_PATHS = ("404.html", WORKER_FILE)
SKIPPED_FOLDERS = ("assets/pyodide/",)
LUNR_LANGUAGES = "assets/javascripts/lunr/"  # Material's search loads these only for languages other than English
DECKS_FOLDER = "decks/"


def group_of(path: str) -> str:
    """pages: every HTML page; decks: the Anki decks (stored only if the reader asks);
    assets: the rest (styles, scripts, the search index, the sitemap)."""
    if path.endswith(".html"):
        return "pages"
    return "decks" if path.startswith(DECKS_FOLDER) else "assets"


def offline_files(site_dir: Path, not_requested: set[str], search_languages: list[str]) -> list[str]:
    """Paths (relative to the site root) of every file a reader's browser may request."""
    skipped_folders = SKIPPED_FOLDERS + ((LUNR_LANGUAGES,) if set(search_languages) <= {"en"} else ())
    paths = []
    for file in sorted(site_dir.rglob("*")):
        path = file.relative_to(site_dir).as_posix()
        if (not file.is_file() or path in not_requested or path in SKIPPED_PATHS
                or path.endswith(SKIPPED_SUFFIXES) or path.startswith(skipped_folders)):
            continue
        paths.append(path)
    return paths


def _describe(file: Path) -> tuple[int, int, str]:
    data = file.read_bytes()
    # zlib releases the GIL: the threads below compress in parallel.
    packed = len(gzip.compress(data, 6, mtime=0)) if file.suffix in COMPRESSIBLE else len(data)
    return len(data), packed, hashlib.sha256(data).hexdigest()[:HASH_LENGTH]


def build_manifest(site_dir: Path, paths: list[str]) -> dict:
    """{version, files: {path: [group, size, gzip size, hash]}}."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        described = list(pool.map(_describe, (site_dir / path for path in paths)))
    files = {path: [group_of(path), *facts] for path, facts in zip(paths, described, strict=True)}
    listing = "\n".join(f"{path} {facts[-1]}" for path, facts in files.items())
    return {"version": hashlib.sha256(listing.encode()).hexdigest()[:12], "files": files}


def offline_page(site_name: str) -> str:
    """What a page the browser never stored shows offline. Served by the worker from
    its own script (at any URL, so links resolve against a <base> it adds), never
    from a cache that could have lost it. Its colours follow the system's light or dark mode."""
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>Not stored for offline reading - {html.escape(site_name)}</title>"
        "<style>:root{color-scheme:light dark;font:1.05rem/1.6 system-ui,sans-serif;color:#1f1f1f;background:#fff}"
        "body{max-width:38rem;margin:3rem auto;padding:0 1rem}a{color:#2647a8}"
        "@media (prefers-color-scheme:dark){:root{color:#e3e3e3;background:#1e2129}a{color:#a3bcff}}"
        "</style></head><body><main>"
        "<h1>This page is not stored for offline reading</h1>"
        "<p>You are offline, and this browser has no copy of this page. The pages you have "
        "opened are kept for offline reading; <strong>Make available offline</strong> on the "
        "home page stores the whole guide.</p>"
        '<p><a href="./">Home page</a> · <a href="review/">Review</a></p>'
        "</main></body></html>"
    )


def worker_script(manifest: dict, page: str, worker_source: str) -> str:
    """The worker: its version and file list in front of its code."""
    data = dict(manifest, offlinePage=page)
    return f"const OFFLINE = {json.dumps(data, separators=(',', ':'))};\n{worker_source}"
