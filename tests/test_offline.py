"""The offline worker's file list, from the real build and from small sites."""

from __future__ import annotations

import json
import re

from bs4 import BeautifulSoup
from studysite import offline


def worker_manifest(site_dir) -> dict:
    first_line = (site_dir / offline.WORKER_FILE).read_text(encoding="utf-8").split("\n", 1)[0]
    return json.loads(first_line.removeprefix("const OFFLINE = ").removesuffix(";"))


def test_the_worker_lists_every_file_a_page_loads_and_nothing_nobody_requests(built_site):
    site = built_site.directory
    files = worker_manifest(site)["files"]
    pages = sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))
    assert {path for path, facts in files.items() if facts[0] == "pages"} == set(pages) - {"404.html"}
    for page in pages:
        soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
        for tag in soup.select("script[src], link[rel=stylesheet], link[rel=icon]"):
            url = (tag.get("src") or tag.get("href")).split("?")[0]
            target = (site / url.lstrip("/")) if url.startswith("/") else ((site / page).parent / url)
            assert target.resolve().relative_to(site.resolve()).as_posix() in files, f"{page}: {tag}"
    # What pages fetch from scripts: the search index and worker, the sitemap (instant
    # navigation), the page-specific scripts; the decks only if the reader asks.
    for path in ("search/search_index.json", "sitemap.xml", "assets/javascripts/search-worker.js",
                 "assets/javascripts/mock.js", "assets/javascripts/offline-control.js"):
        assert files[path][0] == "assets", path
    assert any(re.fullmatch(r"assets/javascripts/workers/search\.\w+\.min\.js", path) for path in files)
    assert {path for path, facts in files.items() if facts[0] == "decks"} == {
        path.relative_to(site).as_posix() for path in (site / "decks").glob("*.apkg")}
    # Source maps, English-only search's language packs, our joined sources: nobody requests them.
    assert not [path for path in files if path.endswith(".map") or "/lunr/" in path or path.endswith("/store.js")]
    assert not (site / "assets/javascripts/offline-worker.js").exists(), "the worker's source runs only with its list"


def test_the_version_and_hashes_follow_the_bytes(tmp_path):
    (tmp_path / "index.html").write_text("<h1>Home</h1>")
    (tmp_path / "topics").mkdir()
    (tmp_path / "topics/index.html").write_text("<h1>Topics</h1>")
    (tmp_path / "page.js.map").write_text("{}")
    (tmp_path / "assets/pyodide").mkdir(parents=True)
    (tmp_path / "assets/pyodide/pyodide.js").write_text("runtime")
    (tmp_path / "joined-source.js").write_text("source")
    (tmp_path / "site.js").write_text("site")

    def manifest():
        paths = offline.offline_files(tmp_path, {"joined-source.js"}, ["en"])
        return offline.build_manifest(tmp_path, paths)

    first = manifest()
    assert list(first["files"]) == ["index.html", "site.js", "topics/index.html"]
    assert first["files"]["index.html"][:2] == ["pages", len("<h1>Home</h1>")]
    assert first["files"]["site.js"][0] == "assets"
    assert manifest() == first, "the same bytes give the same version"
    (tmp_path / "topics/index.html").write_text("<h1>Topics!</h1>")
    second = manifest()
    assert second["version"] != first["version"]
    assert [path for path in first["files"] if first["files"][path] != second["files"][path]] == ["topics/index.html"]
