"""The real `mkdocs build --strict`, and assertions on the HTML it writes."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from conftest import DOCS, ROOT, run_mkdocs_build
from studysite.site import load_site

SITE = load_site(ROOT)


def soup(built_site, page: str) -> BeautifulSoup:
    return BeautifulSoup(built_site.html(page), "html.parser")


def test_strict_build_has_zero_warnings(built_site):
    warnings = [line for line in built_site.log.splitlines() if "WARNING" in line or "ERROR" in line]
    assert warnings == []


def test_study_plan_table_equals_the_data(built_site):
    table = soup(built_site, "study-plan.md").select_one("article table")
    rows = table.select("tbody tr")
    assert len(rows) == len(SITE.plan.weeks)
    for row, week in zip(rows, SITE.plan.weeks):
        cells = row.find_all("td")
        assert cells[0].get_text(strip=True) == f"Week {week.number}"
        assert cells[0].a["href"] == f"../weeks/week-{week.number}/"
        assert cells[1].get_text(strip=True) == week.focus
        links = cells[2].find_all("a")
        assert [a.get_text(strip=True) for a in links] == [SITE.pages[n].title for n in week.topics]
        for number in week.topics:
            count = len(SITE.pages[number].questions)
            assert f"({count} question{'s' * (count != 1)})" in cells[2].get_text()


def test_every_week_page_exists_with_its_header(built_site):
    for week in SITE.plan.weeks:
        page = soup(built_site, f"weeks/week-{week.number}.md")
        assert page.h1.get_text(strip=True).rstrip("¶") == f"Week {week.number} · {week.focus}"
        text = page.select_one("article").get_text(" ", strip=True)
        for goal in week.goals:
            assert goal in text
        for item in SITE.plan.daily_routine:
            assert item.activity in text
        linked = {a["href"] for a in page.select("article a[href]")}
        for number in week.topics:
            assert "../../" + SITE.pages[number].path.removesuffix(".md") + "/" in linked


def test_home_page_summarises_the_plan(built_site):
    page = soup(built_site, "index.md")
    text = page.select_one("article").get_text(" ", strip=True)
    assert f"{SITE.question_count} interview questions" in text
    for week in SITE.plan.weeks:
        assert week.focus in text


@pytest.mark.parametrize("number", range(1, 17))
def test_every_question_is_a_heading_with_id_then_a_closed_answer(built_site, number):
    topic = SITE.pages[number]
    page = soup(built_site, topic.path)
    headings = page.select("article h3")
    assert [h["id"] for h in headings] == [q.id for q in topic.questions]
    for heading, question in zip(headings, topic.questions):
        assert heading["data-difficulty"] == question.difficulty
        answer = heading.find_next_sibling()
        if question.practice:  # a practice problem's starter and its Run tests controls come first
            assert answer.name == "div" and "practice" in answer["class"], f"#{question.id} lost its starter"
            answer = answer.find_next_sibling()
        assert answer.name == "details", f"#{question.id} is not followed by a <details>"
        assert "answer" in answer["class"]
        assert not answer.has_attr("open"), f"#{question.id} answer is open by default"
        assert answer.summary.get_text(strip=True) == ("Worked solution" if question.practice else "Answer")


def test_question_ids_are_unique_across_the_built_site(built_site):
    ids = []
    for number in range(1, 17):
        ids += [h["id"] for h in soup(built_site, SITE.pages[number].path).select("article h3[id]")]
    assert len(ids) == len(set(ids)) == SITE.question_count


def test_no_page_loads_anything_from_another_host(built_site):
    # Static check on every page: scripts, styles, fonts and images are local.
    for html in built_site.directory.rglob("*.html"):
        for tag in BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").select("script[src], link[href], img[src]"):
            url = tag.get("src") or tag.get("href")
            if tag.name == "link" and tag.get("rel") in (["canonical"], ["alternate"]):
                continue
            assert not re.match(r"^(https?:)?//", url), f"{html}: {tag}"


def test_every_page_has_its_styles_inline_and_every_local_asset_exists(built_site):
    # Our styles and Material's palette ship inline (one fewer round trip before first
    # paint); what a page still links must be in the site, or the page is unstyled.
    for html in built_site.directory.rglob("*.html"):
        page = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        stylesheets = [link["href"] for link in page.select("link[rel=stylesheet]")]
        assert len(stylesheets) == 1 and "/main." in stylesheets[0], f"{html}: {stylesheets}"
        own = page.select_one("style#study-site-styles")
        assert own and "details.answer" in own.text and "@media print" in own.text, html
        for tag in page.select("script[src], link[rel=stylesheet], link[rel=icon]"):
            url = (tag.get("src") or tag.get("href")).split("?")[0]
            target = (built_site.directory / url.lstrip("/")) if url.startswith("/") else (html.parent / url)
            assert target.resolve().is_file(), f"{html}: {url} is not in the site"


def test_a_broken_plan_fails_the_build_with_a_clear_message(tmp_path):
    # Copy the project, break the plan, and build: the macro error must stop it.
    import shutil

    project = tmp_path / "project"
    for name in ("docs", "data", "scripts", "overrides"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project)
    plan = project / "data" / "study-plan.yml"
    plan.write_text(plan.read_text().replace("topics: [12, 13]", "topics: [12, 99]"))
    result = run_mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    assert result.returncode != 0
    assert "study-plan.yml: week 4, field 'topics': unknown topic page 99 (topic pages: 01-16)" in result.stdout + result.stderr


def test_every_page_has_title_description_and_canonical_url(built_site):
    pages = [p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")]
    for page in pages:
        head = soup(built_site, page).head
        title = head.title.get_text(strip=True)
        assert title and "Python Interview Study Guide" in title, page
        description = head.find("meta", attrs={"name": "description"})["content"]
        assert 50 <= len(description) <= 200, f"{page}: description of {len(description)} characters"
        assert head.find("link", rel="canonical")["href"].startswith("http"), page
    descriptions = [soup(built_site, p).head.find("meta", attrs={"name": "description"})["content"] for p in pages]
    assert len(set(descriptions)) == len(pages), "pages share a meta description"


def test_sitemap_lists_every_page(built_site):
    sitemap = (built_site.directory / "sitemap.xml").read_text()
    assert sitemap.count("<url>") == len(list(DOCS.rglob("*.md")))


def copy_of_the_project(tmp_path):
    import shutil

    project = tmp_path / "project"
    for name in ("docs", "data", "scripts", "overrides"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project)
    return project


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "data/study-plan.yml", "topics: [12, 13]", "topics: [12, 99]",
            "data/study-plan.yml: week 4, field 'topics': unknown topic page 99 (topic pages: 01-16)",
        ),
        (
            "docs/topics/16-interview-qa.md", "{ #qa-is-vs-equality data-difficulty",
            "{ #qa is-vs-equality data-difficulty",
            "topics/16-interview-qa.md:15: question heading 'What is the difference between `is` and `==`?' "
            "has a stray 'is-vs-equality'",
        ),
    ],
    ids=["plan", "question page"],
)
def test_an_authoring_mistake_ends_the_build_with_one_clear_line_and_no_traceback(tmp_path, file, old, new, message):
    # `make build` and `make serve` run mkdocs: the message must be the last thing printed.
    project = copy_of_the_project(tmp_path)
    broken = project / file
    text = broken.read_text(encoding="utf-8")
    assert old in text
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = run_mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    last_line = result.stdout.strip().splitlines()[-1]
    assert last_line.startswith("Error: ") and message in last_line, output


def test_no_table_has_an_empty_header_cell(built_site):
    # axe's empty-table-header: a screen reader announces each column by its header.
    for page in sorted(built_site.directory.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        empty = re.findall(r"<th\b[^>]*>\s*</th>", html)
        assert not empty, f"{page.relative_to(built_site.directory)}: {len(empty)} empty table header cells"
