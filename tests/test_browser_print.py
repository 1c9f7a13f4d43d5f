"""Printing a week or topic page, with answers or as a worksheet, in real Chromium."""

from __future__ import annotations

import pytest
from conftest import ROOT
from playwright.sync_api import expect
from printed_pages import PrintedPage, cut_off_page_ends, measure_pdf, print_pdf, squash, underfilled
from studysite.site import load_site

pytestmark = pytest.mark.browser
SITE = load_site(ROOT)
CHROME_TEXT = ["Written and tested by the study-guide authors", "Skip to content", "Print worksheet",
               "Initializing search"]  # the search dialog's text until the reader shows intent to search
A4_TEXT_WIDTH = 680  # CSS px: 210 mm less the 15 mm margins of `@page` in site.css


def printed(page) -> list[PrintedPage]:
    return measure_pdf(print_pdf(page))


def all_text(pages: list[PrintedPage]) -> str:
    return squash("".join(page.text for page in pages))


def assert_prints_tight(pages: list[PrintedPage]) -> None:
    """The fill rule: every page but the last at least half full, and no page ends
    with a heading or an answer's label whose content starts only on the next page."""
    assert not underfilled(pages), f"pages less than half full (page, fill): {underfilled(pages)}"
    assert not cut_off_page_ends(pages), f"pages that end before what their last line introduces: {cut_off_page_ends(pages)}"


# A long code block and a long table, which should continue on the next page rather
# than leave one half empty, then many short code blocks (up to 19 lines) and tables
# at varied heights, so that some fall on a page break and must move whole.
STRESS_CONTENT = """() => {
  const article = document.querySelector("article");
  article.replaceChildren();
  const add = (tag, text) => article.appendChild(Object.assign(document.createElement(tag), { textContent: text }));
  const codeBlock = (lines) => {  // marked long as the build marks it (LONG_CODE_LINES)
    const box = article.appendChild(Object.assign(document.createElement("div"), { className: "highlight" }));
    const pre = box.appendChild(document.createElement("pre"));
    pre.classList.toggle("long-code", lines.length >= 20);
    pre.appendChild(document.createElement("code")).textContent = lines.join("\\n");
  };
  const table = (name, rows) => {
    const body = article.appendChild(document.createElement("table")).createTBody();
    for (let row = 0; row < rows; row++) body.insertRow().insertCell().textContent = `${name}_row_${row}`;
  };
  add("p", "A long table starts on the first page.");
  table("long_table", 40);
  add("p", "A long code block starts in the upper half of the second page.");
  codeBlock(Array.from({ length: 90 }, (_, line) => `long_block_line_${line} = ${line}`));
  for (let i = 0; i < 24; i++) {
    add("p", "Filler text to move the next block down the page. ".repeat(3 + (i * 7) % 17));
    if (i % 3 === 2) table(`table_${i}`, 6);
    else codeBlock(Array.from({ length: 8 + i % 12 }, (_, line) => `block_${i}_line_${line} = ${line}`));
  }
}"""


def test_short_code_blocks_and_tables_stay_whole_long_ones_continue(page, site_url):
    page.goto(site_url + "topics/12-data-structures-and-algorithms/")
    page.evaluate(STRESS_CONTENT)
    pages = printed(page)
    texts = [squash(p.text) for p in pages]

    def pages_holding(prefix: str) -> set[int]:
        return {number for number, text in enumerate(texts) if prefix in text}

    for i in range(24):
        unit = f"table_{i}_row_" if i % 3 == 2 else f"block_{i}_line_"
        assert len(pages_holding(unit)) == 1, f"{unit} split over pages {pages_holding(unit)}"
    assert len(pages_holding("long_block_line_")) > 1 and len(pages_holding("long_table_row_")) > 1
    assert not underfilled(pages), underfilled(pages)


def first_words_of_answers(page, ids) -> dict[str, str]:
    """The opening of each answer as the browser renders it (markup already stripped)."""
    return {
        qid: squash(page.locator(f"h3[id='{qid}'] + details.answer > p").first.text_content())[:80]
        for qid in ids
    }


