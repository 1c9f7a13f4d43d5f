"""Search that scales: the index loads when the reader shows intent to search
(overrides/main.html), holds the prose and the names code uses, not code-block
noise (scripts/studysite/searchindex.py), and answers first from the question
titles while the whole index builds (search-worker.js). Real build, real Chromium."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from conftest import ANSWER_TEXT_IN_RESULTS, ROOT, best_result, search
from playwright.sync_api import expect
from studysite.site import load_site

pytestmark = pytest.mark.browser
SITE = load_site(ROOT)
INDEX = "search/search_index.json"
TOPIC = "topics/08-asyncio/"


def index_requests(page) -> list[str]:
    return [url for url in page.request_log.urls if url.endswith(INDEX)]


def result_ids(page, term: str) -> list[str]:
    """The question ids of every result for a query, from the whole index."""
    search(page, "GIL")  # returns once results come from the whole index
    box = page.locator("input[data-md-component='search-query']")
    meta = page.locator(".md-search-result__meta")
    box.fill("")
    box.press("End")  # Material reads the query on keyup
    expect(meta).to_have_text("Type to start searching")
    box.fill(term)  # the whole term at once: no results for a part of it to wait out
    box.press("End")
    expect(meta).to_have_text(re.compile("matching document"))
    links = page.locator(".md-search-result__item a.md-search-result__link")
    return [urlsplit(links.nth(i).get_attribute("href")).fragment for i in range(links.count())]


def test_a_page_does_not_fetch_the_search_index_until_the_reader_shows_intent(page, site_url):
    page.goto(site_url + TOPIC, wait_until="networkidle")
    page.wait_for_timeout(1000)  # Material would have requested it when its bundle ran
    assert index_requests(page) == []
    expect(page.locator(".md-search-result__meta")).to_have_text("Initializing search")


@pytest.mark.parametrize("intent", ["pointer over the search box", "the / shortcut", "a tap on the search button"])
def test_intent_to_search_fetches_the_index_and_search_works(browser, site_url, intent):
    mobile = intent == "a tap on the search button"
    context = browser.new_context(viewport={"width": 390, "height": 800} if mobile else {"width": 1280, "height": 900},
                                  has_touch=mobile)
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_url + TOPIC, wait_until="networkidle")
    with page.expect_request(re.compile(re.escape(INDEX) + "$")):
        if intent == "pointer over the search box":
            page.hover(".md-search__form")
        elif intent == "the / shortcut":
            page.keyboard.press("/")
        else:
            page.tap("label.md-header__button[for='__search']")
    expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching", timeout=15000)
    page.locator("input[data-md-component='search-query']").type("GIL")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    assert [url for url in requested if url.endswith(INDEX)] == [site_url + INDEX]  # once
    context.close()


def record_results(page):
    """Log every rendering of the results: how many, and whether they show answers' text."""
    page.evaluate(
        """(answerText) => {
            const list = document.querySelector('.md-search-result__list');
            window.__renderings = [];
            new MutationObserver(() => window.__renderings.push({
                results: list.querySelectorAll('.md-search-result__item').length,
                answers: !!list.querySelector(answerText),
            })).observe(list, {childList: true, subtree: true});
        }""",
        ANSWER_TEXT_IN_RESULTS,
    )


def type_before_the_index_arrives(page, term: str):
    """Open search and type a query while the index's response is held back, so that
    the whole query is waiting when the first index is ready."""
    held = []
    page.route(re.compile(re.escape(INDEX) + "$"), lambda route: held.append(route))
    page.keyboard.press("/")
    page.keyboard.type(term)
    while not held:
        page.wait_for_timeout(50)
    held[0].continue_()


def test_first_results_come_from_the_titles_then_from_the_answers(page, site_url):
    page.goto(site_url + TOPIC, wait_until="networkidle")
    record_results(page)
    type_before_the_index_arrives(page, "GIL")
    expect(page.locator(ANSWER_TEXT_IN_RESULTS).first).to_be_attached(timeout=15000)
    shown = [rendering for rendering in page.evaluate("window.__renderings") if rendering["results"]]
    assert not shown[0]["answers"], "the first results should come from the question titles"
    assert shown[-1]["answers"]


