"""Render the study plan as Markdown: the table, the home summary, week headers.

Plain functions of (site, page path) so that tests call them without MkDocs.
Links are relative to the page that includes the output, as MkDocs expects.
"""

from __future__ import annotations

import json
import posixpath
import re

from .pagedata import json_data
from .site import Site

WEEK_PAGE = "weeks/week-{}.md"


def link(from_page: str, target: str) -> str:
    """A relative link from one docs page to another (both relative to docs/)."""
    return posixpath.relpath(target, posixpath.dirname(from_page) or ".")


def url_path(page: str) -> str:
    """Where MkDocs serves a docs page, from the site root: ``topics/08-asyncio.md`` -> ``topics/08-asyncio/``."""
    stem = page.removesuffix(".md")
    return stem.removesuffix("index") if stem == "index" or stem.endswith("/index") else stem + "/"


def hours(minutes: int) -> str:
    value = minutes / 60
    return f"{value:g} h" if value >= 1 else f"{minutes} min"


def topic_title(site: Site, question) -> str:
    """Title of the topic page a question lives on."""
    return next(page.title for page in site.pages.values() if page.path == question.page)


def topic_link(site: Site, number: int, from_page: str) -> str:
    page = site.pages[number]
    count = len(page.questions)
    return f"[{page.title}]({link(from_page, page.path)}) ({count} question{'s' * (count != 1)})"


def routine_summary(site: Site) -> str:
    parts = ", ".join(f"{item.activity} {hours(item.minutes)}" for item in site.plan.daily_routine)
    return f"{parts} ({hours(site.plan.minutes_per_day)} a day, {site.plan.days_per_week} days a week)"


def study_plan_table(site: Site, from_page: str) -> str:
    plan = site.plan
    weekly = hours(plan.minutes_per_day * plan.days_per_week)
    rows = [
        "| Week | Focus | Topic pages | Time | Your progress |",
        "|---|---|---|---|---|",
    ]
    for week in plan.weeks:
        topics = "<br>".join(topic_link(site, number, from_page) for number in week.topics)
        week_cell = f"[Week {week.number}]({link(from_page, WEEK_PAGE.format(week.number))})"
        progress = progress_placeholder(week_question_ids(site, week.number), f"Week {week.number}", "span")
        rows.append(f"| {week_cell} | {week.focus} | {topics} | {weekly} | {progress} |")
    return "\n".join(rows)


def routine_table(site: Site) -> str:
    rows = ["| Activity | Time | What to do |", "|---|---|---|"]
    for item in site.plan.daily_routine:
        rows.append(f"| {item.activity} | {hours(item.minutes)} | {item.what} |")
    return "\n".join(rows)


def plan_summary(site: Site, from_page: str) -> str:
    """The home page's short version of the plan: one line per week."""
    lines = []
    for week in site.plan.weeks:
        numbers = ", ".join(f"{number:02d}" for number in week.topics)
        target = link(from_page, WEEK_PAGE.format(week.number))
        lines.append(
            f"{week.number}. [**{week.focus}**]({target}): topic pages {numbers}, "
            f"{site.week_question_count(week.number)} questions"
        )
    return "\n".join(lines)


def week_description(site: Site, number: int) -> str:
    """The week page's meta description, from the plan data."""
    week = site.plan.week(number)
    numbers = ", ".join(f"{topic:02d}" for topic in week.topics)
    return (f"Week {week.number} of the six-week Python interview plan: {week.focus}. "
            f"Goals, topic pages {numbers}, a daily routine and the key questions with answers.")