@pytest.mark.parametrize("week", [1, 3, 6])
def test_week_pdf_prints_tight_with_title_focus_every_key_answer_and_no_chrome(page, site_url, week):
    plan_week = SITE.plan.week(week)
    page.goto(site_url + f"weeks/week-{week}/")
    openings = first_words_of_answers(page, plan_week.key_questions)
    pages = printed(page)
    text = all_text(pages)
    assert_prints_tight(pages)
    assert text.startswith(squash(f"Week {week} · {plan_week.focus}")), text[:200]
    for qid, opening in openings.items():
        assert squash(SITE.questions[qid].title.replace("`", "")) in text, qid
        assert opening in text, f"answer of {qid} missing from the PDF"
    for chrome in CHROME_TEXT + [SITE.pages[16].title if 16 not in plan_week.topics else SITE.pages[1].title]:
        assert squash(chrome) not in text, f"'{chrome}' printed"


def test_worksheet_pdf_has_questions_but_no_answers(page, site_url):
    plan_week = SITE.plan.week(1)
    page.goto(site_url + "weeks/week-1/")
    openings = first_words_of_answers(page, plan_week.key_questions)
    page.goto(site_url + "weeks/week-1/?worksheet=1")
    expect(page.locator(".worksheet-notice")).to_be_visible()
    pages = printed(page)
    text = all_text(pages)
    for qid, opening in openings.items():
        assert squash(SITE.questions[qid].title.replace("`", "")) in text
        assert opening not in text, f"worksheet printed the answer of {qid}"
    # Each question stays with its (empty) answer box; the box's label is all the text it has.
    assert not cut_off_page_ends(pages, answer_label=None), cut_off_page_ends(pages, answer_label=None)


def test_print_buttons_on_week_and_topic_pages(page, site_url):
    for path in ("weeks/week-2/", "topics/05-inheritance-and-metaprogramming/"):
        page.goto(site_url + path)
        expect(page.get_by_role("button", name="Print worksheet")).to_be_visible()
        expect(page.get_by_role("button", name="Print with answers")).to_be_visible()
    page.goto(site_url + "study-plan/")
    expect(page.get_by_role("button", name="Print worksheet")).to_have_count(0)


def test_answers_print_even_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "topics/12-data-structures-and-algorithms/")
    question = SITE.pages[12].questions[0]
    opening = squash(page.locator(f"h3[id='{question.id}'] + details.answer > p").first.text_content())[:80]
    pages = printed(page)
    context.close()
    assert opening in all_text(pages)
    assert_prints_tight(pages)


def test_printed_links_show_where_they_point(page, site_url):
    page.goto(site_url + "weeks/week-1/")
    assert squash(f"<{site_url}topics/01-objects-and-functions/") in all_text(printed(page))


def test_code_blocks_wrap_instead_of_being_cut(page, site_url):
    page.goto(site_url + "topics/14-system-design/")
    page.emulate_media(media="print")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    overflowing = page.evaluate(
        "[...document.querySelectorAll('article pre > code')].filter(c => c.scrollWidth > c.clientWidth + 1).length"
    )
    assert overflowing == 0


@pytest.mark.parametrize("javascript", [True, False])
def test_wide_tables_fit_the_paper(browser, site_url, javascript):
    """Page 16's story grid has 11 columns. Wider than the paper, it was cut off (in
    Material's scrolling box) or, without JavaScript, shrank the whole printout."""
    context = browser.new_context(java_script_enabled=javascript, viewport={"width": A4_TEXT_WIDTH, "height": 900})
    page = context.new_page()
    page.goto(site_url + "topics/16-interview-qa/")
    page.emulate_media(media="print")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    widths = page.locator("article table").evaluate_all("tables => tables.map(t => t.getBoundingClientRect().width)")
    context.close()
    assert len(widths) > 1 and max(widths) <= A4_TEXT_WIDTH, widths
