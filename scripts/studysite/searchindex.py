"""The search index without code-block noise.

Material's search plugin puts each section's full HTML text in
``search/search_index.json``: about a third of it is code blocks. With the
index's separator (whitespace and hyphens) code splits into tokens such as
``f"{row['id']}|{row['total']}"))``: two thirds of the index's distinct terms,
which nobody types, and every one of them costs the reader's browser time to
index before the first search can answer. Each code block is replaced by the
distinct names it uses that the section's prose does not already make findable
(``TestClient``, ``psycopg.connect``), so a search for an API that appears only
in code still finds its answer. Comments, printed output (``#>`` lines), string
literals and numbers are left out.
"""

from __future__ import annotations

import bisect
import hashlib
import html
import json
import re
from pathlib import Path

CODE_BLOCK = re.compile(r"\s*<pre>.*?</pre>\s*", re.S)
TAG = re.compile(r"<[^>]+>")
COMMENT = re.compile(r"#[^\n]*")  # Python and shell comments, and the docs' `#>` output lines
STRING = re.compile(r"'''.*?'''|\"\"\".*?\"\"\"|'[^'\n]*'|\"[^\"\n]*\"", re.S)
NAME = re.compile(r"[A-Za-z_][\w.]*\w")
SHORTEST_NAME = 3  # `i`, `df`, `x1`: loop variables, not what a reader searches for


def code_names(block_html: str) -> list[str]:
    """The names a code block uses, in order of first use, without comments and strings."""
    code = html.unescape(TAG.sub(" ", block_html))
    code = STRING.sub(" ", COMMENT.sub(" ", code))
    return [name for name in dict.fromkeys(NAME.findall(code)) if len(name) >= SHORTEST_NAME]


class _Findable:
    """Terms a query already reaches in a section: Material's search adds a trailing
    wildcard to every term, so a name is findable when some token starts with it."""

    def __init__(self, text: str, separator: re.Pattern):
        self.tokens = sorted({token.lower() for token in separator.split(TAG.sub(" ", text)) if token})

    def __contains__(self, name: str) -> bool:
        name = name.lower()
        at = bisect.bisect_left(self.tokens, name)
        return at < len(self.tokens) and self.tokens[at].startswith(name)

    def add(self, name: str) -> None:
        bisect.insort(self.tokens, name.lower())


def without_code_noise(text: str, title: str, separator: re.Pattern) -> str:
    """A section's indexed text with each code block cut down to the names only it holds."""
    findable = _Findable(title + " " + CODE_BLOCK.sub(" ", text), separator)

    def names_only(block: re.Match) -> str:
        names = [name for name in code_names(block.group(0)) if name not in findable]
        for name in names:
            findable.add(name)
        return f" <pre><code>{html.escape(' '.join(names))}</code></pre> " if names else " "

    return CODE_BLOCK.sub(names_only, text).strip()


def prune_index(index: dict) -> dict:
    separator = re.compile(index["config"]["separator"])
    for doc in index["docs"]:
        doc["text"] = without_code_noise(doc.get("text", ""), doc.get("title", ""), separator)
    return index


# Pruned indexes by the bytes they came from (and this module's code): a rebuild of
# the same content copies the result instead of pruning 800 sections again.
CACHE_DIR = Path(__file__).resolve().parents[2] / ".cache" / "search-index"


def prune_index_file(site_dir: Path) -> None:
    path = site_dir / "search" / "search_index.json"
    if not path.is_file():
        raise FileNotFoundError(f"{path}: the search plugin wrote no index; is `search` still in mkdocs.yml plugins?")
    source = path.read_bytes()
    key = hashlib.sha256(Path(__file__).read_bytes() + source).hexdigest()[:24]
    cached = CACHE_DIR / f"{key}.json"
    if cached.is_file():
        path.write_bytes(cached.read_bytes())
        return
    index = prune_index(json.loads(source.decode("utf-8")))
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    try:
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        for old in CACHE_DIR.glob("*.json"):  # keep one: the last build's
            old.unlink()
        cached.write_bytes(path.read_bytes())
    except OSError:
        pass  # a read-only checkout builds the same, only slower
