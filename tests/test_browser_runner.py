"""Run and edit examples in real Chromium: Pyodide from the site's own host, in a worker."""

from __future__ import annotations

import json
import time

import pytest
from conftest import DOCS
from playwright.sync_api import expect
from studysite.examples import PYTHON_LANGUAGES, expected_output
from studysite.questions import code_blocks, load_topic_pages
from studysite.runtimes import browser_runtime
from test_browser_accessibility import violations

pytestmark = pytest.mark.browser
COLD_START_MS = 90_000  # the first Run loads about 13 MB of runtime; a busy 2-core machine is slow
RUNTIME_PATH = "/assets/pyodide/"
PRACTICE_PAGE = "topics/13-leetcode-patterns/"


def runnable_codes(page_md: str) -> list[str]:
    """The page's python blocks the classifier lets a browser run, in page order."""
    text = (DOCS / page_md).read_text(encoding="utf-8")
    return [block.code for block in code_blocks(text)
            if block.language in PYTHON_LANGUAGES and browser_runtime(block.code)]


def runner_for(page, code: str):
    """The Run controls of the block whose text is ``code``, with its answer opened."""
    find = """code => [...document.querySelectorAll('.runner[data-run]')]
              .findIndex(r => r.previousElementSibling.querySelector('code').textContent.trim() === code.trim())"""
    page.wait_for_function(f"code => ({find})(code) >= 0", arg=code, timeout=10_000)  # after an instant navigation too
    index = page.evaluate(find, code)
    runner = page.locator(".runner[data-run]").nth(index)
    runner.evaluate("r => { const d = r.closest('details'); if (d) d.open = true; }")
    return runner


def editor(runner):
    return runner.locator("xpath=preceding-sibling::div[1]").locator("code")


def wait_finished(runner, timeout=COLD_START_MS):
    expect(runner.locator("[data-runner=status]")).to_contain_text("Finished", timeout=timeout)


def output_text(runner) -> str:
    """What the run printed: empty when it printed nothing."""
    pre = runner.locator("[data-runner=output] pre")
    return pre.inner_text().rstrip("\n") if pre.count() else ""


def replace_code(runner, code: str) -> None:
    box = editor(runner)
    box.click()
    box.press("Control+a")
    box.press("Delete")
    box.page.keyboard.insert_text(code)


def runtime_requests(page) -> list[str]:
    return [url for url in page.request_log.urls if RUNTIME_PATH in url or "runner-worker" in url]


def test_no_runtime_is_requested_before_the_first_run(page, site_url):
    page.goto(site_url + "topics/01-objects-and-functions/")
    page.wait_for_load_state("networkidle")
    expect(page.locator(".runner[data-run] [data-runner=run]").first).to_be_attached()
    assert page.locator(".runner[data-run]").count() == len(runnable_codes("topics/01-objects-and-functions.md"))
    page.locator("details.answer").first.evaluate("d => d.open = true")
    page.wait_for_timeout(500)
    assert runtime_requests(page) == []
    assert page.locator("code[contenteditable]").count() > 0  # editable before any run


