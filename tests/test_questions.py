"""Unit tests of the one question parser, on small pages and on the real docs."""

from __future__ import annotations

import textwrap

import pytest
from conftest import DOCS
from studysite.questions import (
    QuestionFormatError,
    all_questions,
    code_blocks,
    load_topic_pages,
    parse_page,
)

PAGE = textwrap.dedent('''\
    # 01 · Sample

    Intro with a fence that looks like a heading:

    ```text
    ### not a question
    ```

    ## Basics

    ### What is the GIL? { #gil data-difficulty="mid" }

    ??? answer "Answer"
        **Short answer.** A lock.

        ```python
        print(1)
        #> 1
        ```

    ### Second? { #second data-difficulty="senior" }

    ??? answer "Answer"
        Two.
    ''')


def test_parses_title_questions_and_metadata():
    title, questions = parse_page(PAGE, "topics/01-sample.md")
    assert title == "01 · Sample"
    assert [(q.id, q.title, q.difficulty, q.section) for q in questions] == [
        ("gil", "What is the GIL?", "mid", "Basics"),
        ("second", "Second?", "senior", "Basics"),
    ]
    assert questions[0].answer.startswith("**Short answer.** A lock.")
    assert questions[0].code_blocks[0].language == "python"
    assert questions[0].code_blocks[0].code == "print(1)\n#> 1\n"
    assert questions[1].answer == "Two."


@pytest.mark.parametrize(
    ("replace", "by", "message"),
    [
        ('{ #gil data-difficulty="mid" }', "", "question heading 'What is the GIL?' has no { #id }"),
        ('data-difficulty="mid"', 'data-difficulty="easy"', "needs data-difficulty set to one of junior, mid, senior"),
        ('#gil data', "#GIL_1 data", "question id 'GIL_1' must be lowercase kebab-case"),
        ('??? answer "Answer"\n    **Short', "Some text\n    **Short", "must be followed by '??? answer \"Answer\"'"),
        ('??? answer "Answer"\n    **Short', '???+ answer "Answer"\n    **Short', "must start closed"),
        ("## Basics\n", "", "is not under a '##' section heading"),
    ],
)
def test_format_errors_name_the_file_and_line(replace, by, message):
    broken = PAGE.replace(replace, by, 1)
    assert broken != PAGE
    with pytest.raises(QuestionFormatError, match=r"^topics/01-sample\.md:\d+: ") as raised:
        parse_page(broken, "topics/01-sample.md")
    assert message in str(raised.value)


def test_duplicate_ids_across_pages_are_rejected(tmp_path):
    topics = tmp_path / "topics"
    topics.mkdir()
    (topics / "01-a.md").write_text(PAGE)
    (topics / "02-b.md").write_text(PAGE.replace("01 · Sample", "02 · Other"))
    with pytest.raises(QuestionFormatError, match="question id 'gil' is already used at topics/01-a.md:11"):
        all_questions(load_topic_pages(tmp_path))


def test_code_blocks_are_dedented_with_language_and_line():
    blocks = code_blocks(PAGE)
    assert [(b.language, b.line) for b in blocks] == [("text", 5), ("python", 16)]


def test_real_docs_have_sixteen_pages_with_unique_ids():
    pages = load_topic_pages(DOCS)
    assert sorted(pages) == list(range(1, 17))
    questions = all_questions(pages)  # raises on a duplicate id
    for page in pages.values():
        assert page.title.startswith(f"{page.number:02d} · "), page.path
        assert len(page.questions) >= 6, f"{page.path} has {len(page.questions)} questions"
    assert len(questions) == sum(len(page.questions) for page in pages.values())
