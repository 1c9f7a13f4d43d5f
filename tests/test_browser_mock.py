"""The mock-interview mode and the daily routine tracker, in real Chromium.

Drawing and scoring run on the real mock.js; a 30-minute coding mock is walked
through its phases with Playwright's clock, scored, kept, exported and imported;
the interviewer link shows the packet for the same prompts on another device."""

from __future__ import annotations

import json
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import ROOT
from playwright.sync_api import expect
from studysite.mock import prompt_pool
from studysite.site import load_site

pytestmark = pytest.mark.browser
SITE = load_site(ROOT)
KEY = "pyguide.progress"
MOCK = "mock-interview/"
CODING = next(round_ for round_ in SITE.rounds if round_.id == "coding")


def stored(page) -> dict:
    return json.loads(page.evaluate(f"localStorage.getItem('{KEY}')") or "{}")


def start_mock(page, round_name: str, minutes: int, difficulty: str = "Any"):
    setup = page.locator("#mock-setup")
    setup.get_by_role("radio", name=round_name, exact=True).check()
    setup.get_by_role("radio", name=f"{minutes} minutes").check()
    setup.get_by_role("radio", name=difficulty, exact=True).check()
    setup.get_by_role("button", name="Start the mock").click()
    expect(page.locator("#mock-session")).to_be_visible()


# -- drawing and scoring, on the real mock.js ----------------------------------

def test_draws_are_seeded_reproducible_and_never_repeat_the_last_mock(page, site_url):
    page.goto(site_url + MOCK)
    expect(page.get_by_role("button", name="Start the mock")).to_be_enabled()
    result = page.evaluate("""() => {
        const data = JSON.parse(document.getElementById("mock-data").dataset.json);
        const out = {};
        for (const round of data.rounds) {
            const ids = (seed, level = "any") => MockInterview.draw(round, level, seed).map((p) => p[0]);
            let previous = ids("first"), repeats = 0;
            for (let i = 0; i < 25; i++) {
                const next = ids(MockInterview.newSeed(round, "any", previous));
                if (next.some((id) => previous.includes(id))) repeats++;
                previous = next;
            }
            out[round.id] = {count: round.count, a: ids("seed-1"), again: ids("seed-1"), b: ids("seed-2"),
                             senior: ids("seed-1", "senior"), repeats,
                             levels: Object.fromEntries(round.prompts.map((p) => [p[0], p[3]]))};
        }
        return out;
    }""")
    assert set(result) == {round_.id for round_ in SITE.rounds}  # every round type
    for round_id, draws in result.items():
        assert len(draws["a"]) == draws["count"] == len(set(draws["a"])), round_id  # distinct prompts
        assert draws["a"] == draws["again"], round_id  # the same seed draws the same prompts
        assert draws["repeats"] == 0, round_id  # a new mock never repeats the last one's prompts
        pool = {q.id for q in prompt_pool(next(r for r in SITE.rounds if r.id == round_id), SITE.pages)}
        assert set(draws["a"]) <= pool and set(draws["senior"]) <= pool
        seniors = [qid for qid, level in draws["levels"].items() if level == "senior"]
        if len(seniors) >= draws["count"]:
            assert all(draws["levels"][qid] == "senior" for qid in draws["senior"]), round_id
    assert any(draws["a"] != draws["b"] for draws in result.values())  # seeds matter


def test_the_scorer_handles_every_round_type(page, site_url):
    page.goto(site_url + MOCK)
    scores = page.evaluate("""() => {
        const data = JSON.parse(document.getElementById("mock-data").dataset.json);
        return data.rounds.map((round) => {
            const all = Object.fromEntries(round.rubric.map(([name], i) => [name, (i % 4) + 1]));
            const one = {[round.rubric[0][0]]: 3, "not a dimension": 4};
            return [round.id, round.rubric.length, MockInterview.score(round.rubric, all),
                    MockInterview.score(round.rubric, one), MockInterview.score(round.rubric, {})];
        });
    }""")
    for round_id, dimensions, full, partial, empty in scores:
        expected = round(sum((i % 4) + 1 for i in range(dimensions)) / dimensions, 1)
        assert full == expected, round_id
        assert partial == 3, round_id  # only scored dimensions count; unknown names are ignored
        assert empty is None, round_id


# -- a whole mock ------------------------------------------------------------------