def week_header(site: Site, number: int, from_page: str) -> str:
    """Title, goals, topic pages, daily routine and checklist of one week."""
    week = site.plan.week(number)
    total = len(site.plan.weeks)
    parts = [
        f"# Week {week.number} · {week.focus}",
        "",
        f"Week {week.number} of {total}: **{week.focus}**. "
        f"{site.week_question_count(number)} questions across {len(week.topics)} topic pages; "
        f"daily routine: {routine_summary(site)}.",
        "",
        progress_placeholder(week_question_ids(site, number), f"Week {number}"),
        "",
        "## Goals",
        "",
        *[f"- {goal}" for goal in week.goals],
        "",
        "## Topic pages",
        "",
        *[f"- {topic_link(site, topic, from_page)}" for topic in week.topics],
        "",
        "## Daily routine",
        "",
        routine_table(site),
        "",
        "## Day by day",
        "",
        day_by_day(site, number, from_page),
        "",
        "## Checklist",
        "",
        '<div class="checklist" markdown>',
        "",
        *[f"- Answer every question on {site.pages[topic].title} before revealing it" for topic in week.topics],
        *[f"- {item.activity}: {hours(item.minutes)} on each of {site.plan.days_per_week} days"
          for item in site.plan.daily_routine],
        *([f"- Say the {len(week.key_questions)} key questions aloud in under two minutes each"]
          if week.key_questions else []),
        "",
        "</div>",
    ]
    return "\n".join(parts)


_LINK_TARGET = re.compile(r"\]\((?P<target>[^)\s]+)\)")
_FENCE = re.compile(r"^\s*(```|~~~)")


def rebase_links(markdown: str, from_page: str, to_page: str) -> str:
    """Rewrite relative links written on ``from_page`` so they work on ``to_page``.

    A copied answer keeps pointing where its author meant: ``08-asyncio.md#x``
    on a topic page becomes ``../topics/08-asyncio.md#x`` on a week page, and a
    same-page ``#x`` points back to the topic page. Code blocks are left alone.
    """
    base = posixpath.dirname(from_page)

    def rewrite(match: re.Match) -> str:
        target = match.group("target")
        if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("/"):
            return match.group(0)
        path, _, anchor = target.partition("#")
        absolute = from_page if not path else posixpath.normpath(posixpath.join(base, path))
        new = link(to_page, absolute) + (f"#{anchor}" if anchor else "")
        return f"]({new})"

    lines, in_fence = [], False
    for line in markdown.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
        lines.append(line if in_fence else _LINK_TARGET.sub(rewrite, line))
    return "\n".join(lines)


def _indent(markdown: str) -> str:
    return "\n".join(f"    {line}" if line.strip() else "" for line in markdown.splitlines())


def key_questions_sheet(site: Site, number: int, from_page: str) -> str:
    """The week's key questions with their answers, copied from the topic pages by id.

    The copies carry ``data-search-exclude`` so that search returns each
    question once, on its topic page.
    """
    week = site.plan.week(number)
    if not week.key_questions:
        return ""
    parts = [
        "## Key questions { data-search-exclude }",
        "",
        "Answer each one aloud before you reveal it. The answers are the same as on the topic pages.",
    ]
    for qid in week.key_questions:
        question = site.questions[qid]
        source = f"{link(from_page, question.page)}#{qid}"
        parts += [
            "",
            f'### {question.title} {{ #{qid} data-difficulty="{question.difficulty}" data-search-exclude }}',
            "",
            '??? answer "Answer"',
            _indent(rebase_links(question.answer, question.page, from_page)),
            "",
            f"    *From [{topic_title(site, question)}]({source}).*",
        ]
    return "\n".join(parts)


# -- the daily routine tracker (routine.js ticks the boxes) -------------------

def routine_key(week: int, day: int, activity: str) -> str:
    return f"w{week}d{day}/{activity}"


def routine_box(week: int, day: int, activity: str) -> str:
    # Disabled until routine.js has read the reader's ticks: a box that cannot be saved is not offered.
    return (f'<input type="checkbox" class="routine-box" data-routine="{routine_key(week, day, activity)}" '
            f'aria-label="Week {week}, day {day}: {activity} done" disabled>')


