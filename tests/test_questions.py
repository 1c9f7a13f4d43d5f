"""Unit tests of the one question parser, on small pages and on the real docs."""

from __future__ import annotations

import textwrap

import check_page
import pytest
from conftest import DOCS
from studysite.questions import (
    QuestionFormatError,
    all_questions,
    code_blocks,
    load_topic_pages,
    parse_page,
    question_ids_in,
)
from studysite.rendered import add_study_controls, answers_from_html

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


# -- authoring mistakes that used to pass or mislead (reliability review, probe 2) --------

def broken_page(replace: str, by: str, count: int = 1) -> str:
    page = PAGE.replace(replace, by, count)
    assert page != PAGE
    return page


def format_error(markdown: str) -> str:
    with pytest.raises(QuestionFormatError) as raised:
        parse_page(markdown, "topics/01-sample.md")
    return str(raised.value)


UNINDENTED_REST = PAGE.replace("    Two.\n", "    Two.\n\nThe rest of the answer, not indented.\n")
TAB_ANSWER = PAGE.replace("    Two.\n", "\tTwo.\n")
TAB_LATER = PAGE.replace("    Two.\n", "    Two.\n\n\tMore, indented with a tab.\n")
RAW_H3 = PAGE.replace("## Basics\n", '## Basics\n\n<h3 id="raw">A raw heading</h3>\n')
RAW_H3_AFTER_ANSWER = PAGE + '\n<h3 id="raw">A raw heading</h3>\n'
UNCLOSED_TOP = PAGE.replace("### not a question\n```\n", "### not a question\n")
UNCLOSED_IN_ANSWER = PAGE.replace("    #> 1\n    ```\n", "    #> 1\n")
UNCLOSED_THEN_NEXT = PAGE.replace(
    "    #> 1\n    ```\n",
    "    #> 1\n\n    More text.\n\n    ```python\n    print(2)\n    ```\n",
)

NEW_FORMAT_ERRORS = {
    "duplicate id on one page": (
        broken_page('#second data', "#gil data"),
        "topics/01-sample.md:21: question id 'gil' is already used at topics/01-sample.md:11",
    ),
    "answer indented only partly": (
        UNINDENTED_REST,
        "topics/01-sample.md:26: answer of 'second' continues unindented here: indent the whole answer by 4 spaces",
    ),
    "answer indented with tabs": (
        TAB_ANSWER,
        "topics/01-sample.md:24: answer of 'second': indent the answer with 4 spaces, not tabs",
    ),
    "answer continued with a tab": (
        TAB_LATER,
        "topics/01-sample.md:26: answer of 'second' continues unindented here: "
        "indent the whole answer with 4 spaces, not tabs",
    ),
    "id with a space": (
        broken_page("#gil data", "#gil the-gil data"),
        "topics/01-sample.md:11: question heading 'What is the GIL?' has a stray 'the-gil' in "
        '{ #gil the-gil data-difficulty="mid" }',
    ),
    "unquoted value": (
        broken_page('data-difficulty="mid"', "data-difficulty=mid"),
        "has a stray 'data-difficulty=mid' in { #gil data-difficulty=mid }: only #id, .class and "
        'key="value" belong there (quote the value)',
    ),
    "two ids": (
        broken_page("#gil data", "#gil #the-gil data"),
        "topics/01-sample.md:11: question heading 'What is the GIL?' has 2 ids (#gil, #the-gil); "
        "a question has exactly one",
    ),
    "raw h3 between questions": (RAW_H3, "topics/01-sample.md:11: a raw <h3> id 'raw' on a topic page is not a question"),
    "raw h3 after an answer": (RAW_H3_AFTER_ANSWER, "topics/01-sample.md:26: a raw <h3> id 'raw' on a topic page"),
    "unclosed fence at the top level": (
        UNCLOSED_TOP,
        "topics/01-sample.md:5: code fence '```' is never closed before the end of the page",
    ),
    "unclosed fence in an answer": (
        UNCLOSED_IN_ANSWER,
        "topics/01-sample.md:16: code fence '```' in the answer of 'gil' is never closed before it ends; "
        "close it with '```'",
    ),
    "unclosed fence followed by the next block": (
        UNCLOSED_THEN_NEXT,
        "topics/01-sample.md:16: code fence '```' in the answer of 'gil' is not closed before line 22 opens another "
        "('```python')",
    ),
}