def hold_the_whole_index(page):
    """Hold back the second worker's copy of Material's search worker, so the whole
    index cannot be built until the returned function is called."""
    requests = []

    def route(request):
        requests.append(request)
        if len(requests) == 1:  # the first worker's, which builds the titles' index
            request.continue_()

    page.route(re.compile(r"/workers/search\.[0-9a-f]+\.min\.js$"), route)

    def release():
        assert len(requests) == 2, f"expected two search workers, saw {len(requests)}"
        requests[1].continue_()
    return release


def test_queries_are_answered_from_the_titles_while_the_whole_index_builds(page, site_url):
    release = hold_the_whole_index(page)
    page.goto(site_url + TOPIC, wait_until="networkidle")
    record_results(page)
    page.keyboard.press("/")
    expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching", timeout=15000)
    page.keyboard.type("GIL")
    expect(page.locator(".md-search-result__meta")).to_have_text(re.compile(r"^\d+ matching documents$"))
    page.keyboard.type(" release")
    titles_only = page.locator(".md-search-result__item a.md-search-result__link[href$='#gil-release-cpu-vs-io']")
    expect(titles_only).to_be_visible()
    assert not page.locator(ANSWER_TEXT_IN_RESULTS).count()
    release()
    expect(page.locator(ANSWER_TEXT_IN_RESULTS).first).to_be_attached(timeout=30000)
    expect(page.locator("input[data-md-component='search-query']")).to_have_value("GIL release")


ANSWER_ONLY_TERM = "mod_wsgi"  # in two answers, in no title


def test_a_term_only_in_answers_typed_at_once_gets_results_when_the_whole_index_is_built(page, site_url):
    assert not [q for q in SITE.questions.values() if ANSWER_ONLY_TERM in q.title.lower()]
    assert [q for q in SITE.questions.values() if ANSWER_ONLY_TERM in q.answer]
    page.goto(site_url + TOPIC, wait_until="networkidle")
    type_before_the_index_arrives(page, ANSWER_ONLY_TERM)  # the titles find nothing; no key follows
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=15000)
    expect(page.locator(".md-search-result__meta")).to_have_text(re.compile(r"^\d+ matching documents?$"))


def test_a_link_from_search_highlights_its_terms_on_a_fresh_load(page, site_url):
    # ?h= needs the index's separator: the index is fetched at once, with no intent shown.
    page.goto(site_url + "topics/03-runtime-typing-and-packaging/?h=GIL#gil")
    answer = page.locator("h3[id='gil'] + details.answer")
    expect(answer).to_have_attribute("open", "")
    expect(answer.locator("mark[data-md-highlight]").first).to_be_visible()
    assert len(index_requests(page)) == 1


@pytest.mark.parametrize("term, question_id", [
    ("GIL", None),
    ("MRO", None),
    ("consistent hashing", "consistent-hashing"),
    ("RAG", None),
])
def test_search_lands_on_a_question_about_the_term(page, site_url, term, question_id):
    page.goto(site_url)
    target = best_result(search(page, term))
    found = urlsplit(target.get_attribute("href")).fragment
    assert found in SITE.questions, f"best result #{found} for {term!r} is not a question"
    assert term.lower() in SITE.questions[found].title.lower()
    if question_id:
        assert found == question_id
    target.click()
    expect(page.locator(f"h3[id='{found}']")).to_be_in_viewport()


CODE_ONLY_NAME = ("RateLimiter", "bool-and-call-dunders")  # a class the answer's code defines
CODE_COMMENT_WORD = "overlapped"  # only in code comments, printed output and a string


def test_a_name_used_only_in_code_still_finds_its_answer(page, site_url):
    name, question_id = CODE_ONLY_NAME
    answer = SITE.questions[question_id].answer
    assert name in answer and name not in re.sub(r"```.*?```", "", answer, flags=re.S), \
        f"precondition: {name} must appear in #{question_id}'s code only"
    page.goto(site_url)
    assert question_id in result_ids(page, name)


def test_words_in_code_comments_strings_and_output_are_not_indexed(page, site_url, built_site):
    sources = "\n".join(path.read_text(encoding="utf-8") for path in (ROOT / "docs").rglob("*.md"))
    prose = re.sub(r"```.*?```", "", sources, flags=re.S)
    assert CODE_COMMENT_WORD in sources and CODE_COMMENT_WORD not in prose, \
        f"precondition: {CODE_COMMENT_WORD!r} must appear in code blocks only"
    page.goto(site_url)
    assert result_ids(page, CODE_COMMENT_WORD) == []