def test_run_shows_exactly_the_examples_output_and_runs_the_edited_code(page, site_url):
    code = next(code for code in runnable_codes("topics/04-classes-and-objects.md") if expected_output(code))
    page.goto(site_url + "topics/04-classes-and-objects/")
    runner = runner_for(page, code)
    runner.get_by_role("button", name="Run").click()
    wait_finished(runner)
    assert output_text(runner) == expected_output(code)
    assert "Python 3.14 in this browser" in runner.locator("[data-runner=status]").inner_text()

    replace_code(runner, "")
    page.keyboard.type("total = sum(range(10))\nprint('edited', total // 1)  # s/n/p\n")  # Material's shortcut keys
    expect(page.locator(".md-search__input")).not_to_be_focused()  # type into the code, not the search box
    expect(runner.get_by_role("button", name="Reset")).to_be_visible()
    editor(runner).press("Control+Enter")  # the keyboard shortcut runs it too
    wait_finished(runner, timeout=30_000)
    assert output_text(runner) == "edited 45"

    replace_code(runner, "print('before')\n1 / 0\n")
    runner.get_by_role("button", name="Run").click()
    wait_finished(runner, timeout=30_000)
    shown = output_text(runner)
    assert shown.startswith("before\nTraceback (most recent call last):")
    assert shown.endswith("ZeroDivisionError: division by zero")
    assert 'File "<example>", line 2' in shown and "_harness" not in shown  # the reader's frames only
    expect(runner.locator(".runner__stderr").first).to_contain_text("Traceback")

    runner.get_by_role("button", name="Reset").click()
    expect(runner.get_by_role("button", name="Reset")).to_be_hidden()
    assert editor(runner).inner_text().strip() == code.strip()
    expect(runner.get_by_role("button", name="Run")).to_be_focused()

    runtime = [url for url in runtime_requests(page) if RUNTIME_PATH in url]
    assert any(url.endswith("/assets/pyodide/3.14/pyodide.asm.wasm") for url in runtime)
    assert all(url.startswith(site_url) for url in runtime_requests(page))
    assert page.request_log.foreign("127.0.0.1") == []


def test_stop_ends_a_runaway_loop_and_the_next_run_starts_fresh(page, site_url):
    closed = []
    page.on("worker", lambda worker: worker.on("close", lambda gone: closed.append(gone.url)))
    page.goto(site_url + "topics/01-objects-and-functions/")
    runner = runner_for(page, runnable_codes("topics/01-objects-and-functions.md")[0])
    replace_code(runner, "print('looping')\nwhile True:\n    pass\n")
    runner.get_by_role("button", name="Run").click()
    expect(runner.locator("[data-runner=status]")).to_have_text("Running…", timeout=COLD_START_MS)
    page.wait_for_timeout(500)
    assert page.evaluate("1 + 1") == 2  # the page is responsive while Python spins
    stop = runner.get_by_role("button", name="Stop")
    stopped = time.monotonic()
    stop.click()
    expect(runner.locator("[data-runner=status]")).to_have_text("Stopped.", timeout=1000)
    assert time.monotonic() - stopped < 1
    expect(stop).to_be_hidden()
    expect(runner.get_by_role("button", name="Run")).to_be_focused()  # focus was on Stop
    assert output_text(runner) == "looping"
    for _ in range(50):  # Chromium reports the thread gone a moment later (1-2 s on a busy machine)
        if any(url.endswith("runner-worker.js") for url in closed):
            break
        page.wait_for_timeout(100)
    assert any(url.endswith("runner-worker.js") for url in closed)  # the spinning worker is gone

    replace_code(runner, "print('again')\n")
    runner.get_by_role("button", name="Run").click()
    wait_finished(runner)
    assert output_text(runner) == "again"


def practice_question():
    questions = load_topic_pages(DOCS)[13].questions
    return next(question for question in questions if question.practice)


def test_practice_problem_shows_failing_cases_and_the_reference_passes_axe_clean(page, site_url):
    question = practice_question()
    solution = next(block.code for block in question.code_blocks if "CASES" in block.code)
    page.goto(site_url + PRACTICE_PAGE + "#" + question.id)
    runner = page.locator(f"#{question.id} + .practice .runner")
    assert runner.get_attribute("data-practice")
    run_tests = runner.get_by_role("button", name="Run tests")
    run_tests.click()
    status = runner.locator("[data-runner=status]")
    expect(status).to_contain_text("cases pass", timeout=COLD_START_MS)
    cases = runner.locator(".runner__cases li")
    assert status.inner_text().startswith(f"0 of {cases.count()} cases pass")
    assert cases.count() >= 5
    first = cases.first.inner_text()
    assert first.startswith("fail ") and ": expected " in first and first.endswith(", got None")

    for scheme in ("light", "dark"):  # the editor and the output open
        page.emulate_media(color_scheme=scheme)
        expect(page.locator("body")).to_have_attribute(
            "data-md-color-scheme", "slate" if scheme == "dark" else "default")
        found = violations(page)
        assert found == [], json.dumps(found, indent=1)

    replace_code(runner, solution)
    run_tests.click()
    expect(status).to_contain_text(f"All {cases.count()} cases pass", timeout=30_000)
    assert all(item.startswith("pass ") for item in cases.all_inner_texts())
    assert "all" in output_text(runner) and "cases pass" in output_text(runner)  # the solution's own print