@pytest.mark.parametrize("case", NEW_FORMAT_ERRORS, ids=list(NEW_FORMAT_ERRORS))
def test_authoring_mistakes_fail_with_file_line_and_id(case):
    markdown, message = NEW_FORMAT_ERRORS[case]
    assert message in format_error(markdown)


def test_fences_of_other_lengths_and_characters_stay_inside_the_block():
    nested = PAGE.replace(
        "```text\n### not a question\n```\n",
        "````markdown\n```python\nprint('shown, not run')\n```\n````\n\n~~~text\n```\n~~~\n",
    )
    title, questions = parse_page(nested, "topics/01-sample.md")
    assert [q.id for q in questions] == ["gil", "second"]
    assert [(b.language, b.code) for b in code_blocks(nested)][:2] == [
        ("markdown", "```python\nprint('shown, not run')\n```\n"),
        ("text", "```\n"),
    ]


def test_code_blocks_names_the_file_and_line_of_an_unclosed_fence():
    with pytest.raises(QuestionFormatError, match=r"^docs/x\.md:16: code fence '```' is never closed"):
        code_blocks(UNCLOSED_IN_ANSWER, "docs/x.md")


def test_question_ids_in_markdown_skip_raw_html_and_fences():
    markdown = RAW_H3 + '\n```text\n### In a fence { #fenced }\n```\n'
    assert question_ids_in(markdown) == {"gil", "second"}
    week = '## Key questions { data-search-exclude }\n\n### Q? { #gil data-difficulty="mid" data-search-exclude }\n'
    assert question_ids_in(week) == {"gil"}


def test_only_real_questions_get_study_controls():
    html = (
        '<h1 id="t">T</h1>\n'
        '<h3 id="gil" data-difficulty="mid">Q?</h3>\n<details class="answer">\n<summary>Answer</summary>\n'
        "<p>A.</p>\n</details>\n"
        '<h3 id="raw">Raw</h3>\n<details class="answer">\n<summary>Answer</summary>\n<p>B.</p>\n</details>\n'
    )
    annotated = add_study_controls(html, page_progress=True, question_ids={"gil"})
    assert 'data-question="gil"' in annotated
    assert 'data-question="raw"' not in annotated
    assert 'data-progress-ids="gil"' in annotated
    assert list(answers_from_html(html, {"gil"})) == ["gil"]
    # Without the ids, today's behaviour: every <h3 id> followed by an answer.
    assert 'data-question="raw"' in add_study_controls(html, page_progress=True)


# -- make check-pages: the same parser, plus ids across every topic page ----------------

class NoServices:
    def env_for(self, code: str) -> dict[str, str]:
        return {}


def topic_docs(tmp_path, **pages: str):
    topics = tmp_path / "docs" / "topics"
    topics.mkdir(parents=True)
    for name, text in pages.items():
        (topics / f"{name}.md").write_text(text, encoding="utf-8")
    return tmp_path / "docs"


def test_check_pages_finds_an_id_used_on_another_page(tmp_path, capsys):
    docs = topic_docs(tmp_path, **{"01-a": PAGE, "02-b": PAGE.replace("#second", "#other")})
    assert check_page.check(docs / "topics" / "02-b.md", NoServices(), docs) == 1
    out = capsys.readouterr().out
    assert f"FORMAT {docs}/topics/02-b.md:11: question id 'gil' is already used at topics/01-a.md:11" in out


def test_check_pages_finds_a_duplicate_on_the_page_itself(tmp_path, capsys):
    docs = topic_docs(tmp_path, **{"01-a": PAGE.replace("#second", "#gil")})
    assert check_page.check(docs / "topics" / "01-a.md", NoServices(), docs) == 1
    assert "01-a.md:21: question id 'gil' is already used at " in capsys.readouterr().out


def test_check_pages_still_compares_ids_when_another_page_is_half_written(tmp_path, capsys):
    other = PAGE.replace("#gil", "#unique").replace("#second", "#also-unique").replace(
        "    Two.\n", "\tTwo.\n")
    docs = topic_docs(tmp_path, **{"01-a": PAGE, "02-b": other})
    assert check_page.check(docs / "topics" / "01-a.md", NoServices(), docs) == 0
    out = capsys.readouterr().out
    assert "note   ids not compared with a page that does not parse: topics/02-b.md:24:" in out
    assert "2 questions" in out


def test_check_pages_and_the_build_agree_on_an_unclosed_fence(tmp_path, capsys):
    docs = topic_docs(tmp_path, **{"01-a": UNCLOSED_TOP})
    assert check_page.check(docs / "topics" / "01-a.md", NoServices(), docs) == 1
    assert "01-a.md:5: code fence '```' is never closed" in capsys.readouterr().out
    with pytest.raises(QuestionFormatError, match="topics/01-a.md:5: code fence '```' is never closed"):
        load_topic_pages(docs)


