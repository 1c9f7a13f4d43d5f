"""Unit tests of reading and annotating rendered pages (answers, marks, toolbar)."""

from __future__ import annotations

from studysite.rendered import LONG_CODE_LINES, add_study_controls, answer_spans, answers_from_html, mark_long_code_blocks

PAGE = (
    '<h1 id="t">Title</h1>\n<p>Intro.</p>\n'
    '<h3 data-difficulty="mid" id="first">First?</h3>\n'
    '<details class="answer">\n<summary>Answer</summary>\n<p>One.</p>\n'
    '<details class="note"><summary>Nested</summary><p>Inner.</p></details>\n<p>Still one.</p>\n</details>\n'
    '<h3 data-difficulty="junior" id="second">Second?</h3>\n'
    '<details class="answer">\n<summary>Answer</summary>\n<p>Two.</p>\n</details>\n'
    '<h3 id="not-a-question">Heading without an answer</h3>\n<p>Text.</p>\n'
)


def test_answers_keep_nested_details_and_skip_headings_without_answers():
    assert [span[0] for span in answer_spans(PAGE)] == ["first", "second"]
    answers = answers_from_html(PAGE)
    assert answers["first"].startswith("<p>One.</p>")
    assert answers["first"].endswith("<p>Still one.</p>")
    assert "<p>Inner.</p></details>" in answers["first"]
    assert answers["second"] == "<p>Two.</p>"


def test_marks_follow_each_answer_and_the_toolbar_follows_the_title():
    annotated = add_study_controls(PAGE, page_progress=True)
    assert annotated.count('class="marks"') == 2
    assert '<p>Still one.</p>\n</details><div class="marks" data-question="first" data-search-exclude>' in annotated
    assert '<p>Two.</p>\n</details><div class="marks" data-question="second"' in annotated
    assert annotated.index('<div class="page-tools"') == annotated.index("</h1>") + len("</h1>")
    assert 'data-progress-ids="first second" data-progress-label="This page"' in annotated
    assert 'aria-pressed="false">I know this</button>' in annotated
    assert "data-quiz>Quiz this page</button>" in annotated


def test_week_pages_get_no_page_progress_and_plain_pages_are_untouched():
    assert "data-progress-ids" not in add_study_controls(PAGE, page_progress=False)
    plain = '<h1 id="t">Title</h1>\n<p>No questions here.</p>'
    assert add_study_controls(plain, page_progress=True) == plain


def code_block(lines: int) -> str:
    body = "\n".join(f'<span class="n">line_{n}</span>' for n in range(lines))
    return f'<div class="language-python highlight"><pre><span></span><code>{body}\n</code></pre></div>'


def test_only_long_code_blocks_are_marked_for_print():
    short, long = code_block(LONG_CODE_LINES - 1), code_block(LONG_CODE_LINES)
    marked = mark_long_code_blocks(f"<p>Text.</p>{short}{long}")
    assert marked == "<p>Text.</p>" + short + long.replace("<pre>", '<pre class="long-code">')


def test_a_practice_block_between_heading_and_answer_keeps_the_question():
    starter = ('<div class="language-python highlight"><pre><span></span><code># practice\n'
               'def f(): ...\n</code></pre></div>\n')
    page = PAGE.replace('<h3 data-difficulty="junior" id="second">Second?</h3>\n',
                        '<h3 data-difficulty="junior" id="second">Second?</h3>\n' + starter)
    assert [span[0] for span in answer_spans(page)] == ["first", "second"]
    assert answers_from_html(page)["second"] == "<p>Two.</p>"  # the starter is not in the answer
    # The same once the build has wrapped the starter with its Run controls.
    wrapped = page.replace(starter, '<div class="practice">' + starter.strip() + '<div class="runner" data-run="3.14">'
                           '<button type="button">Run tests</button><div role="log"></div></div></div>\n')
    assert answers_from_html(wrapped)["second"] == "<p>Two.</p>"
    # A code block does not join a heading to an answer further down the page.
    loose = '<h3 id="x">X</h3>\n' + starter + "<p>Text.</p>\n" + starter + PAGE
    assert [span[0] for span in answer_spans(loose)] == ["first", "second"]
