"""The search index without code-block noise (scripts/studysite/searchindex.py)."""

from __future__ import annotations

import json
import re

import pytest

from studysite.searchindex import code_names, prune_index, without_code_noise

SEPARATOR = re.compile(r"[\s\-]+")  # Material's default, as in the built index's config
CODE = ('<pre><code>import asyncio\n\nclass RateLimiter:  # allows &quot;limit&quot; calls\n'
        '    def __init__(self, limit: int) -&gt; None:\n        self.limit = limit\n\n'
        'print(RateLimiter(2).limit, &quot;calls per second&quot;, 3.5)\n#&gt; 2 calls per second 3.5\n'
        '</code></pre>')


def test_code_names_skip_comments_strings_output_numbers_and_short_names():
    assert code_names(CODE) == ["import", "asyncio", "class", "RateLimiter", "def", "__init__", "self",
                                "limit", "int", "None", "self.limit", "print"]


def test_a_code_block_keeps_only_the_names_the_prose_cannot_find():
    text = f"<p>Use <code>asyncio.run</code> to start a rate limit per client.</p> {CODE} <p>Done.</p>"
    pruned = without_code_noise(text, "How do you limit a client's calls?", SEPARATOR)
    # `asyncio` is a prefix of the prose token `asyncio.run`, `limit` is in the prose and the title.
    assert pruned == ("<p>Use <code>asyncio.run</code> to start a rate limit per client.</p> <pre><code>"
                      "import class RateLimiter def __init__ self int None self.limit print</code></pre> <p>Done.</p>")


def test_a_name_kept_from_one_block_is_not_repeated_for_the_next():
    text = f"<p>Two blocks.</p> {CODE} {CODE}"
    pruned = without_code_noise(text, "", SEPARATOR)
    assert pruned.count("RateLimiter") == 1
    assert pruned.count("<pre>") == 1  # the second block adds nothing: it is left out


def test_prune_index_touches_only_the_text_of_each_document():
    index = {"config": {"separator": r"[\s\-]+"}, "docs": [
        {"location": "a/#q", "title": "Q?", "text": f"<p>Prose.</p> {CODE}"},
        {"location": "a/", "title": "A", "text": ""},
    ]}
    pruned = prune_index(index)
    assert [doc["location"] for doc in pruned["docs"]] == ["a/#q", "a/"]
    assert "calls per second" not in pruned["docs"][0]["text"]
    assert "RateLimiter" in pruned["docs"][0]["text"]
    assert pruned["docs"][1]["text"] == ""


def test_a_rebuild_of_the_same_index_copies_the_pruned_one(tmp_path, monkeypatch):
    from studysite import searchindex
    monkeypatch.setattr(searchindex, "CACHE_DIR", tmp_path / "cache")
    raw = json.dumps({"config": {"separator": r"[\s\-]+"}, "docs": [
        {"location": "a/#q", "title": "Queues", "text": "<p>Use a deque.</p><pre><code>from collections import deque\n"
                                                         "# a comment\nqueue = deque()</code></pre>"}]})
    outputs = []
    for _ in range(2):
        site = tmp_path / f"site{len(outputs)}"
        (site / "search").mkdir(parents=True)
        (site / "search" / "search_index.json").write_text(raw)
        searchindex.prune_index_file(site)
        outputs.append((site / "search" / "search_index.json").read_text())
        monkeypatch.setattr(searchindex, "prune_index", lambda index: pytest.fail("pruned again"))
    assert outputs[0] == outputs[1] and "comment" not in outputs[1] and "collections" in outputs[1]