def test_a_timed_coding_mock_from_start_to_history_export_and_import(browser, site_url, tmp_path):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.clock.install()
    page.goto(site_url + MOCK)
    start_mock(page, "Coding", 30)
    expect(page).to_have_url(re.compile(r"round=coding&length=30&difficulty=any&seed=\w+&view=candidate"))
    prompt_id = page.locator(".mock-prompts li").first.get_attribute("data-prompt")
    assert prompt_id in {q.id for q in prompt_pool(CODING, SITE.pages)}
    expect(page.locator(".mock-packet")).to_have_count(0)  # the candidate sees the prompt only
    phases = dict(CODING.phases[30])
    current = page.locator(".mock-phases li[aria-current=step]")
    expect(current).to_contain_text("Introduction")
    announcer = page.locator(".mock-announcer")

    page.clock.run_for(phases["Introduction"] * 60_000 + 1000)
    expect(current).to_contain_text("Clarify")
    expect(announcer).to_have_text(f"Introduction is over. Next: Clarify, {phases['Clarify']} minutes.")

    page.get_by_role("button", name="Pause").click()
    left = page.locator(".mock-timer__left").text_content()
    page.clock.run_for(10 * 60_000)  # paused: the phase does not move
    expect(page.locator(".mock-timer__left")).to_have_text(left)
    expect(current).to_contain_text("Clarify")
    page.get_by_role("button", name="Resume").click()

    page.clock.run_for(30 * 60_000)
    expect(announcer).to_contain_text("Time is up: 30 minutes.")
    score = page.locator(".mock-score")
    expect(score).to_be_visible()
    for index, (dimension, _) in enumerate(CODING.rubric):
        score.get_by_role("group", name=dimension).get_by_role("radio").nth(2 if index % 2 else 3).check()
    score.get_by_role("checkbox").first.check()  # missed: to the review queue
    score.get_by_label("Notes").fill("Clarified well; forgot the empty input.")
    score.get_by_role("button", name="Save the score").click()
    expected = round(sum(3 if i % 2 else 4 for i in range(len(CODING.rubric))) / len(CODING.rubric), 1)
    expect(score).to_contain_text(f"Overall {expected} / 4")
    mocks = stored(page)["mocks"]
    assert len(mocks) == 1
    mock = next(iter(mocks.values()))
    assert mock["round"] == "coding" and mock["length"] == 30 and mock["overall"] == expected
    assert mock["missed"] == [prompt_id] and mock["notes"].startswith("Clarified")
    assert stored(page)["questions"][prompt_id]["review"] is True  # the same store and marks

    page.reload()
    history = page.locator("#mock-history")
    expect(history.locator("tbody tr")).to_have_count(1)
    expect(history).to_contain_text(f"Coding: {expected}")
    page.goto(site_url + "review/")
    expect(page.locator(f"#review-queue li[data-question='{prompt_id}']")).to_have_count(0)  # due tomorrow
    with page.expect_download() as download:
        page.get_by_role("button", name="Export progress").click()
    exported = tmp_path / "progress.json"
    download.value.save_as(exported)
    assert json.loads(exported.read_text())["mocks"] == mocks
    context.close()
    assert errors == []

    fresh = browser.new_context()
    page = fresh.new_page()
    page.goto(site_url + "review/")
    page.locator("#import-progress").set_input_files(str(exported))
    expect(page.locator(".progress-status")).to_contain_text("and 1 mock interview")
    page.goto(site_url + MOCK)
    expect(page.locator("#mock-history tbody tr")).to_have_count(1)
    fresh.close()