def day_by_day(site: Site, number: int, from_page: str) -> str:
    """The week's study days: what to drill (when the plan says) and a box per routine activity."""
    week = site.plan.week(number)
    activities = [item.activity for item in site.plan.daily_routine]
    drill = bool(week.days)
    rows = ["| Day | " + ("Drill | " if drill else "") + " | ".join(activities) + " |",
            "|---|" + ("---|" if drill else "") + "---|" * len(activities)]
    for day in range(1, site.plan.days_per_week + 1):
        cells = [f"Day {day}"]
        if drill:
            plan_day = week.days[day - 1] if day <= len(week.days) else None
            links = ", ".join(f"[{site.questions[qid].title}]({link(from_page, site.questions[qid].page)}#{qid})"
                              for qid in (plan_day.questions if plan_day else ()))
            cells.append((plan_day.drill + (f": {links}" if links else "")) if plan_day else "Review and catch up")
        cells += [routine_box(number, day, activity) for activity in activities]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


def routine_today(site: Site, from_page: str) -> str:
    """The home page's tracker: routine.js shows the reader's first unfinished day."""
    activities = [item.activity for item in site.plan.daily_routine]
    weeks_url = "../" * url_path(from_page).count("/") + "weeks/"
    data = json.dumps({"weeks": len(site.plan.weeks), "days": site.plan.days_per_week,
                       "activities": activities, "weeksUrl": weeks_url})
    boxes = " ".join(f"<label>{routine_box(1, 1, activity)} {activity}</label>" for activity in activities)
    return (f"<div class=\"routine-today\" data-routine-plan='{data}'>"
            f'<p class="routine-today__day"><a href="{weeks_url}week-1/">Week 1, day 1</a></p>'
            f'<p class="routine-today__boxes">{boxes}</p></div>')


# -- study tools: progress placeholders, the review index, the deck list ------
# The browser fills these in from localStorage (marks.js, review.js); the ids
# they carry come from the parser, so no page needs to fetch anything.

def progress_placeholder(ids: list[str], label: str, element: str = "p") -> str:
    joined = " ".join(ids)
    return f'<{element} class="progress" data-progress-ids="{joined}" data-progress-label="{label}"></{element}>'


def week_question_ids(site: Site, number: int) -> list[str]:
    return [q.id for topic in site.plan.week(number).topics for q in site.pages[topic].questions]


def overall_progress(site: Site) -> str:
    return progress_placeholder(list(site.questions), "All questions")


def question_index(site: Site) -> str:
    """JSON the Review page reads: id -> [title, page URL from the site root, difficulty, topic]."""
    index = {
        q.id: [q.title, url_path(q.page), q.difficulty, topic_title(site, q)]
        for q in site.questions.values()
    }
    return json_data("question-index", index)


def deck_table(site: Site, from_page: str) -> str:
    """The Anki page's downloads: one deck per week and one with everything."""
    from .anki import ALL_DECK_FILE, WEEK_DECK_FILE

    # Raw HTML links are not rewritten by MkDocs: relative to the page's URL, e.g. anki/ -> ../decks/.
    base = "../" * url_path(from_page).count("/") + "decks/"
    rows = ["| Deck | Questions | Download |", "|---|---|---|"]
    for week in site.plan.weeks:
        file = WEEK_DECK_FILE.format(week.number)
        rows.append(f"| Week {week.number} · {week.focus} | {site.week_question_count(week.number)} | "
                    f'<a href="{base}{file}" download>{file}</a> |')
    rows.append(f"| Everything | {site.question_count} | "
                f'<a href="{base}{ALL_DECK_FILE}" download>{ALL_DECK_FILE}</a> |')
    return "\n".join(rows)


def offline_control() -> str:
    """The "Make available offline" control (home and Review pages). Written at build
    time, disabled, so nothing shifts; offline-control.js asks the offline worker for
    the sizes and what is stored, and brings it to life."""
    return (
        '<div id="offline-control" class="offline-control" data-search-exclude>'
        '<p class="offline-control__status" role="status">Storing the guide for offline reading needs JavaScript.</p>'
        '<p class="offline-control__decks"><label><input type="checkbox" disabled> Include the Anki decks '
        '<span class="offline-control__decks-size"></span></label></p>'
        '<p><button type="button" class="md-button md-button--primary offline-control__store" disabled>'
        "Make available offline</button></p>"
        '<p class="offline-control__progress" hidden><progress max="1" value="0" aria-label="Offline download">'
        "</progress> <span></span></p>"
        "</div>"
    )
