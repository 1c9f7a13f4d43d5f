"""MkDocs hooks: work on the HTML MkDocs has just rendered.

The macros (scripts/studysite) render Markdown before MkDocs converts it; these
steps need the HTML after: the study controls written into every page with
questions, and the Anki decks built from the rendered answers. `mkdocs.yml`
lists this file under `hooks:`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import rcssmin
from mkdocs.config.config_options import ExtraScriptValue

sys.path.insert(0, str(Path(__file__).parent))  # hooks load before the macros add scripts/

from studysite import anki, diagrams, offline  # noqa: E402
from studysite.palette import prune_palette, used_colours  # noqa: E402
from studysite.searchindex import prune_index_file  # noqa: E402
from studysite.questions import question_ids_in  # noqa: E402
from studysite.rendered import add_study_controls, answers_from_html, mark_long_code_blocks  # noqa: E402
from studysite.runner import add_runners, save_cache  # noqa: E402
from studysite.runtimes import PYODIDE_PACKAGES  # noqa: E402
from studysite.site import load_site  # noqa: E402

DECKS_DIR = "decks"
SHIPPED_JS = "assets/javascripts/study-site.min.js"
SHIPPED_CSS = "assets/stylesheets/study-site.min.css"  # never written: its link becomes inline styles
OWN_STYLES_ID = "study-site-styles"
PAGE_SCRIPTS = ("mock.js", "offline-control.js")  # loaded by the pages that need them, not joined
OFFLINE_WORKER_SOURCE = "assets/javascripts/offline-worker.js"
PYODIDE_DIR = "assets/pyodide"  # one folder per Python version, served from the site's own host
# What a browser fetches of a Pyodide npm package (the rest is for Node or for types).
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
NODE_MODULES = Path(__file__).resolve().parent.parent / "node_modules"
_answers: dict[str, str] = {}
_sources: dict[str, list[str]] = {}  # shipped file -> the source files it joins, in order
_inline_styles: list[str] = []  # the <style> elements that replace the stylesheet links, per build
_inlined_files: set[str] = set()  # stylesheets no page links any more (their text is inline)
_PALETTE_LINK = re.compile(r'<link rel="stylesheet" href="[^"]*assets/stylesheets/(palette\.[0-9a-f]+\.min\.css)">\s*')
_OWN_LINK = re.compile(r'<link rel="stylesheet" href="[^"]*' + re.escape(SHIPPED_CSS) + '">')


def on_config(config):
    """Ship our feature scripts as one minified file and our styles inline.

    Each feature keeps its own source file; on a throttled phone every extra
    request delays the first paint, so the pages load one script and no extra
    stylesheet. Material still writes a link to SHIPPED_CSS where extra styles
    belong; inline_styles replaces it.
    """
    _sources[SHIPPED_JS] = [str(script) for script in config.extra_javascript]
    _sources[SHIPPED_CSS] = list(config.extra_css)
    # ```dot blocks become inline SVG diagrams (registered here, where scripts/ is importable).
    superfences = config.mdx_configs.setdefault("pymdownx.superfences", {})
    superfences.setdefault("custom_fences", []).append(
        {"name": "dot", "class": "diagram", "format": diagrams.fence_format})
    shipped = ExtraScriptValue(SHIPPED_JS)
    shipped.defer = True  # like each source: it needs only Material's document$
    config.extra_javascript = [shipped]
    config.extra_css = [SHIPPED_CSS]
    return config


def on_pre_build(config) -> None:
    _answers.clear()  # `mkdocs serve` rebuilds in the same process
    _inline_styles.clear()
    _inlined_files.clear()


def inline_styles(html: str, config) -> str:
    """Put Material's palette styles and ours inline, where our stylesheet link was.

    Each render-blocking stylesheet costs a round trip before first paint on a
    slow phone (Lighthouse measured about 150 ms for these two small files); the
    two together are about 3 KB gzip per page (the palette cut to the colours this
    site uses: studysite/palette.py). Material's main stylesheet stays a cached file.
    """
    palette = _PALETTE_LINK.search(html)
    if not _OWN_LINK.search(html) or not palette:
        raise ValueError("build_hooks: Material's stylesheet links changed; cannot inline styles")
    if not _inline_styles:
        candidates = (Path(folder, "assets/stylesheets", palette.group(1)) for folder in config.theme.dirs)
        palette_css = next(path for path in candidates if path.is_file())
        own_css = "".join((Path(config.docs_dir) / source).read_text(encoding="utf-8") + "\n"
                          for source in _sources[SHIPPED_CSS])
        colours = used_colours(config.theme.get("palette"))
        palette_text = prune_palette(strip_source_map(palette_css.read_text(encoding="utf-8")), colours)
        _inline_styles.append(f"<style>{palette_text}</style>")
        _inline_styles.append(f'<style id="{OWN_STYLES_ID}">{rcssmin.cssmin(own_css)}</style>')
        _inlined_files.add(f"assets/stylesheets/{palette.group(1)}")
    html = _PALETTE_LINK.sub("", html, count=1)
    return _OWN_LINK.sub(lambda _: "".join(_inline_styles), html, count=1)


def strip_source_map(css: str) -> str:
    return re.sub(r"/\*# sourceMappingURL=[^*]*\*/", "", css).strip()


def on_post_page(output: str, page, config) -> str:
    return inline_styles(output, config)


def on_post_template(output: str, template_name: str, config) -> str:
    return inline_styles(output, config) if template_name == "404.html" else output


def on_page_content(html: str, page, config, files) -> str:
    if page.file.src_uri.startswith("topics/"):
        _answers.update(answers_from_html(html))
    # Week pages show the week's progress from the plan data instead of the page's.
    # Only real questions get marks: a raw <h3 id> in the Markdown is not one.
    html = add_study_controls(html, page_progress=not page.file.src_uri.startswith("weeks/"),
                              question_ids=question_ids_in(page.markdown))
    html = add_runners(html, page.markdown)
    return mark_long_code_blocks(html)  # after the decks took the answers: cards keep plain <pre>


def on_post_build(config) -> None:
    site = load_site(Path(config.config_file_path).parent, Path(config.docs_dir))
    anki.write_decks(site, config.site_url or "/", _answers, Path(config.site_dir) / DECKS_DIR)
    ship_own_assets(Path(config.docs_dir), Path(config.site_dir))
    prune_index_file(Path(config.site_dir))  # hooks run after plugins: the search plugin has written it
    write_offline_worker(config)
    ship_pyodide(Path(config.site_dir))
    save_cache()


def ship_pyodide(site_dir: Path) -> None:
    """Copy the pinned Pyodide runtimes (npm, package-lock.json) into the site.

    Readers fetch them on their first "Run" only (runner-worker.js), from this host:
    Pyodide's default indexURL is a CDN, which the site never uses.
    """
    for version, package in PYODIDE_PACKAGES.items():
        source = NODE_MODULES / package
        if not source.is_dir():
            raise RuntimeError(f"build_hooks: {source} is missing; run `npm ci` (the Makefile's targets do)")
        target = site_dir / PYODIDE_DIR / version
        target.mkdir(parents=True, exist_ok=True)
        for name in PYODIDE_FILES:
            shutil.copyfile(source / name, target / name)


def ship_own_assets(docs_dir: Path, site_dir: Path) -> None:
    """Join and minify our scripts (Material's are already); sources stay readable.

    Each feature runs in its own try block: a feature that throws while loading
    is reported (re-thrown on a timer, so it still shows as an uncaught error)
    and the features after it still load. Our styles ship inline (see
    inline_styles).
    """
    joined = "".join(isolated_feature(source, (docs_dir / source).read_text(encoding="utf-8"))
                     for source in _sources[SHIPPED_JS])
    (site_dir / SHIPPED_JS).write_text(minify_js(joined), encoding="utf-8")
    # Loaded on their own: the search worker by the worker, the page scripts by their pages only,
    # the runner's controls on the first click or edit, its worker on the first "Run".
    for name in ("search-worker.js", *PAGE_SCRIPTS, "runner-ui.js", "runner-worker.js"):
        script = site_dir / "assets/javascripts" / name
        script.write_text(minify_js(script.read_text(encoding="utf-8")), encoding="utf-8")


def write_offline_worker(config) -> None:
    """The service worker for offline reading, with the list of the files this
    build wrote that a reader's browser may request (studysite/offline.py)."""
    site_dir = Path(config.site_dir)
    (site_dir / OFFLINE_WORKER_SOURCE).unlink(missing_ok=True)  # it runs only with the file list in front
    search = config.plugins.get("material/search")
    languages = list(search.config.lang or ["en"]) if search else []
    not_requested = {*_sources[SHIPPED_JS], *_sources[SHIPPED_CSS], *_inlined_files}
    paths = offline.offline_files(site_dir, not_requested, languages)
    manifest = offline.build_manifest(site_dir, paths)
    source = (Path(config.docs_dir) / OFFLINE_WORKER_SOURCE).read_text(encoding="utf-8")
    script = offline.worker_script(manifest, offline.offline_page(config.site_name), minify_js(source))
    (site_dir / offline.WORKER_FILE).write_text(script, encoding="utf-8")


def isolated_feature(name: str, source: str) -> str:
    return (f"try {{\n{source}\n}} catch (error) {{\n"
            f"  setTimeout(() => {{ throw new Error({name!r} + \" failed to load: \" + error, {{ cause: error }}); }});\n}}\n")


def esbuild_path() -> Path:
    """The esbuild binary that `npm ci` installs from package-lock.json."""
    local = NODE_MODULES / ".bin" / "esbuild"
    found = local if local.exists() else shutil.which("esbuild")
    if not found:
        raise RuntimeError("build_hooks: esbuild is missing; run `npm ci` (the Makefile's targets do)")
    return Path(found)


def minify_js(source: str) -> str:
    """Minify with esbuild, a parser-based minifier: unlike the regex-based rjsmin
    we used before, it keeps the text of (nested) template literals intact."""
    result = subprocess.run([str(esbuild_path()), "--minify", "--loader=js", "--log-level=error"],
                            input=source, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"build_hooks: esbuild could not minify our scripts:\n{result.stderr}")
    return result.stdout