def test_the_interviewer_link_shows_the_same_prompts_with_the_packet_and_rubric(browser, site_url):
    candidate = browser.new_context().new_page()
    candidate.goto(site_url + MOCK)
    start_mock(candidate, "System design", 45)
    prompts = candidate.locator(".mock-prompts > li").evaluate_all("items => items.map((i) => i.dataset.prompt)")
    candidate.locator("summary", has_text="Links for this mock").click()
    link = candidate.get_by_role("link", name="interviewer view").get_attribute("href")
    assert "view=interviewer" in link

    other_device = browser.new_context()  # no shared storage: the URL alone carries the mock
    page = other_device.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(link)
    expect(page.locator(".mock-view")).to_contain_text("Interviewer view")
    assert page.locator(".mock-prompts > li").evaluate_all("items => items.map((i) => i.dataset.prompt)") == prompts
    packet = page.locator(".mock-packet__body").first
    expect(packet).to_be_visible()
    question = SITE.questions[prompts[0]]
    first_words = " ".join(re.sub(r"[*`\[\]]", "", question.answer).split()[:3])
    expect(packet).to_contain_text(first_words.split()[0])
    expect(page.locator(".mock-rubric tbody tr")).to_have_count(
        len(next(r for r in SITE.rounds if r.id == "system-design").rubric))
    other_device.close()
    candidate.context.close()
    assert errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_on_the_mock_page_in_every_state(browser, site_url, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()

    def axe() -> list:
        # Back to the top, where the header shows the site name (its swap to the page
        # title on scroll is animated, and a half-faded title is not what readers see).
        page.evaluate("window.scrollTo(0, 0)")
        page.wait_for_timeout(500)
        return Axe().run(page).response["violations"]

    page.goto(site_url + MOCK)
    found = axe()
    start_mock(page, "Behavioral", 30)
    page.goto(page.url.replace("view=candidate", "view=interviewer"))
    expect(page.locator(".mock-packet__body").first).to_be_visible()
    found += axe()
    page.get_by_role("button", name="End and score").click()
    expect(page.locator(".mock-score")).to_be_visible()
    found += axe()
    context.close()
    assert found == [], json.dumps([(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in found])


def test_the_mock_works_with_the_keyboard_after_instant_navigation(page, site_url):
    page.goto(site_url)
    page.locator("nav.md-nav a[href$='mock-interview/']").first.click()  # instant navigation
    expect(page).to_have_url(re.compile(r"mock-interview/$"))
    start = page.get_by_role("button", name="Start the mock")
    expect(start).to_be_enabled()
    start.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#mock-session-title")).to_be_focused()
    expect(page.locator(".mock-prompts li")).to_have_count(CODING.prompts)


# -- the daily routine tracker -------------------------------------------------------

def test_the_daily_routine_is_ticked_on_home_kept_and_shown_on_the_week_page(page, site_url):
    activities = [item.activity for item in SITE.plan.daily_routine]
    page.goto(site_url)
    today = page.locator(".routine-today")
    expect(today.locator(".routine-today__day")).to_have_text("Week 1, day 1")
    for activity in activities:
        box = today.get_by_role("checkbox", name=f"Week 1, day 1: {activity} done")
        expect(box).to_be_enabled()
        box.check()
    assert stored(page)["routine"].keys() == {f"w1d1/{activity}" for activity in activities}
    page.reload()
    expect(today.locator(".routine-today__day")).to_have_text("Week 1, day 2")  # the next unfinished day
    page.goto(site_url + "weeks/week-1/")
    for activity in activities:
        expect(page.get_by_role("checkbox", name=f"Week 1, day 1: {activity} done")).to_be_checked()
        expect(page.get_by_role("checkbox", name=f"Week 1, day 2: {activity} done")).not_to_be_checked()
    page.get_by_role("checkbox", name=f"Week 1, day 2: {activities[0]} done").check()
    page.reload()
    expect(page.get_by_role("checkbox", name=f"Week 1, day 2: {activities[0]} done")).to_be_checked()
    exported = json.loads(page.evaluate("StudyStore.exportText()"))
    assert exported["routine"][f"w1d2/{activities[0]}"]["done"] is True


def test_the_week_4_page_says_what_to_drill_each_day(page, site_url):
    page.goto(site_url + "weeks/week-4/")
    rows = page.locator("table:has(th:text('Drill')) tbody tr")
    expect(rows).to_have_count(SITE.plan.days_per_week)
    for day, plan_day in enumerate(SITE.plan.week(4).days):
        expect(rows.nth(day)).to_contain_text(plan_day.drill)
        link = rows.nth(day).locator(f"a[href$='#{plan_day.questions[0]}']")
        expect(link).to_have_count(1)


def test_the_scorecard_prints_without_the_controls(page, site_url):
    from io import BytesIO

    from pypdf import PdfReader

    page.goto(site_url + MOCK)
    start_mock(page, "Coding", 30)
    title = page.locator(".mock-prompts > li .mock-prompt").first.text_content()
    page.get_by_role("button", name="End and score").click()
    form = page.locator(".mock-score")
    form.get_by_role("group", name=CODING.rubric[0][0]).get_by_role("radio").nth(2).check()
    form.get_by_label("Notes").fill("Printed notes survive.")
    text = " ".join(page_.extract_text() for page_ in PdfReader(BytesIO(page.pdf(format="A4"))).pages)
    text = " ".join(text.split())
    for dimension, _ in CODING.rubric:
        assert dimension in text
    assert " ".join(title.split())[:40] in text
    assert "Start the mock" not in text and "Your mock interviews" not in text  # controls and history stay off paper