# -- practice problems ("Your turn"): a # practice block between heading and answer ------

PRACTICE_PAGE = textwrap.dedent('''\
    # 13 · Sample

    ## Your turn: practice problems

    ### Your turn: add { #practice-add data-difficulty="junior" }

    ```python
    # practice
    def add(a: int, b: int) -> int:
        """Return a + b."""
        ...


    CASES = [((1, 2), 3), ((0, 0), 0), ((-1, 1), 0), ((5, -7), -2), ((1000000, 1), 1000001)]
    ```

    ??? answer "Worked solution"
        **Short answer.** Add them.

        ```python
        def add(a: int, b: int) -> int:
            return a + b


        CASES = [((1, 2), 3), ((0, 0), 0), ((-1, 1), 0), ((5, -7), -2), ((1000000, 1), 1000001)]
        for args, expected in CASES:
            assert add(*args) == expected
        ```

    ### Plain? { #plain data-difficulty="mid" }

    ??? answer "Answer"
        Plain.
    ''')


def test_a_practice_block_belongs_to_its_question():
    _, (practice, plain) = parse_page(PRACTICE_PAGE, "topics/13-sample.md")
    assert practice.practice.code.startswith("# practice\ndef add(")
    assert practice.practice.line == 7 and practice.practice.language == "python"
    assert practice.answer.startswith("**Short answer.** Add them.")  # the starter is not part of the answer
    assert practice.practice_solution.code.startswith("def add(a: int, b: int) -> int:\n    return a + b")
    assert plain.practice is None and plain.practice_solution is None


PRACTICE_ERRORS = {
    "another block before the answer": (
        ("```python\n# practice\n", "```python\n# not practice\n"),
        "topics/13-sample.md:7: question 'practice-add' must be followed by its '??? answer'; only a python "
        "block whose first line is '# practice' may come between them"),
    "a body that is not ...": (
        ('    """Return a + b."""\n    ...\n', '    """Return a + b."""\n    return 0\n'),
        "topics/13-sample.md:7: practice block of 'practice-add': the body of add() must be '...'"),
    "too few cases": (
        (", ((1000000, 1), 1000001)]\n```", "]\n```"),
        "practice block of 'practice-add' has 4 CASES; at least 5"),
    "a case that is not a plain literal": (
        ("((1000000, 1), 1000001)]\n```", "((10**6, 1), 1000001)]\n```"),
        "needs CASES = [((args...), expected), ...] of plain literals (the browser shows them): "
        "((10 ** 6, 1), 1000001) (its line 7) is not one"),
    "cases that are not pairs of args and expected": (
        ("CASES = [((1, 2), 3),", "CASES = [(1, 3),"),
        "each of CASES is a pair (args_tuple, expected)"),
    "no worked solution": (
        ("    def add(a: int, b: int) -> int:\n        return", "    def plus(a: int, b: int) -> int:\n        return"),
        "its answer needs a worked solution, a python block that defines add() first and checks it against "
        "the same CASES"),
    "the solution checks other cases": (
        ("    CASES = [((1, 2), 3),", "    CASES = [((1, 2), 4),"),
        "the worked solution (line 20) must check the same CASES as the practice block"),
}


@pytest.mark.parametrize("case", PRACTICE_ERRORS, ids=list(PRACTICE_ERRORS))
def test_practice_format_mistakes_fail_with_file_line_and_id(case):
    (old, new), message = PRACTICE_ERRORS[case]
    assert old in PRACTICE_PAGE
    with pytest.raises(QuestionFormatError) as raised:
        parse_page(PRACTICE_PAGE.replace(old, new, 1), "topics/13-sample.md")
    assert message in str(raised.value)


def test_check_pages_rejects_what_the_build_rejects_in_a_practice_block(tmp_path, capsys):
    broken = PRACTICE_PAGE.replace(", ((1000000, 1), 1000001)]\n```", "]\n```", 1)
    docs = topic_docs(tmp_path, **{"13-sample": broken})
    assert check_page.check(docs / "topics" / "13-sample.md", NoServices(), docs) == 1
    assert "FORMAT" in capsys.readouterr().out
    with pytest.raises(QuestionFormatError, match="has 4 CASES"):
        load_topic_pages(docs)  # what the build's parser says