def test_every_page_with_runnable_examples_runs_one_after_instant_navigation(page, site_url):
    """One worker per Python version survives Material's instant navigation: each page's
    first runnable block runs warm and prints exactly its #> lines."""
    pages = sorted(path.relative_to(DOCS).as_posix() for path in (DOCS / "topics").glob("*.md"))
    checked = []
    page.goto(site_url)
    for page_md in pages:
        codes = [code for code in runnable_codes(page_md) if browser_runtime(code) == "3.14"]
        if not codes:
            continue
        url = site_url + page_md.removesuffix(".md") + "/"
        page.evaluate("url => { const a = document.createElement('a'); a.href = url; a.textContent = 'go';"
                      " document.querySelector('article').append(a); a.click(); }", url)
        page.wait_for_url(url)
        runner = runner_for(page, codes[0])
        runner.get_by_role("button", name="Run").click()
        wait_finished(runner)
        assert output_text(runner) == expected_output(codes[0]), page_md
        checked.append(page_md)
    assert len(checked) >= 12
    workers = [url for url in page.request_log.urls if url.endswith("runner-worker.js")]
    assert len(workers) == 1  # instant navigation kept the warm worker


def test_an_asyncio_example_runs_through_stack_switching(page, site_url):
    """asyncio.run() needs JSPI: the worker calls such code with callPromising."""
    page_md = "topics/08-asyncio.md"
    code = next(code for code in runnable_codes(page_md) if "asyncio.run(" in code and expected_output(code))
    page.goto(site_url + page_md.removesuffix(".md") + "/")
    runner = runner_for(page, code)
    runner.get_by_role("button", name="Run").click()
    wait_finished(runner)
    assert output_text(runner) == expected_output(code)
    # The same worker still runs plain code afterwards (called without stack switching).
    replace_code(runner, "print(sum(range(10)))")
    runner.get_by_role("button", name="Run").click()
    expect(runner.locator("[data-runner=output] pre")).to_have_text("45", timeout=30_000)


def test_a_python_315_block_runs_on_pyodide_315(page, site_url):
    page_md, code = next((page_md, code) for page_md in
                         sorted(p.relative_to(DOCS).as_posix() for p in (DOCS / "topics").glob("*.md"))
                         for code in runnable_codes(page_md) if browser_runtime(code) == "3.15")
    page.goto(site_url + page_md.removesuffix(".md") + "/")
    runner = runner_for(page, code)
    assert runner.get_attribute("data-run") == "3.15"
    runner.get_by_role("button", name="Run").click()
    wait_finished(runner)
    assert output_text(runner) == expected_output(code)
    assert any("/assets/pyodide/3.15/" in url for url in page.request_log.urls)


def test_practice_questions_keep_the_quiz_search_and_review_answers(page, site_url):
    """The starter sits between a practice question's heading and its answer; the scripts that
    pair a heading with its answer step over it."""
    question = practice_question()
    page.goto(site_url + PRACTICE_PAGE + "?h=invariant#" + question.id)
    answer = page.locator(f"#{question.id} ~ details.answer").first
    expect(answer).to_have_attribute("open", "")  # search-reveal opened the answer holding the term
    expect(page.locator(f'.marks[data-question="{question.id}"]')).to_be_attached()
    loaded = page.evaluate("([id, path]) => StudyAnswers.load(id, path).then(answer => answer.textContent)",
                           [question.id, PRACTICE_PAGE])
    assert "Short answer." in loaded and "# practice" not in loaded  # the worked solution, not the starter
    page.get_by_role("button", name="Quiz this page").click()
    total = len(load_topic_pages(DOCS)[13].questions)
    expect(page.locator(".quiz")).to_contain_text(f"{total} questions from this page")
